"""Reading the shapes graph (rdflib) into Shapes, each with its compiled constraint components."""
from __future__ import annotations

from ..errors import KgError
from ..iris import compact
from .components.base import Component
from .components.cardinality import MaxCountC, MinCountC
from .components.other import ClosedC, HasValueC, InC
from .components.property_pair import PairC
from .components.shape_based import NestedC, QualifiedC
from .components.custom import component_instances
from .components.sparql_based import SparqlC
from .components.string_based import LanguageInC, LengthC, PatternC, UniqueLangC
from .components.value_range import RANGE, RangeC
from .components.value_type import ClassC, DatatypeC, NodeKindC
from .report import named_shape
from .sparql_text import OWL, RDF, RDFS, SH, iri, path_pattern
from .terms import is_bnode

# Constraint parameters (sh: local names) this engine evaluates; anything else in the sh:
# namespace on a shape that is not listed in _NOT_CONSTRAINTS is an unsupported component.
SUPPORTED = {
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "flags", "languageIn",
    "uniqueLang", "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or", "xone",
    "node", "property", "qualifiedValueShape", "qualifiedMinCount", "qualifiedMaxCount",
    "qualifiedValueShapesDisjoint", "closed", "ignoredProperties", "hasValue", "in", "sparql",
}
_NOT_CONSTRAINTS = {
    "targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path", "severity",
    "message", "deactivated", "name", "description", "order", "group", "defaultValue",
}
_COMPONENT_OF = {  # parameter -> constraint component, for error messages
    "target": "sh:target (SPARQL-based / custom targets)", "rule": "sh:rule (SHACL rules)",
    "expression": "sh:expression (node expressions)", "js": "sh:js (SHACL-JS)",
}


class Shape:
    """One node or property shape of the shapes graph, compiled."""

    def __init__(self, node, label: str):
        self.node = node
        self.label = label  # for error messages
        self.is_property = False
        self.path_node = None
        self.path: str | None = None  # SPARQL property path
        self.path_iri: str | None = None  # the path when it is a single IRI (reported as sh:resultPath)
        self.nullable = False  # the path can be of length zero (p*, p?...)
        self.severity = SH + "Violation"
        self.messages: list = []
        self.deactivated = False
        self.classes: list[str] = []
        self.nodes: list = []
        self.subjects_of: list[str] = []
        self.objects_of: list[str] = []
        self.implicit = False
        self.components: list[Component] = []
        self.properties: list[Shape] = []
        self.parents: list = []
        self.source = ""

    @property
    def has_targets(self) -> bool:
        return bool(self.classes or self.nodes or self.subjects_of or self.objects_of or self.implicit)

    def value_pattern(self, this: str, value: str, hashed: bool = False) -> str:
        return path_pattern(this, self.path, value, hashed) if self.is_property else ""


def read_shapes(shapes_graph) -> dict:
    """The shapes of an rdflib shapes graph, compiled, by node; a KgError names the first shape using a
    component this engine does not support."""
    return _Reader(shapes_graph).shapes


class _Reader:
    """Compiles every shape of one shapes graph (those reached through others on the way)."""

    def __init__(self, shapes_graph):
        import rdflib

        self.sg = shapes_graph
        self.R = rdflib
        self.shapes: dict = {}
        self._custom = None
        for node in self._shape_nodes():
            self.shape(node)
        for s in list(self.shapes.values()):
            for p in s.properties:
                p.parents.append(s)
        for s in list(self.shapes.values()):  # sibling shapes need every parent known
            for c in s.components:
                if isinstance(c, QualifiedC) and c.siblings is None:
                    c.siblings = self._siblings(s, c.q)
        _refuse_cycles(self.shapes.values())

    def _shape_nodes(self):
        R, sg = self.R, self.sg
        sh = R.Namespace(SH)
        nodes = set(sg.subjects(R.RDF.type, sh.NodeShape)) | set(sg.subjects(R.RDF.type, sh.PropertyShape))
        for p in ("targetClass", "targetNode", "targetSubjectsOf", "targetObjectsOf", "path"):
            nodes |= set(sg.subjects(sh[p], None))
        for p in ("property", "node", "not", "qualifiedValueShape"):
            nodes |= set(sg.objects(None, sh[p]))
        for p in ("or", "and", "xone"):
            for lst in sg.objects(None, sh[p]):
                nodes |= set(sg.items(lst))
        nodes -= set(sg.objects(None, sh.parameter))  # parameters of constraint components have a sh:path too
        return sorted(nodes, key=str)

    def _label(self, node) -> str:
        if not is_bnode(node):
            return compact(str(node))
        named = named_shape(self.sg, node)
        return f"a blank-node shape of {compact(str(named))}" if not is_bnode(named) else "a blank-node shape"

    def custom_components(self) -> list:
        """The SPARQL-based constraint components the shapes graph declares: nodes typed
        sh:ConstraintComponent or a subclass of it (rdfs:subClassOf*), SHACL's own left out."""
        if self._custom is None:
            R, sg = self.R, self.sg
            classes, todo = set(), [R.URIRef(SH + "ConstraintComponent")]
            while todo:
                c = todo.pop()
                if c not in classes:
                    classes.add(c)
                    todo += list(sg.subjects(R.RDFS.subClassOf, c))
            found = {cc for c in classes for cc in sg.subjects(R.RDF.type, c) if not str(cc).startswith(SH)}
            self._custom = sorted(found, key=str)
        return self._custom

    def label_of(self, node) -> str:
        return compact(str(node))

    def _list(self, node, shape_label, param) -> list:
        try:
            return list(self.sg.items(node))
        except Exception as exc:  # noqa: BLE001 - rdflib raises several
            raise KgError(f"{shape_label}: the value of sh:{param} must be an RDF list") from exc

    def _nullable(self, node, depth=0) -> bool:
        """Can the path be of length zero (a focus node is then one of its own values)?"""
        R, sg = self.R, self.sg
        if not is_bnode(node) or depth > 12:
            return False
        items = list(sg.items(node))
        if items:
            return all(self._nullable(i, depth + 1) for i in items)
        if sg.value(node, R.URIRef(SH + "zeroOrMorePath")) is not None or \
                sg.value(node, R.URIRef(SH + "zeroOrOnePath")) is not None:
            return True
        inverse = sg.value(node, R.URIRef(SH + "inversePath"))
        if inverse is not None:
            return self._nullable(inverse, depth + 1)
        alt = sg.value(node, R.URIRef(SH + "alternativePath"))
        return alt is not None and any(self._nullable(i, depth + 1) for i in sg.items(alt))

    def _path(self, node, depth=0) -> str:
        R, sg = self.R, self.sg
        if depth > 12:
            raise KgError("property path too deep")
        if isinstance(node, R.URIRef):
            return iri(str(node))
        if not is_bnode(node):
            raise KgError(f"invalid sh:path {node!r}")
        items = list(sg.items(node))
        if items:
            if len(items) < 2:
                raise KgError("a sequence path needs at least two members")
            return "(" + "/".join(self._path(i, depth + 1) for i in items) + ")"
        for p, fmt in (("inversePath", "^{}"), ("zeroOrMorePath", "{}*"), ("oneOrMorePath", "{}+"),
                       ("zeroOrOnePath", "{}?")):
            x = sg.value(node, R.URIRef(SH + p))
            if x is not None:
                inner = self._path(x, depth + 1)
                return "(" + fmt.format(inner if inner.startswith(("(", "<")) else f"({inner})") + ")"
        alt = sg.value(node, R.URIRef(SH + "alternativePath"))
        if alt is not None:
            return "(" + "|".join(self._path(i, depth + 1) for i in sg.items(alt)) + ")"
        raise KgError(f"unsupported sh:path {node}")

    def shape(self, node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        R, sg = self.R, self.sg
        s = Shape(node, self._label(node))
        self.shapes[node] = s
        s.source = str(named_shape(sg, node))
        preds = {}
        for p, o in sg.predicate_objects(node):
            preds.setdefault(str(p), []).append(o)
        own_constraint = node in preds.get(SH + "sparql", [])  # a shape that is its own SPARQL constraint
        for p in preds:
            if p.startswith(SH):
                name = p[len(SH):]
                if own_constraint and name in ("select", "prefixes"):
                    continue
                if name not in SUPPORTED and name not in _NOT_CONSTRAINTS:
                    what = _COMPONENT_OF.get(name, f"sh:{name}")
                    raise KgError(f"{s.label}: unsupported SHACL constraint component {what} "
                                  "(sparql engine); use --engine pyshacl")

        def get(name):
            return preds.get(SH + name, [])

        def one(name, kind=None):
            vals = get(name)
            if len(vals) > 1:
                raise KgError(f"{s.label}: sh:{name} must have at most one value")
            if vals and kind == "int":
                v = vals[0]
                if not (isinstance(v, R.Literal) and isinstance(v.value, int) and v.value >= 0):
                    raise KgError(f"{s.label}: sh:{name} must be an integer >= 0")
                return int(v.value)
            if vals and kind == "bool":
                v = vals[0]
                if not (isinstance(v, R.Literal) and isinstance(v.value, bool)):
                    raise KgError(f"{s.label}: sh:{name} must be a boolean")
                return bool(v.value)
            return vals[0] if vals else None

        if get("path"):
            s.is_property = True
            s.path_node = one("path")
            s.path = self._path(s.path_node)
            s.nullable = self._nullable(s.path_node)
            s.path_iri = str(s.path_node) if isinstance(s.path_node, R.URIRef) else None
        sev = get("severity")
        if sev:
            s.severity = str(sev[0])
        s.messages = list(get("message"))
        deactivated = one("deactivated")
        if deactivated is not None and not isinstance(deactivated, R.Literal):
            raise KgError(f"{s.label}: sh:deactivated must be a literal")
        s.deactivated = bool(deactivated.value) if deactivated is not None else False  # as pySHACL reads it
        s.classes = [str(c) for c in get("targetClass")]
        s.nodes = get("targetNode")
        if any(is_bnode(n) for n in s.nodes):
            raise KgError(f"{s.label}: a blank-node sh:targetNode is not supported (sparql engine)")
        s.subjects_of = [str(p) for p in get("targetSubjectsOf")]
        s.objects_of = [str(p) for p in get("targetObjectsOf")]
        class_types = {R.RDFS.Class} | set(sg.subjects(R.RDFS.subClassOf, R.RDFS.Class))
        s.implicit = (not is_bnode(node)) and any(t in class_types for t in sg.objects(node, R.RDF.type))

        C = s.components
        classes = get("class")
        C += [ClassC(s, c, classes) for c in classes]
        if get("datatype"):
            C.append(DatatypeC(s, one("datatype")))
        if get("nodeKind"):
            C.append(NodeKindC(s, one("nodeKind")))
        for name, maximum in (("minLength", False), ("maxLength", True)):
            if get(name):
                C.append(LengthC(s, one(name), maximum))
        patterns = get("pattern")
        C += [PatternC(s, p, one("flags"), patterns) for p in patterns]
        if get("languageIn"):
            C.append(LanguageInC(s, self._list(one("languageIn"), s.label, "languageIn"), one("languageIn")))
        for name in RANGE:
            bounds = get(name)
            C += [RangeC(s, name, b, bounds) for b in bounds]
        if get("in"):
            C.append(InC(s, self._list(one("in"), s.label, "in")))
        for kind in ("node", "not"):
            for target in get(kind):
                member = self.shape(target)
                if kind == "node" and member.is_property:
                    raise KgError(f"{s.label}: sh:node must point to a node shape, not to a property shape")
                C.append(NestedC(s, kind, [member], target, get(kind)))
        for kind in ("or", "and", "xone"):
            for lst in get(kind):
                C.append(NestedC(s, kind, [self.shape(m) for m in self._list(lst, s.label, kind)], lst, get(kind)))
        needs_path = []
        if get("minCount"):
            needs_path.append("minCount")
            C.append(MinCountC(s, one("minCount", "int")))
        if get("maxCount"):
            needs_path.append("maxCount")
            C.append(MaxCountC(s, one("maxCount", "int")))
        for hv in get("hasValue"):
            C.append(HasValueC(s, hv, get("hasValue")))
        if get("uniqueLang"):
            needs_path.append("uniqueLang")
            if one("uniqueLang", "bool"):
                C.append(UniqueLangC(s))
        for kind in ("equals", "disjoint", "lessThan", "lessThanOrEquals"):
            props = get(kind)
            if props and kind in ("lessThan", "lessThanOrEquals"):
                needs_path.append(kind)
            C += [PairC(s, kind, p, props) for p in props]
        if get("qualifiedValueShape") and s.is_property:
            low, high = one("qualifiedMinCount", "int"), one("qualifiedMaxCount", "int")
            if low is None and high is None:
                raise KgError(f"{s.label}: sh:qualifiedValueShape needs sh:qualifiedMinCount or sh:qualifiedMaxCount")
            disjoint = any(isinstance(d, R.Literal) and d.value is True for d in get("qualifiedValueShapesDisjoint"))
            for q in get("qualifiedValueShape"):
                C.append(QualifiedC(s, self.shape(q), low, high, None if disjoint else []))
        if get("closed") and one("closed", "bool"):
            ignored = []
            for lst in get("ignoredProperties"):
                ignored += self._list(lst, s.label, "ignoredProperties")
            allowed = []
            for p in get("property"):
                ps = self.shape(p)
                if not ps.is_property:
                    raise KgError(f"{s.label}: sh:property must point to a property shape")
                if ps.path_iri:
                    allowed.append(ps.path_iri)
            C.append(ClosedC(s, allowed, ignored))
        for sp in get("sparql"):
            C.append(self._sparql(s, sp))
        C += component_instances(self, s, preds)
        for name in needs_path:
            if not s.is_property:
                raise KgError(f"{s.label}: sh:{name} can only be used on a property shape")
        for p in get("property"):
            ps = self.shape(p)
            if not ps.is_property:
                raise KgError(f"{s.label}: sh:property must point to a property shape (one with sh:path)")
            s.properties.append(ps)
        return s

    def _siblings(self, s: Shape, q: Shape) -> list:
        sh = self.R.Namespace(SH)
        out = []
        for parent in self.sg.subjects(sh.property, s.node):
            for ps in self.sg.objects(parent, sh.property):
                for sib in self.sg.objects(ps, sh.qualifiedValueShape):
                    if sib != q.node:
                        out.append(self.shape(sib))
        return out

    def prefixes_of(self, s: Shape, node) -> dict:
        """The prefixes a SPARQL query at `node` declares with sh:prefixes (SHACL 5.2.1)."""
        R, sg = self.R, self.sg
        sh = R.Namespace(SH)
        prefixes = {"rdf": RDF, "rdfs": RDFS, "owl": OWL}
        global_declares = set()
        for o in sg.subjects(R.RDF.type, R.OWL.Ontology):
            global_declares |= set(sg.objects(o, sh.declare))
        for pv in sg.objects(node, sh.prefixes):
            own = self._declarations(pv)  # its sh:declare, and those of what it owl:imports
            for dec in (own if own else global_declares):
                prefix, ns = sg.value(dec, sh.prefix), sg.value(dec, sh.namespace)
                if prefix is None or ns is None:
                    raise KgError(f"{s.label}: sh:declare needs sh:prefix and sh:namespace")
                prefixes[str(prefix)] = str(ns)
        return prefixes

    def _declarations(self, start) -> set:
        """The sh:declare values of `start` and of every node it reaches through owl:imports."""
        R = self.R
        seen, todo, out = set(), [start], set()
        while todo:
            n = todo.pop()
            if n in seen:
                continue
            seen.add(n)
            out |= set(self.sg.objects(n, R.URIRef(SH + "declare")))
            todo += list(self.sg.objects(n, R.OWL.imports))
        return out

    def _sparql(self, s: Shape, node) -> SparqlC:
        R, sg = self.R, self.sg
        sh = R.Namespace(SH)
        selects = list(sg.objects(node, sh.select))
        if len(selects) != 1 or not isinstance(selects[0], R.Literal):
            raise KgError(f"{s.label}: a SPARQL constraint needs exactly one sh:select string")
        for p in sg.predicates(node, None):
            if node == s.node:  # the shape is its own constraint: its other parameters are the shape's
                break
            if str(p).startswith(SH) and str(p)[len(SH):] not in ("select", "prefixes", "message", "deactivated"):
                raise KgError(f"{s.label}: unsupported sh:{str(p)[len(SH):]} in a SPARQL constraint (sparql engine)")
        deact = sg.value(node, sh.deactivated)
        prefixes = self.prefixes_of(s, node)
        return SparqlC(s, node, selects[0], prefixes, list(sg.objects(node, sh.message)),
                       bool(deact is not None and getattr(deact, "value", False) is True))


def _refuse_cycles(shapes) -> None:
    """A KgError naming the cycle when a shape refers back to itself (sh:property, sh:node, sh:not,
    sh:and, sh:or, sh:xone, sh:qualifiedValueShape): SHACL leaves recursive shapes undefined (3.4.1)
    and lets a processor refuse them, which this engine does rather than guess."""
    def refs(shape):
        out = [("sh:property", p) for p in shape.properties]
        for c in shape.components:
            if isinstance(c, NestedC):
                out += [(f"sh:{c.kind}", m) for m in c.members]
            elif isinstance(c, QualifiedC):
                out.append(("sh:qualifiedValueShape", c.q))
        return out

    done: set = set()
    for start in shapes:
        if start in done:
            continue
        stack = [(start, iter(refs(start)))]
        route, on_route = [(start, "")], {start}  # (shape, how it was reached)
        while stack:
            shape, todo = stack[-1]
            step = next(todo, None)
            if step is None:
                stack.pop()
                done.add(route.pop()[0])
                on_route.discard(shape)
                continue
            how, nxt = step
            if nxt in on_route:
                i = [r[0] for r in route].index(nxt)
                cycle = nxt.label + "".join(f" -({h})-> {r.label}" for r, h in route[i + 1:])
                raise KgError(f"recursive shapes are not supported: {cycle} -({how})-> {nxt.label}")
            if nxt not in done:
                stack.append((nxt, iter(refs(nxt))))
                route.append((nxt, how))
                on_route.add(nxt)

