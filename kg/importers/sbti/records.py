"""The graph an import writes: the dataset, one record per row, and evidence quoting the record's text."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
import re

from ...errors import KgError
from ...iris import DCTERMS, KGR_NS, OA, PREFIXES, PROV, RDF, RDFS, SCHEMA, SKOS, XSD, slug
from .curated import Curated
from .terms import AGENT, IMPORTED_GRAPH_NS, LICENSE, SBTI_ORG, RowProblem, cckg_term
from .workbook import Record


class _Graph:
    """Triples as Terms; serialised sorted by pyoxigraph (kg.store), so output is deterministic."""

    def __init__(self):
        from ...store.embedded import Term

        self.Term = Term
        self.triples: set = set()

    def iri(self, s: str, p: str, o: str) -> None:
        self.triples.add((self.Term.iri(s), self.Term.iri(p), self.Term.iri(o)))

    def lit(self, s: str, p: str, value, datatype: str | None = None, lang: str | None = None) -> None:
        if value is None:
            return
        self.triples.add((self.Term.iri(s), self.Term.iri(p), self.Term.literal(str(value), datatype, lang)))

    def subjects(self) -> set[str]:
        return {s.value for s, _, _ in self.triples}

    def turtle(self, header: str) -> bytes:
        from ...store.embedded import Store

        store = Store.memory()
        graph = IMPORTED_GRAPH_NS + "tmp"
        for s, p, o in self.triples:
            store.add(s, p, o, graph)
        used = ("rdf", "rdfs", "xsd", "skos", "dcterms", "prov", "oa", "schema", "cckg", "kgr")
        return header.encode("utf-8") + store.serialize("turtle", {k: PREFIXES[k] for k in used})


class Importer:
    """Shared by both imports: datasets, records, evidence, reference entities, problems."""

    def __init__(self, path: Path, known, accessed: str | None, title: str, url: str, log):
        self.path = Path(path)
        self.g = _Graph()
        self.problems: list[RowProblem] = []
        self.kinds: dict[str, int] = {}
        self.log = log or (lambda message: None)
        self.curated = Curated(known)
        stem = slug(self.path.stem) or "workbook"
        self.dataset_id = stem if stem.startswith("sbti") else f"sbti-{stem}"
        self.dataset = KGR_NS + "dataset-" + self.dataset_id
        self.digest = hashlib.sha256(self.path.read_bytes()).hexdigest()
        if accessed is None:
            m = re.search(r"(\d{4}-\d{2}-\d{2})", self.path.name)
            accessed = m.group(1) if m else None
        if accessed is not None:
            try:
                dt.date.fromisoformat(accessed)
            except ValueError as exc:
                raise KgError(f"--accessed {accessed!r}: not a date YYYY-MM-DD") from exc
        self.accessed = accessed
        self.title, self.url = title, url

    def problem(self, row: int, column: str | None, message: str, kind: str) -> None:
        self.problems.append(RowProblem(row, column, message))
        self.kinds[kind] = self.kinds.get(kind, 0) + 1

    def uncalculated(self, blanks: list[tuple[int, str, str]]) -> None:
        """Report formula cells that have no cached value (read_sheet's third result): read as empty."""
        for row, column, formula in blanks:
            self.problem(row, column, f"formula {formula} has no cached value, so the cell is read as empty "
                         f"(open and save the workbook in Excel or LibreOffice to calculate it)", "uncalculated")

    def describe_sources(self) -> None:
        g = self.g
        g.iri(self.dataset, RDF + "type", cckg_term("Dataset"))
        g.lit(self.dataset, RDFS + "label", f"{self.title} ({self.path.name})", lang="en")
        g.iri(self.dataset, SCHEMA + "publisher", SBTI_ORG)
        g.iri(self.dataset, DCTERMS + "license", LICENSE)
        g.lit(self.dataset, SCHEMA + "url", self.url, XSD + "anyURI")
        g.lit(self.dataset, cckg_term("accessDate"), self.accessed, XSD + "date")
        g.lit(self.dataset, DCTERMS + "identifier", "sha256:" + self.digest)
        if not self.curated.describes(SBTI_ORG):
            g.iri(SBTI_ORG, RDF + "type", cckg_term("InitiativeBody"))
            g.lit(SBTI_ORG, RDFS + "label", "Science Based Targets initiative")
            g.lit(SBTI_ORG, cckg_term("website"), "https://sciencebasedtargets.org", XSD + "anyURI")
            g.lit(SBTI_ORG, SKOS + "note", "The organisation that runs the Science Based Targets initiative "
                  "(kgr:initiative-sbti) and publishes its datasets.", lang="en")
        if not self.curated.describes(AGENT):
            g.iri(AGENT, RDF + "type", PROV + "Agent")
            g.lit(AGENT, RDFS + "label", "kg import sbti", lang="en")
            g.lit(AGENT, SKOS + "note", "The SBTi importer of this repository (kg/sbti.py): every evidence it "
                  "asserts quotes the text of a dataset record (a row of an SBTi workbook).", lang="en")

    def record(self, row: int, cells: dict, about: str) -> tuple[str, Record]:
        rec = Record(cells)
        rid = f"{self.dataset_id}-row-{row}"
        iri = KGR_NS + "record-" + rid
        g = self.g
        g.iri(iri, RDF + "type", cckg_term("DatasetRecord"))
        g.lit(iri, RDFS + "label", f"{self.title}, row {row}", lang="en")
        g.lit(iri, SCHEMA + "text", rec.text)
        g.iri(iri, SCHEMA + "isPartOf", self.dataset)
        g.lit(iri, cckg_term("rowNumber"), row, XSD + "integer")
        g.iri(iri, SCHEMA + "about", about)
        return rid, rec

    def evidence(self, fact: str, rid: str, rec: Record, span: tuple[int, int] | None) -> None:
        if span is None:
            return
        start, end = span
        ev = f"{KGR_NS}ev-{rid}-{start}-{end}"
        g = self.g
        g.iri(fact, cckg_term("evidence"), ev)
        g.iri(ev, RDF + "type", cckg_term("Evidence"))
        g.iri(ev, OA + "hasSource", KGR_NS + "record-" + rid)
        g.iri(ev, OA + "hasSelector", ev + "-quote")
        g.iri(ev, OA + "hasSelector", ev + "-position")
        g.iri(ev, PROV + "wasAttributedTo", AGENT)
        g.lit(ev, cckg_term("confidence"), "1.0", XSD + "decimal")
        g.iri(ev + "-quote", RDF + "type", OA + "TextQuoteSelector")
        g.lit(ev + "-quote", OA + "exact", rec.text[start:end])
        g.iri(ev + "-position", RDF + "type", OA + "TextPositionSelector")
        g.lit(ev + "-position", OA + "start", start, XSD + "integer")
        g.lit(ev + "-position", OA + "end", end, XSD + "integer")

    def header(self, command: str) -> str:
        return (f"# Imported by `kg import {command}` from {self.path.name} (SHA-256 {self.digest}).\n"
                "# Generated: do not edit, re-import (same workbook and curated graph, same bytes).\n"
                "# Data: Science Based Targets initiative, licence CC BY-NC 4.0\n"
                f"# ({LICENSE}): non-commercial use, with attribution.\n"
                "# Keep it out of the repository (imported/ is git-ignored). Mapping: docs/import.md.\n\n")

    def counts(self, counts: dict[str, int]) -> dict[str, int]:
        counts["problems"] = len(self.problems)
        for kind in sorted(self.kinds):
            counts[f"problems_{kind}"] = self.kinds[kind]
        return counts
