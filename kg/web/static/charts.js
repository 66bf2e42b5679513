/* Draws every chart of the page: each <script type="application/json" class="chart-spec"> holds a
   Vega-Lite spec (data inline) for the element named by its data-for attribute. SVG, no actions menu, and
   Vega's expression interpreter instead of generated code (ast: true), so no eval is needed. Safe to load
   twice: a chart is drawn once. Without JavaScript the table beside each chart holds the same data. */
(function () {
  "use strict";
  function draw() {
    var blocks = document.querySelectorAll("script.chart-spec[type='application/json']");
    Array.prototype.forEach.call(blocks, function (block) {
      var target = document.getElementById(block.getAttribute("data-for"));
      if (!target || target.getAttribute("data-drawn")) {
        return;
      }
      target.setAttribute("data-drawn", "1");
      if (typeof window.vegaEmbed !== "function") {
        target.textContent = "The chart could not be drawn (its scripts did not load); the table below holds its data.";
        return;
      }
      var spec = JSON.parse(block.textContent);
      window.vegaEmbed(target, spec, {mode: "vega-lite", renderer: "svg", actions: false, ast: true})
        .catch(function (error) {
          target.textContent = "The chart could not be drawn (" + error.message + "); the table below holds its data.";
        });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
}());
