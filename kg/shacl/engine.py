"""A SHACL engine that runs the shapes as set-oriented SPARQL over the store (`kg validate`'s default).

pySHACL (the reference, `--engine pyshacl`) walks every focus node in Python over an rdflib copy
of the graph and re-parses each SHACL-SPARQL query per focus node. This engine compiles the
shapes graph once and asks the store (pyoxigraph, through `Store.select`) for the violating rows
of each (shape, constraint component) in ONE query covering all focus nodes:

    SELECT ?this ?value WHERE { <focus nodes of the shape> ?this <path> ?value FILTER(<fails>) }

so its cost is a few hundred set-oriented queries, whatever the number of focus nodes.

Design (docs/validation.md has the long version):
- Focus nodes are a SPARQL pattern (`Focus.pattern(var)`), never a Python list: targets
  (sh:targetClass with rdfs:subClassOf*, sh:targetSubjectsOf, sh:targetObjectsOf, sh:targetNode,
  implicit class targets), the union of the parents' focus nodes for a property shape reached
  through sh:property, or "the value nodes of those focus nodes that still need checking" for
  nested shapes (sh:node, sh:or, sh:and, sh:xone, sh:not, sh:qualifiedValueShape).
- Each value-level component compiles to two SPARQL expressions over a value node: `passes`
  (true only if the value surely conforms) and `fails` (true only if it surely does not). Where
  SPARQL's semantics provably coincide with pySHACL's (sh:class, sh:nodeKind, sh:languageIn,
  counts...) the two are complements; elsewhere (ill-typed literals against sh:datatype, non-
  numeric values against sh:minInclusive, regular-expression dialects) the query returns the
  few undecided rows and a Python port of pySHACL's own check decides them. Nested shapes are
  inlined into these expressions (a correlated EXISTS per property shape), so sh:or / sh:not
  over simple shapes cost one query; undecided values are re-checked exactly, by running the
  nested shape's own component queries on just those values.
- sh:sparql: $this is pre-bound by joining the SELECT's WHERE clause with the focus-node pattern
  (plus ?this added to the projection and the GROUP BY), $PATH is substituted, $currentShape is
  bound; queries with an aggregate but no GROUP BY, or with LIMIT/OFFSET, run once per focus
  node (VALUES ?this) because their meaning is per focus node.
- Conformance of nested shapes follows pySHACL as kg.validation calls it (allow_warnings=True): a
  nested shape whose severity is sh:Warning or sh:Info always conforms; a value failing sh:node
  also brings the nested shape's own results (pySHACL's sh:detail, which kg's report lists).

Results are the `kg.shacl.report.Finding`s pySHACL's report gives (severity, named source shape,
focus, path, value, message); a shape using a component this engine does not support fails
with a KgError naming the shape and the component, before any query runs.
"""
from __future__ import annotations

import re

from ..errors import KgError
from ..iris import compact
from ..store.embedded import Store, Term
from .components.base import Component, Row
from .components.custom import CustomC
from .components.shape_based import NestedC
from .components.sparql_based import SparqlC
from .focus import Focus, TargetFocus, UnionFocus, ValuesFocus
from .report import Finding
from .shapes import Shape, read_shapes
from .sparql_text import RDF, RDFS, SH, and_, iri, literal, not_, or_, path_pattern, repeats
from .terms import rdflib_term, term_text

# kg validate runs pySHACL with allow_warnings=True: a nested shape of these severities conforms.
# `kg shacl` follows the spec: a node conforms to a shape only if it gets no result of any severity.
ALLOWED_SEVERITIES = {SH + "Warning", SH + "Info"}


class Engine:
    """Compiled shapes; `validate(store)` gives the findings."""

    def __init__(self, shapes_graph, allow_warnings: bool = True, shapes_graph_iri: str | None = None):
        import rdflib

        self.shapes_graph_iri = shapes_graph_iri  # where the store holds the shapes graph ($shapesGraph)
        self.allowed = ALLOWED_SEVERITIES if allow_warnings else set()
        self.sg = shapes_graph
        self.R = rdflib
        self.shapes: dict = read_shapes(shapes_graph)  # node -> Shape
        self._n = 0
        self.store: Store | None = None
        self._dg = None

    # -- writing queries ------------------------------------------------------------------------------
    def fresh(self) -> str:
        self._n += 1
        return f"?_v{self._n}"

    def term(self, node) -> str:
        R = self.R
        if isinstance(node, R.URIRef):
            return iri(str(node))
        if isinstance(node, R.Literal):
            return literal(str(node), str(node.datatype) if node.datatype else None, node.language)
        raise KgError(f"a blank node of the shapes graph cannot be used here ({node})")

    # -- running ------------------------------------------------------------------------------------
    def select(self, q: str, substitutions: dict | None = None):
        try:
            return self.store.select(q, substitutions=substitutions)
        except KgError as exc:
            raise KgError(f"SHACL query failed: {exc}") from exc

    def instances(self, cls: str, var: str) -> str:
        """A pattern: `var` is a SHACL instance of `cls` (rdf:type/rdfs:subClassOf*)."""
        sub = self._subclasses(cls)
        if sub is None:
            return f"{var} {iri(RDF + 'type')}/{iri(RDFS + 'subClassOf')}* {iri(cls)} ."
        if len(sub) == 1:
            return f"{var} {iri(RDF + 'type')} {iri(cls)} ."
        t = self.fresh()
        return f"VALUES {t} {{ {' '.join(iri(c) for c in sorted(sub))} }} {var} {iri(RDF + 'type')} {t} ."

    def _subclasses(self, cls: str):
        if self._down is None:
            self._down = {}
            rows = self.select(f"SELECT DISTINCT ?s ?o WHERE {{ ?s {iri(RDFS + 'subClassOf')} ?o }}").rows
            for sub, sup in rows:
                self._down.setdefault(sup, set()).add(sub)
        seen, todo = {Term.iri(cls)}, [Term.iri(cls)]
        while todo:
            for sub in self._down.get(todo.pop(), ()):
                if sub not in seen:
                    seen.add(sub)
                    todo.append(sub)
        if any(t.kind != "uri" for t in seen):
            return None
        return {t.value for t in seen}

    def evaluate(self, shape: Shape, comp: Component, focus: Focus) -> list[Row]:
        if not comp.value_level:
            return comp.evaluate(self, focus)
        value = "?value" if shape.is_property else "?this"
        p, f = comp.passes(self, value), comp.fails(self, value)
        keep = f"FILTER(!COALESCE({p}, false))" if p is not None else ""
        sure = f"(COALESCE({f}, false) AS ?sure)" if f is not None else ""
        if shape.is_property and focus.broad and not repeats(shape.path):
            # hashed pairs, copied into ?value so that the engine tests only the focus nodes' values
            # (a filter on ?value alone would be pushed into the sub-select, over every pair)
            pair = self.fresh()
            values = f"{path_pattern('?this', shape.path, pair, True)} BIND({pair} AS ?value)"
        else:
            values = shape.value_pattern("?this", "?value")
        q = (f"SELECT DISTINCT ?this {value if shape.is_property else ''} {sure} WHERE {{ "
             f"{focus.pattern(self, '?this', False)} {values} {keep} }}")
        rows = self.select(q)
        has_sure = f is not None
        failing, undecided = [], []
        for r in rows.rows:
            this = r[0]
            v = r[1] if shape.is_property else this
            sure_fail = has_sure and r[-1] is not None and r[-1].value == "true"
            (failing if sure_fail else undecided).append((this, v))
        if undecided:
            def still(var):
                return and_([not_(comp.passes(self, var) or "false"), not_(comp.fails(self, var) or "false")])

            cand = ValuesFocus(focus, shape.path if shape.is_property else None, still)
            bad = comp.judge(self, {v for _, v in undecided}, cand)
            failing += [(t, v) for t, v in undecided if v in bad]
        return [Row(t, v) for t, v in failing]

    def failing(self, shape: Shape, focus: Focus, mode: str, _stack=()) -> set:
        """Focus nodes that do not conform to `shape` ("conform") or get any result ("results")."""
        if shape.deactivated or (mode == "conform" and shape.severity in self.allowed):
            return set()
        if shape in _stack:
            raise KgError(f"{shape.label}: recursive shapes are not supported (sparql engine)")
        out = set()
        for c in shape.components:
            out |= {r.focus for r in self.evaluate(shape, c, focus)}
        for p in shape.properties:
            if not shape.is_property:
                out |= self.failing(p, focus, mode, _stack + (shape,))
                continue
            bad = self.failing(p, ValuesFocus(focus, shape.path), mode, _stack + (shape,))
            if bad:
                pairs = self.select(f"SELECT DISTINCT ?t ?v WHERE {{ {focus.pattern(self, '?t')} "
                                    f"?t {shape.path} ?v }}").rows
                out |= {t for t, v in pairs if v in bad}
        return out

    def shape_pass(self, s: Shape, x: str, mode: str, _stack=()) -> str:
        """SPARQL expression: true only if `x` surely conforms to `s` (mode "results": has no result)."""
        if s.deactivated or (mode == "conform" and s.severity in self.allowed):
            return "true"
        if s in _stack or len(_stack) > 8:
            return "false"
        parts = []
        for c in s.components:
            e = self._comp_pass(s, c, x, _stack + (s,))
            if e is None:
                return "false"
            parts.append(e)
        for p in s.properties:
            if s.is_property:
                return "false"
            parts.append(self.shape_pass(p, x, mode, _stack + (s,)))
        return and_(parts)

    def shape_fail(self, s: Shape, x: str, mode: str, _stack=()) -> str:
        """SPARQL expression: true only if `x` surely does not conform to `s` (or surely has results)."""
        if s.deactivated or (mode == "conform" and s.severity in self.allowed):
            return "false"
        if s in _stack or len(_stack) > 8:
            return "false"
        parts = [e for c in s.components if (e := self._comp_fail(s, c, x, _stack + (s,))) is not None]
        if not s.is_property:
            parts += [self.shape_fail(p, x, mode, _stack + (s,)) for p in s.properties]
        return or_(parts)

    def _comp_pass(self, s, c, x, stack):
        if not c.value_level:
            return c.inline_pass(self, x)
        if not s.is_property:
            return c.passes(self, x)
        v = self.fresh()
        e = c.passes(self, v)
        return None if e is None else f"NOT EXISTS {{ {x} {s.path} {v} FILTER(!COALESCE({e}, false)) }}"

    def _comp_fail(self, s, c, x, stack):
        if not c.value_level:
            return c.inline_fail(self, x)
        if not s.is_property:
            return c.fails(self, x)
        v = self.fresh()
        e = c.fails(self, v)
        return None if e is None else f"EXISTS {{ {x} {s.path} {v} FILTER(COALESCE({e}, false)) }}"

    # -- messages -------------------------------------------------------------------------------------
    def shape_str(self, node) -> str:
        try:
            from pyshacl.rdfutil import stringify_node

            if not isinstance(node, self.R.term.Node):
                node = self.R.URIRef(node)
            return stringify_node(self.sg, node)
        except Exception:  # noqa: BLE001 - pySHACL's wording is a nicety, never an error
            return compact(str(node))

    def data_str(self, term: Term | None) -> str:
        """A data node as pySHACL's generic messages write it (a blank node: its description)."""
        if term is None:
            return "None"
        try:
            from pyshacl.rdfutil import stringify_node

            return stringify_node(self._data_graph(bnodes=term.kind == "bnode"), rdflib_term(term))
        except Exception:  # noqa: BLE001 - pySHACL's wording is a nicety, never an error
            return term_text(term) or ""

    def literal_str(self, lit) -> str:
        try:
            from pyshacl.rdfutil import stringify_node

            return stringify_node(self._data_graph(), lit)
        except Exception:  # noqa: BLE001
            return str(lit)

    def _data_graph(self, bnodes: bool = False):
        """An rdflib graph with pySHACL's namespace bindings; with `bnodes`, every triple whose subject
        is a blank node (what pySHACL's description of a blank node reads), fetched once."""
        if self._dg is None:
            self._dg = self.R.Graph()
        if bnodes and not getattr(self._dg, "_kg_bnodes", False):
            rows = self.select("SELECT ?s ?p ?o WHERE { ?s ?p ?o FILTER(isBlank(?s)) }").rows
            for row in rows:
                self._dg.add(tuple(rdflib_term(t) for t in row))
            self._dg._kg_bnodes = True
        return self._dg

    def _message(self, shape: Shape, comp: Component, row: Row) -> str:
        if isinstance(comp, (SparqlC, CustomC)):
            messages = list(comp.messages) + list(shape.messages)
        else:
            messages = list(shape.messages)
        if messages:
            msg = str(messages[0])
            if row.bindings is not None:
                for var, val in row.bindings.items():
                    msg = re.sub("{[?$]%s}" % re.escape(var), lambda _m, v=term_text(val): v or "", msg)
            return msg
        generic = comp.generic_message(self, row)
        return generic if generic else f"fails {compact(row.component or comp.iri)}"

    # -- validation ---------------------------------------------------------------------------------
    def top_focus(self) -> dict:
        """Every shape evaluated on its own: the union of its targets and its parents' focus nodes."""
        parts = {s: [TargetFocus(s)] for s in self.shapes.values() if s.has_targets and not s.deactivated}
        focus: dict = {}  # through sh:property, parents first

        def resolve(s, stack=()):
            if s in focus:
                return focus[s]
            if s in stack:
                raise KgError(f"{s.label}: recursive sh:property is not supported (sparql engine)")
            srcs = list(parts.get(s, []))
            for parent in s.parents:
                if parent.deactivated:
                    continue
                pf = resolve(parent, stack + (s,))
                if pf is not None:
                    srcs.append(pf if not parent.is_property else ValuesFocus(pf, parent.path))
            focus[s] = UnionFocus(srcs) if srcs else None
            return focus[s]

        for s in self.shapes.values():
            if not s.deactivated:
                resolve(s)
        return {s: f for s, f in focus.items() if f is not None and not s.deactivated}

    def _collect(self, shape: Shape, focus: Focus, out: dict, with_properties: bool, _stack=(),
                 nested: bool = False) -> None:
        """Add the results of `shape`'s components on `focus`, with what pySHACL adds to them: the
        results of the shape an sh:node points to, for each value that fails it (pySHACL nests them
        as sh:detail, and kg's report lists every sh:ValidationResult), and, for such a nested
        shape, the results of its property shapes."""
        if shape.deactivated:
            return
        if shape in _stack:
            raise KgError(f"{shape.label}: recursive shapes are not supported (sparql engine)")
        if shape.nullable and shape.components:
            self._zero_length_focus(shape, focus)
        for c in shape.components:
            rows = self.evaluate(shape, c, focus)
            for row in rows:
                finding = self._finding(shape, c, row, nested)
                out[(finding, finding.key, nested)] = finding  # a shape's own result and its copy as a detail
            if rows and isinstance(c, NestedC) and c.kind == "node":
                member = c.members[0]
                failed = ValuesFocus(focus, shape.path if shape.is_property else None,
                                     lambda var, m=member: not_(self.shape_pass(m, var, "results")))
                self._collect(member, failed, out, True, _stack + (shape,), nested=True)
        if with_properties:
            for p in shape.properties:
                self._collect(p, ValuesFocus(focus, shape.path) if shape.is_property else focus, out, True,
                              _stack + (shape,), nested)

    def _zero_length_focus(self, shape: Shape, focus: Focus) -> None:
        """A path that can be of length zero gives a focus node itself as a value, even one the data
        does not mention; the set-oriented queries would find no value for such a node: refuse."""
        rows = self.select(f"SELECT ?this WHERE {{ {focus.pattern(self, '?this')} "
                           f"FILTER NOT EXISTS {{ {{ ?this ?_p ?_o }} UNION {{ ?_s ?_p ?this }} }} }} LIMIT 1").rows
        if rows:
            raise KgError(f"{shape.label}: a path that can be of length zero ({shape.path}) from a focus node the "
                          f"data does not mention ({term_text(rows[0][0])}) is not supported (sparql engine); "
                          "use --engine pyshacl")

    def _repeated(self, findings: dict) -> dict:
        """A property shape reached along several routes (two parents, one parent reaching the same
        node through two of its values...) is validated once per route, as SHACL's recursive
        definition does: its results repeat as often (the same result twice in the report)."""
        memo: dict = {}
        out = {}
        for (finding, key, nested), f in findings.items():
            out[(finding, key, nested)] = f
            shape = self.shapes.get(f.shape)
            if f.nested or shape is None or f.focus_term is None or not self._routes_may_repeat(shape):
                continue
            for n in range(1, self._routes(shape, f.focus_term, memo)):
                out[(finding, f"{key} #{n + 1}", nested)] = f
        return out

    def _routes_may_repeat(self, shape: Shape) -> bool:
        live = [p for p in shape.parents if not p.deactivated]
        return len(live) + shape.has_targets > 1 or any(p.is_property for p in live)

    def _routes(self, shape: Shape, node: Term, memo: dict) -> int:
        """How many ways `node` becomes a focus node of `shape`: its own targets, and each parent's."""
        if (shape, node) in memo:
            return memo[(shape, node)]
        memo[(shape, node)] = 0  # a cycle adds nothing
        n = 0
        if shape.has_targets and self.select(f"SELECT ?this WHERE {{ {TargetFocus(shape).pattern(self, '?this')} }}",
                                             substitutions={"this": node}).rows:
            n += 1
        for parent in shape.parents:
            if parent.deactivated:
                continue
            if not parent.is_property:
                n += self._routes(parent, node, memo)
                continue
            rows = self.select(f"SELECT ?x ?this WHERE {{ ?x {parent.path} ?this }}", substitutions={"this": node}).rows
            n += sum(self._routes(parent, x, memo) for x, _ in rows)
        memo[(shape, node)] = n
        return n

    def _finding(self, shape: Shape, comp: Component, row: Row, nested: bool = False) -> Finding:
        """The result a row stands for, with the W3C report's terms (source shape and component, the
        path node of the shapes graph, the data graph's focus node and value)."""
        path = row.path if row.path is not None else (Term.iri(shape.path_iri) if shape.path_iri else None)
        path_node = rdflib_term(row.path) if row.path is not None else shape.path_node
        component = row.component or comp.iri
        constraint = comp.node if isinstance(comp, SparqlC) else None
        key = " ".join(x.n3() if x is not None else "-" for x in (row.focus, row.value, path))
        key += f" {shape.components.index(comp) if comp in shape.components else -1}"  # sh:class A, sh:class B
        if row.bindings and not isinstance(comp, SparqlC):  # one result per pair (lessThan), per language...
            key += " " + " ".join(f"{k}={v.n3()}" for k, v in sorted(row.bindings.items()) if v is not None)
        return Finding(
            severity=shape.severity.rsplit("#", 1)[-1],
            source=shape.source,
            focus=term_text(row.focus),
            path=term_text(path) if path is not None and path.kind != "bnode" else None,
            value=term_text(row.value),
            message=self._message(shape, comp, row),
            key=f"{shape.node.n3()} {component} {constraint.n3() if constraint is not None else '-'} {key}",
            component=component, shape=shape.node, focus_term=row.focus, value_term=row.value,
            path_node=path_node, constraint=constraint, severity_iri=shape.severity, nested=nested)

    def validate(self, store: Store) -> list:
        self.store, self._down, self._n, self._dg = store, None, 0, None
        findings: dict = {}  # distinct results (by their text and their terms) -> Finding
        from ..progress import progress

        try:
            for s, focus in progress(list(self.top_focus().items()), desc="validating", unit="shape"):
                self._collect(s, focus, findings, with_properties=False)  # property shapes: top_focus
            findings = self._repeated(findings)
        finally:
            self.store = None
        return sorted(findings.values(), key=lambda f: (f.severity, f.source, f.focus or "", f.path or "",
                                                        f.value or "", f.message, f.key))


def run_sparql_shacl(store: Store, shapes_graph, allow_warnings: bool = True, shapes_graph_iri: str | None = None) -> list:
    """Validate the store's graph (union of its named graphs) against an rdflib shapes graph. With
    `allow_warnings` (kg validate, pySHACL's option), a nested shape of severity Warning or Info
    conforms; `shapes_graph_iri` names the store's graph holding the shapes, for $shapesGraph."""
    return Engine(shapes_graph, allow_warnings, shapes_graph_iri).validate(store)
