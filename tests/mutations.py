"""Random edits of a graph, for comparing SHACL engines on graphs that break the shapes
(tests/shacl/test_engine.py, benchmarks/shacl_engines.py)."""
from __future__ import annotations

import random

import pyoxigraph as ox

XSD = "http://www.w3.org/2001/XMLSchema#"
AVOID = {"http://www.w3.org/ns/oa#start", "http://www.w3.org/ns/oa#end"}  # rdflib's SUBSTR crashes on non-integers
POOL = [ox.Literal(x) for x in ("abc", "2030", "Q42", "Q0", "", "US0378331005")] + [
    ox.Literal(v, datatype=ox.NamedNode(XSD + t)) for v, t in (
        ("2030", "gYear"), ("2200", "integer"), ("-5", "integer"), ("1e5", "decimal"), ("0.5", "decimal"),
        ("150.0", "decimal"), ("2021-04-03", "date"), ("2021-04", "gYearMonth"), ("2021-13-01", "date"),
        ("2021-04-03T10:00:00", "dateTime"), ("https://x.example", "anyURI"), ("ftp://x", "anyURI"),
        ("true", "boolean"), ("1.5", "double"), ("-100.5", "decimal"), ("12", "nonNegativeInteger"), ("0", "integer"))] + [
    ox.Literal("x", language="en"), ox.Literal("y", language="en"), ox.Literal("x", language="fr")]


def mutate(rng: random.Random, data: list, iris: list, classes: list, k: int) -> list:
    """k random edits: drop a triple, change an object (literal or IRI), add a value, a type, a subject."""
    out = list(data)
    subjects = sorted({t.subject for t in data if isinstance(t.subject, ox.NamedNode)}, key=str)
    preds = sorted({t.predicate for t in data}, key=str)
    for _ in range(k):
        r, i = rng.random(), rng.randrange(len(out))
        t = out[i]
        if t.predicate.value in AVOID and r < 0.7:
            continue
        if r < 0.25:
            out.pop(i)
        elif r < 0.45:
            out[i] = ox.Triple(t.subject, t.predicate, rng.choice(POOL))
        elif r < 0.6:
            out[i] = ox.Triple(t.subject, t.predicate, rng.choice(iris))
        elif r < 0.7:
            out.append(ox.Triple(t.subject, t.predicate, rng.choice(POOL + iris[:50])))
        elif r < 0.8:
            out.append(ox.Triple(rng.choice(subjects + [ox.BlankNode("m1")]),
                                 ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), rng.choice(classes)))
        elif r < 0.9:
            out.append(ox.Triple(rng.choice(subjects), rng.choice(preds), rng.choice(POOL + iris)))
        else:
            out[i] = ox.Triple(ox.BlankNode("m2"), t.predicate, t.object)
    return out
