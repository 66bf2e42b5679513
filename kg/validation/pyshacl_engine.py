"""pySHACL, the reference SHACL engine (`kg validate --engine pyshacl`), and the rdflib graphs it reads."""
from __future__ import annotations

from ..errors import KgError
from ..iris import compact
from ..project import Project
from ..shacl.report import Finding, named_shape

SH = "http://www.w3.org/ns/shacl#"


def rdflib_graph(ntriples: bytes):
    import rdflib

    g = rdflib.Graph()
    g.parse(data=ntriples.decode("utf-8"), format="nt")
    return g


def load_shapes(project: Project):
    import rdflib

    files = project.shapes_files()
    if not files:
        raise KgError(f"{project.rel(project.shapes_dir)}: no SHACL shapes (*.ttl)")
    shapes = rdflib.Graph()
    for f in files:
        try:
            shapes.parse(f, format="turtle")
        except Exception as exc:  # rdflib raises several types; one line is what matters
            raise KgError(f"{project.rel(f)}: invalid Turtle: {str(exc).splitlines()[0]}") from exc
    return shapes


def run_shacl(data_graph, shapes, allow_warnings: bool = True, report=None) -> list[Finding]:
    """pySHACL's results as Findings (with the W3C result's terms); its own report graph goes to
    `report.graph` when a Report is given."""
    from pyshacl import validate
    import rdflib

    from ..shacl.terms import from_rdflib

    _, results, _ = validate(data_graph, shacl_graph=shapes, inference="none", advanced=True,
                             allow_warnings=allow_warnings, abort_on_first=False, meta_shacl=False)
    if report is not None:
        report.graph = results
    sh = rdflib.Namespace(SH)
    findings = []
    for r in results.subjects(rdflib.RDF.type, sh.ValidationResult):
        severity = results.value(r, sh.resultSeverity)
        node = results.value(r, sh.sourceShape)
        path = results.value(r, sh.resultPath)
        focus, value = results.value(r, sh.focusNode), results.value(r, sh.value)
        message = results.value(r, sh.resultMessage)
        component = results.value(r, sh.sourceConstraintComponent)
        findings.append(Finding(
            severity=str(severity).rsplit("#", 1)[-1] if severity else "Violation",
            source=str(named_shape(shapes, node)),
            focus=_text(focus),
            path=_text(path) if path is not None and not isinstance(path, rdflib.BNode) else None,
            value=_text(value),
            message=str(message) if message else f"fails {compact(str(component))}",
            key=" ".join(x.n3() if x is not None else "-" for x in (node, component, focus, value, path)),
            component=str(component) if component is not None else None, shape=node,
            focus_term=from_rdflib(focus), value_term=from_rdflib(value), path_node=path,
            constraint=results.value(r, sh.sourceConstraint), severity_iri=str(severity) if severity else None,
            nested=(None, sh.detail, r) in results))
    return findings


def _text(term) -> str | None:
    if term is None:
        return None
    return str(term)
