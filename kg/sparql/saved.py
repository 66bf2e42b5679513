"""Saved SPARQL queries (grlc conventions): one `.rq` file each, its `#+` metadata and its parameters.

A saved query is one `.rq` file that stays valid SPARQL. Its metadata are `#+ ` comment lines
holding YAML (grlc decorators: summary, tags, defaults, enumerate, description). Parameters are
the grlc variables `?_name` (required) and `?__name` (optional) with a type suffix: `_iri`,
`_integer`, `_decimal`, `_boolean`, `_xsd_<type>` (e.g. `?_asof_xsd_date`) or a language tag
(`_en`); no suffix means a plain string. kg.sparql.params binds them as RDF terms.
"""
from __future__ import annotations

from dataclasses import dataclass, field
import difflib
import json
from pathlib import Path
import re

from ..errors import KgError
from ..iris import PREFIXES, compact

XSD = PREFIXES["xsd"]
PARAM_RE = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
LANG_RE = re.compile(r"^[a-z]{2}$")


@dataclass
class Param:
    name: str
    variable: str  # without "?"
    kind: str  # "iri" | "literal"
    datatype: str | None = None
    lang: str | None = None
    required: bool = True
    default: str | None = None
    choices: list[str] | None = None

    def describe(self) -> str:
        t = "IRI or label" if self.kind == "iri" else compact(self.datatype) if self.datatype else (
            f"text@{self.lang}" if self.lang else "text")
        extra = f", default {self.default}" if self.default is not None else ("" if self.required else ", optional")
        return f"{self.name} ({t}{extra})"

    @property
    def type_name(self) -> str:
        """The type of its values: `iri`, a CURIE of the datatype (`xsd:date`; plain text `xsd:string`) or
        `rdf:langString`."""
        if self.kind == "iri":
            return "iri"
        return compact(self.datatype) if self.datatype else "rdf:langString" if self.lang else "xsd:string"

    def as_dict(self) -> dict:
        """Its name, type, language, whether it is required, its default and its enumeration (None: any value)."""
        return {"name": self.name, "variable": "?" + self.variable, "type": self.type_name, "lang": self.lang,
                "required": self.required, "default": self.default, "enum": self.choices}


@dataclass
class SavedQuery:
    name: str
    path: Path
    text: str
    meta: dict = field(default_factory=dict)
    params: list[Param] = field(default_factory=list)

    @property
    def summary(self) -> str:
        return str(self.meta.get("summary", "")).strip()

    @property
    def tags(self) -> list[str]:
        tags = self.meta.get("tags") or []
        return [str(t) for t in (tags if isinstance(tags, list) else [tags])]

    @property
    def description(self) -> str:
        """Its `#+ description:`, whole: what it answers and the caveats of reading its rows."""
        return str(self.meta.get("description", "") or "").strip()

    @property
    def sparql(self) -> str:
        """Its SPARQL text without the `#+` metadata lines (its other comments kept)."""
        return "\n".join(ln for ln in self.text.splitlines() if not ln.startswith("#+")).strip("\n") + "\n"

    def as_dict(self) -> dict:
        """Everything known of it: name, summary, description, tags, parameters and SPARQL text."""
        return {"name": self.name, "summary": self.summary, "description": self.description, "tags": self.tags,
                "parameters": [p.as_dict() for p in self.params], "sparql": self.sparql}


def parse_metadata(text: str, name: str) -> dict:
    """The YAML held in the leading `#+ ` comment lines of a query file."""
    import yaml  # only saved-query commands need it

    lines = [ln[3:] if ln.startswith("#+ ") else ln[2:] for ln in text.splitlines() if ln.startswith("#+")]
    if not lines:
        return {}
    try:
        meta = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        # A one-line value holding ": " (e.g. "summary: kgr: IRIs...") is not YAML; quote such
        # top-level scalars and try once more before reporting the original error.
        quoted = [f"{m.group(1)}: {json.dumps(m.group(2))}"
                  if (m := re.match(r"^([A-Za-z_]+):\s+([^\s'\"|>\[{&*!%@`].*)$", ln)) else ln for ln in lines]
        try:
            meta = yaml.safe_load("\n".join(quoted)) or {}
        except yaml.YAMLError:
            raise KgError(f"{name}: invalid `#+` metadata: {str(exc).splitlines()[0]}") from exc
    if not isinstance(meta, dict):
        raise KgError(f"{name}: `#+` metadata must be `key: value` lines")
    return meta


def _type_of(spec: str) -> tuple[str, str, str | None, str | None]:
    """Split a grlc variable body into (name, kind, datatype, lang)."""
    parts = spec.split("_")
    if len(parts) >= 3 and parts[-2] in PREFIXES:
        return "_".join(parts[:-2]), "literal", PREFIXES[parts[-2]] + parts[-1], None
    if len(parts) >= 2:
        suffix = parts[-1]
        base = "_".join(parts[:-1])
        if suffix == "iri":
            return base, "iri", None, None
        if suffix in ("integer", "decimal", "boolean", "date", "string"):
            return base, "literal", XSD + suffix, None
        if LANG_RE.match(suffix):
            return base, "literal", None, suffix
    return spec, "literal", None, None


def _listify(value) -> dict:
    """grlc writes defaults/enumerate as a list of one-key maps; accept a map as well."""
    if isinstance(value, dict):
        return value
    out = {}
    for item in value or []:
        if isinstance(item, dict):
            out.update(item)
    return out


def load_query(path: Path, name: str | None = None) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError as exc:
        raise KgError(f"{path}: no such query file") from exc
    except UnicodeDecodeError as exc:
        raise KgError(f"{path}: not UTF-8") from exc
    return query_from_text(text, path, name or path.stem)


def query_from_text(text: str, path: Path, name: str) -> SavedQuery:
    """A query from its text (a file's, standard input's or the command line's), `#+` metadata and parameters read."""
    meta = parse_metadata(text, str(path))
    defaults = {str(k): v for k, v in _listify(meta.get("defaults")).items()}
    choices = {str(k): v for k, v in _listify(meta.get("enumerate")).items()}
    body = "\n".join(ln for ln in text.splitlines() if not ln.lstrip().startswith("#"))
    params: dict[str, Param] = {}
    for underscores, spec in PARAM_RE.findall(body):
        variable = underscores + spec
        if variable in (p.variable for p in params.values()):
            continue
        pname, kind, datatype, lang = _type_of(spec)
        default = defaults.get(pname)
        params[pname] = Param(pname, variable, kind, datatype, lang,
                              required=(underscores == "_" and default is None),
                              default=None if default is None else str(default),
                              choices=[str(c) for c in choices[pname]] if pname in choices else None)
    return SavedQuery(name, path, text, meta, list(params.values()))


def saved_queries(queries_dir: Path) -> dict[str, SavedQuery]:
    return {p.stem: load_query(p) for p in sorted(queries_dir.glob("*.rq"))}


def find_query(name_or_path: str, queries_dir: Path) -> SavedQuery:
    """A saved query by name, or a query file by path; unknown names get suggestions."""
    path = Path(name_or_path)
    if path.suffix == ".rq" and path.exists():
        return load_query(path)
    candidate = queries_dir / f"{name_or_path}.rq"
    if candidate.is_file():
        return load_query(candidate)
    names = sorted(p.stem for p in queries_dir.glob("*.rq"))
    close = difflib.get_close_matches(name_or_path, names, n=3, cutoff=0.5)
    hint = f"; did you mean {', '.join(close)}?" if close else "; `kg queries` lists them"
    raise KgError(f"{name_or_path}: no such saved query{hint}")
