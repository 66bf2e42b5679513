"""SPARQL-based constraint components (SHACL 6): declared in the shapes graph, run per focus node with
their parameters, $this, $value and $PATH pre-bound (ASK validators per value node, SELECT per focus)."""
from __future__ import annotations

import re

from ...errors import KgError
from ...store.embedded import Term
from .. import prebinding
from ..sparql_text import SH, iri
from ..terms import from_rdflib
from .base import Component, Row
from .sparql_based import mask as _mask


class CustomC(Component):
    """One instance of a SPARQL-based constraint component on a shape: its parameter values bound."""

    def __init__(self, shape, component, params: dict, validator, prefixes: dict):
        super().__init__(shape)
        sg = validator.graph
        self.iri = str(component)
        self.params = params  # parameter local name -> rdflib term
        self.node = validator.node
        self.messages = list(sg.objects(validator.node, _SH("message")))
        ask, select = sg.value(validator.node, _SH("ask")), sg.value(validator.node, _SH("select"))
        if (ask is None) == (select is None):
            raise KgError(f"{shape.label}: the validator of {self.iri} needs one sh:ask or one sh:select")
        self.ask = ask is not None
        text = str(ask if self.ask else select)
        if re.search(r"[\$\?]PATH\b", _mask(text)):
            if not shape.is_property:
                raise KgError(f"{shape.label}: the validator of {self.iri} uses $PATH but the shape has no sh:path")
            text = re.sub(r"[\$\?]PATH\b", lambda m: shape.path, text)
        prebound = set(prebinding.PREBOUND) | set(params) | ({"value"} if self.ask else set())
        prebinding.check(text, {p: str(ns) for p, ns in prefixes.items()}, prebound, shape.label)
        if re.search(r"[\$\?]shapesGraph\b", _mask(text)):
            raise KgError(f"{shape.label}: $shapesGraph in the validator of {self.iri} is not supported (sparql engine)")
        self.text, self.prefixes = text, prefixes

    def _query(self, values: dict[str, str]) -> str:
        head = "".join(f"PREFIX {p}: {iri(str(ns))}\n" for p, ns in self.prefixes.items())
        return head + prebinding.substitute(self.text, _mask(self.text), values)

    def evaluate(self, eng, focus) -> list[Row]:
        s = self.shape
        values = {name: from_rdflib(v).n3() for name, v in self.params.items()}
        values["currentShape"] = Term.iri(str(s.node)).n3() if s.node is not None and not _is_bnode(s.node) else None
        values = {k: v for k, v in values.items() if v is not None}
        bindings = {name: from_rdflib(v) for name, v in self.params.items()}
        out = []
        focus_nodes = f"SELECT DISTINCT ?this WHERE {{ {focus.pattern(eng, '?this')} }} ORDER BY ?this"
        for (f,) in eng.select(focus_nodes).rows:
            if f.kind == "bnode":
                raise KgError(f"{s.label}: {self.iri} on a blank-node focus node is not supported (sparql engine)")
            here = {**values, "this": f.n3()}
            if self.ask:
                nodes = [f] if not s.is_property else [r[0] for r in eng.select(
                    f"SELECT DISTINCT ?v WHERE {{ {f.n3()} {s.path} ?v }}").rows]
                for v in nodes:
                    if v.kind == "bnode":
                        raise KgError(f"{s.label}: {self.iri} on a blank-node value is not supported (sparql engine)")
                    ok = eng.select(self._query({**here, "value": v.n3()})).rows
                    if not ok or ok[0][0].value != "true":
                        out.append(Row(f, v, None, {**bindings, "this": f, "value": v}))
                continue
            for d in eng.select(self._query(here)).dicts():
                d = {k: v for k, v in d.items() if v is not None and not k.startswith("_kg_")}
                d.pop("this", None)
                value, path = d.pop("value", None), d.pop("path", None)
                if value is None and not s.is_property:
                    value = f
                out.append(Row(f, value, path, {**bindings, **d, "this": f, **({"value": value} if value else {})}))
        return out


def _SH(local: str):
    import rdflib

    return rdflib.URIRef(SH + local)


def _is_bnode(node) -> bool:
    import rdflib

    return isinstance(node, rdflib.BNode)


class Validator:
    """A validator node of the shapes graph (the graph it is in, the node)."""

    def __init__(self, graph, node):
        self.graph, self.node = graph, node


def component_instances(reader, shape, preds: dict) -> list[CustomC]:
    """The SPARQL-based components a shape activates: every required parameter has a value on it."""
    import itertools

    sg = reader.sg
    out = []
    for cc in reader.custom_components():
        params = []
        for p in sg.objects(cc, _SH("parameter")):
            path = sg.value(p, _SH("path"))
            optional = sg.value(p, _SH("optional"))
            params.append((path, bool(optional is not None and getattr(optional, "value", False) is True)))
        if not params or any(not preds.get(str(path)) for path, optional in params if not optional):
            continue
        kinds = ("propertyValidator", "validator") if shape.is_property else ("nodeValidator", "validator")
        validator = next((v for k in kinds for v in sg.objects(cc, _SH(k))), None)
        if validator is None:
            raise KgError(f"{shape.label}: {reader.label_of(cc)} has no validator for a "
                          f"{'property' if shape.is_property else 'node'} shape")
        prefixes = reader.prefixes_of(shape, validator)
        present = [(path, preds.get(str(path))) for path, _ in params if preds.get(str(path))]
        for combo in itertools.product(*(vals for _, vals in present)):
            bound = {_local(path): v for (path, _), v in zip(present, combo)}
            out.append(CustomC(shape, cc, bound, Validator(sg, validator), prefixes))
    return out


def _local(iri) -> str:
    """The variable a parameter binds: the local name of its path (SHACL 6.2.1)."""
    text = str(iri)
    return re.split(r"[#/:]", text)[-1]
