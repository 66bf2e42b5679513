// The review page of `kg review` (kg/web/review.py): the article's text with the proposed facts
// highlighted, one form per fact (accept, correct, reject), facts added from a selection of the text,
// the article's organisations, and Save. Offsets are Unicode code points, as the server counts them.
// Every value is put into the page as text (textContent, .value), never as markup.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("review-data").textContent);
  const text = data.text;
  const points = Array.from(text);  // code points: the server's offsets
  const LABELS = {pledges: "pledge", emissions: "emission figure", partners: "partner", people: "person",
                  initiatives: "initiative"};
  const DECISIONS = [["accept", "Accept"], ["correct", "Correct"], ["reject", "Reject"]];
  let facts = data.facts.map((f, i) => Object.assign({}, f, {id: i + 1, status: "pending"}));
  let selection = null;  // {quote, start}: the last selection made inside the text

  function el(tag, attrs, children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === null || v === undefined || v === false) continue;
      if (k === "text") node.textContent = v;
      else if (k === "class") node.className = v;
      else node.setAttribute(k, v === true ? "" : v);
    }
    for (const c of children || []) node.append(c);
    return node;
  }

  // -- the text with its marks ---------------------------------------------------------------------
  function renderText() {
    const box = document.getElementById("article-text");
    const live = facts.filter(f => f.end > f.start);
    const bounds = new Set([0, points.length]);
    live.forEach(f => { bounds.add(f.start); bounds.add(f.end); });
    const cuts = Array.from(bounds).sort((a, b) => a - b);
    box.replaceChildren();
    for (let i = 0; i + 1 < cuts.length; i++) {
      const a = cuts[i], b = cuts[i + 1];
      const piece = points.slice(a, b).join("");
      const over = live.filter(f => f.start <= a && f.end >= b);
      if (!over.length) { box.append(document.createTextNode(piece)); continue; }
      const state = over.some(f => f.status === "pending") ? "pending"
        : over.some(f => f.status !== "reject") ? "kept" : "reject";
      const mark = el("mark", {class: "fact-mark is-" + state, "data-facts": over.map(f => f.id).join(" "),
                               title: over.map(f => "fact " + f.id).join(", ")}, [piece]);
      mark.addEventListener("click", () => {
        const form = document.getElementById("fact-" + over[0].id);
        if (form) { form.scrollIntoView({block: "center"}); form.querySelector("input, select").focus(); }
      });
      box.append(mark);
    }
  }

  // -- fact forms ----------------------------------------------------------------------------------
  function field(fact, name, kind) {
    const id = `fact-${fact.id}-${name}`;
    let input;
    if (kind.startsWith("choice:")) {
      input = el("select", {id, name});
      input.append(el("option", {value: "", text: "—"}));
      for (const v of data.choices[kind.slice(7)] || []) input.append(el("option", {value: v, text: v.replace(/_/g, " ")}));
    } else if (kind === "year") {
      input = el("input", {id, name, type: "number", min: 1900, max: 2100, step: 1, class: "year"});
    } else if (kind === "number" || kind === "percent") {
      input = el("input", {id, name, type: "text", inputmode: "decimal", class: "number"});
    } else {
      input = el("input", {id, name, type: "text", list: kind === "org" ? "fact-orgs" : null});
    }
    const value = fact[name];
    input.value = value === null || value === undefined ? "" : String(value);
    const changed = () => {
      if (fact[name] === input.value || (input.value === "" && (fact[name] === null || fact[name] === undefined))) return;
      fact[name] = input.value;
      if (fact.status !== "add") setStatus(fact, "correct");
      if (kind === "org") renderOrgList();
    };
    input.addEventListener("input", changed);
    input.addEventListener("change", changed);
    return el("label", {class: "field", for: id}, [name.replace(/_/g, " "), input]);
  }

  function factForm(fact) {
    const form = el("form", {class: "fact-form is-" + fact.status, id: "fact-" + fact.id,
                             "data-kind": fact.kind, "aria-labelledby": `fact-${fact.id}-h`});
    form.addEventListener("submit", e => e.preventDefault());
    const heading = el("h3", {id: `fact-${fact.id}-h`, text: `Fact ${fact.id}: ${LABELS[fact.kind] || fact.kind}` +
                                                      (fact.status === "add" ? " (added)" : "")});
    const quote = el("blockquote", {class: "fact-quote", text: fact.evidence});
    const fields = el("div", {class: "fields"}, data.fields[fact.kind].map(([n, k]) => field(fact, n, k)));
    const choices = el("fieldset", {class: "decision"}, [el("legend", {text: "Decision"})]);
    const decisions = fact.status === "add" ? [["add", "Keep"], ["reject", "Remove"]] : DECISIONS;
    for (const [value, label] of decisions) {
      const id = `fact-${fact.id}-${value}`;
      const radio = el("input", {type: "radio", name: "decision", value, id, checked: fact.status === value});
      radio.addEventListener("change", () => setStatus(fact, value));
      choices.append(el("label", {for: id, class: "choice"}, [radio, " " + label]));
    }
    form.append(heading, quote, fields, choices);
    return form;
  }

  function setStatus(fact, status) {
    fact.status = status;
    const form = document.getElementById("fact-" + fact.id);
    if (form) {
      form.className = "fact-form is-" + status;
      const radio = form.querySelector(`input[name=decision][value=${status}]`);
      if (radio) radio.checked = true;
    }
    renderText();
    renderCounts();
  }

  function renderFacts() {
    const box = document.getElementById("facts");
    box.replaceChildren(...facts.map(factForm));
    renderCounts();
  }

  function renderCounts() {
    const n = s => facts.filter(f => f.status === s).length;
    document.getElementById("fact-counts").textContent =
      `${facts.length} facts: ${n("accept")} accepted, ${n("correct")} corrected, ${n("add")} added, ` +
      `${n("reject")} rejected, ${n("pending")} undecided (left out when saving).`;
  }

  // -- adding a fact from a selection --------------------------------------------------------------
  function readSelection() {
    const box = document.getElementById("article-text");
    const sel = window.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    const range = sel.getRangeAt(0);
    if (!box.contains(range.startContainer) || !box.contains(range.endContainer)) return;
    const before = document.createRange();
    before.selectNodeContents(box);
    before.setEnd(range.startContainer, range.startOffset);
    const quote = range.toString();
    if (!quote.trim()) return;
    const start = Array.from(before.toString()).length;
    selection = {quote, start};
    document.getElementById("selection-quote").textContent = quote;
    document.getElementById("selection-panel").hidden = false;
  }

  function addFact() {
    if (!selection) return;
    const kind = document.getElementById("selection-kind").value;
    const fact = {kind, evidence: selection.quote, start: selection.start,
                  end: selection.start + Array.from(selection.quote).length, id: facts.length + 1, status: "add"};
    for (const [name] of data.fields[kind]) fact[name] = null;
    facts.push(fact);
    document.getElementById("facts").append(factForm(fact));
    renderText();
    renderCounts();
    selection = null;
    document.getElementById("selection-panel").hidden = true;
    const form = document.getElementById("fact-" + fact.id);
    form.scrollIntoView({block: "center"});
    form.querySelector("input, select").focus();
  }

  // -- organisations -------------------------------------------------------------------------------
  function orgRow(org) {
    const row = el("tr", {class: "org"});
    const name = el("input", {type: "text", name: "name", "aria-label": "Name"});
    name.value = org.name || "";
    const aliases = el("input", {type: "text", name: "aliases", "aria-label": "Aliases"});
    aliases.value = (org.aliases || []).join(", ");
    const kind = el("select", {name: "kind", "aria-label": "Kind"});
    for (const v of data.choices.kind || []) kind.append(el("option", {value: v, text: v.replace(/_/g, " ")}));
    kind.value = org.kind || "company";
    const same = el("input", {type: "text", name: "same_as", list: "graph-orgs", "aria-label": "Same as",
                              placeholder: "new organisation"});
    same.value = org.same_as || "";
    name.addEventListener("input", renderOrgList);
    row.append(el("td", {}, [name]), el("td", {}, [aliases]), el("td", {}, [kind]), el("td", {}, [same]));
    return row;
  }

  function readOrgs() {
    return Array.from(document.querySelectorAll("#orgs tbody tr")).map(row => ({
      name: row.querySelector("[name=name]").value, kind: row.querySelector("[name=kind]").value,
      aliases: row.querySelector("[name=aliases]").value.split(",").map(s => s.trim()).filter(Boolean),
      same_as: row.querySelector("[name=same_as]").value})).filter(o => o.name.trim());
  }

  function renderOrgList() {
    const names = new Set(readOrgs().map(o => o.name));
    facts.forEach(f => ["org", "partner"].forEach(k => { if (f[k]) names.add(f[k]); }));
    data.graph_orgs.forEach(o => names.add(o.label));
    document.getElementById("fact-orgs").replaceChildren(...Array.from(names).map(n => el("option", {value: n})));
  }

  // -- save ----------------------------------------------------------------------------------------
  function review() {
    const value = id => document.getElementById(id).value;
    const orgs = readOrgs();
    const known = new Set(orgs.flatMap(o => [o.name, ...o.aliases]));
    facts.forEach(f => ["org", "partner"].forEach(k => {  // a name typed in a fact and nowhere else: a new organisation
      const graphName = data.graph_orgs.find(o => o.label === f[k]);
      if (f[k] && !known.has(f[k]) && f.status !== "reject" && f.status !== "pending") {
        known.add(f[k]);
        orgs.push({name: f[k], aliases: [], kind: "company", same_as: graphName ? graphName.label : ""});
      }
    }));
    return {article: {headline: value("article-headline"), label: value("article-label"),
                      language: value("article-language"), published: value("article-published")},
            organisations: orgs,
            facts: facts.map(f => Object.assign({}, f, {id: undefined, end: undefined}))};
  }

  function show(result) {
    const box = document.getElementById("result");
    box.replaceChildren();
    if (!result.ok) {
      box.append(el("p", {class: "flag save-error", text: result.error}));
      return;
    }
    box.append(el("p", {class: result.conforms ? "save-ok" : "flag save-failed",
                        text: (result.conforms ? "Saved; the project validates. " : "Saved, but validation fails. ") + result.summary}));
    box.append(el("p", {text: `${result.facts} facts saved, ${result.left_out} left out.`}));
    box.append(el("ul", {class: "written"}, result.written.map(w => el("li", {}, [el("code", {text: w})]))));
    for (const n of result.notes || []) box.append(el("p", {class: "note", text: n}));
    if (result.findings && result.findings.length) {
      box.append(el("ul", {class: "findings"}, result.findings.map(f => el("li", {class: "is-" + f.severity.toLowerCase(),
        text: `${f.severity}: ${f.focus ? f.focus + ": " : ""}${f.message}`}))));
    }
  }

  async function save() {
    const button = document.getElementById("save");
    button.disabled = true;
    document.getElementById("result").replaceChildren(el("p", {text: "Saving and validating…"}));
    try {
      const response = await fetch("/review/save", {method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-Review-Token": data.token},
        body: JSON.stringify(review())});
      const type = response.headers.get("Content-Type") || "";
      show(type.startsWith("application/json") ? await response.json()
        : {ok: false, error: (await response.text()).trim()});
    } catch (err) {
      show({ok: false, error: "the server did not answer: " + err});
    } finally {
      button.disabled = false;
    }
  }

  // -- start ---------------------------------------------------------------------------------------
  document.getElementById("article-headline").value = data.article.headline || "";
  document.getElementById("article-language").value = data.article.language || "";
  document.getElementById("article-published").value = data.article.published || "";
  const kinds = document.getElementById("selection-kind");
  for (const k of Object.keys(data.fields)) kinds.append(el("option", {value: k, text: LABELS[k] || k}));
  document.getElementById("graph-orgs").replaceChildren(
    ...data.graph_orgs.map(o => el("option", {value: o.label, text: o.curie})));
  document.querySelector("#orgs tbody").replaceChildren(...data.organisations.map(orgRow));
  document.getElementById("add-org").addEventListener("click", () => {
    document.querySelector("#orgs tbody").append(orgRow({name: "", aliases: [], kind: "company"}));
  });
  document.addEventListener("selectionchange", readSelection);
  document.getElementById("article-text").addEventListener("mouseup", readSelection);
  document.getElementById("add-fact").addEventListener("click", addFact);
  document.getElementById("save").addEventListener("click", save);
  renderText();
  renderFacts();
  renderOrgList();
})();
