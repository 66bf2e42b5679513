"""What the review page's Save does (`kg review`): check the curator's decisions, turn them into the
extraction contract, and write the article into the project without ever overwriting a file.

The posted review (JSON) holds the article's metadata, its organisations (each possibly mapped to an
organisation of the graph) and every fact with the curator's decision: accept, correct, reject, or
add (a fact the extractor missed, quoted from a selection of the text). Accepted, corrected and added
facts become the contract (eval/devset/*.gold.json) with the offset of each quote, which the draft
writer (kg.extract.draft, handed in by the CLI as `Tools.turtle`) turns into Turtle. Bad input gets
one line naming the fact and the field (`Refused`), before anything is written.

Writing: seeds/NNN_<id>.txt (the text, byte for byte), its entry appended to seeds/articles.ttl and
data/NNN-<name>.ttl, each new file created under a temporary name and linked into place, which fails
if the name exists (no overwrite, even in a race); then the project is validated as `kg validate`
does. When validation fails, the files stay written and the page says what failed.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
import os
from pathlib import Path
import re
import tempfile

from ..errors import KgError
from ..iris import KGR_NS, compact, expand, slug

# the facts of the contract, their fields (name, kind of value) and the fields each needs
FIELDS = {
    "pledges": [("org", "org"), ("type", "choice:type"), ("target_year", "year"), ("baseline_year", "year"),
                ("percentage", "percent"), ("scope", "scope")],
    "emissions": [("org", "org"), ("year", "year"), ("amount", "number"), ("unit", "choice:unit"),
                  ("change_pct", "number")],
    "partners": [("org", "org"), ("partner", "org"), ("role", "choice:role")],
    "people": [("name", "text"), ("role", "text"), ("org", "org")],
    "initiatives": [("org", "org"), ("initiative", "text"), ("relation", "choice:relation")],
}
REQUIRED = {"pledges": ("org", "type"), "emissions": ("org", "year"), "partners": ("org", "partner"),
            "people": ("name", "role", "org"), "initiatives": ("org", "initiative")}
KEPT = ("accept", "correct", "add")  # the decisions that put a fact in the curated file
DECISIONS = KEPT + ("reject", "pending")
MAX_TEXT_FIELD = 300


class Refused(KgError):
    """A save refused, in one line; `status` is the HTTP status it answers with."""

    def __init__(self, message: str, status: int = 400):
        super().__init__(message)
        self.status = status


@dataclass
class Tools:
    """What the page needs from the layers above kg.web, handed in by the CLI (`kg review`):
    turtle(doc, text, graph, seed_name, curator, when) -> (bytes, skipped, notes): kg.extract.draft's
    reviewed_turtle; entry(doc, text, seed_name, label, headline, comment) -> str: its article_entry;
    validate() -> (conforms, summary, findings as dicts): what `kg validate` runs on the project;
    norm(name) -> str: the name matching of the extractor; choices: the values of each choice field."""

    turtle: object
    entry: object
    validate: object
    norm: object
    choices: dict


def now() -> str:
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat().replace("+00:00", "Z")


# -- reading the posted review ---------------------------------------------------------------------

def _text(value, what: str, required: bool = False) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            raise Refused(f"{what}: missing")
        return None
    if not isinstance(value, str):
        raise Refused(f"{what}: expected text, not {type(value).__name__}")
    value = " ".join(value.split())
    if len(value) > MAX_TEXT_FIELD:
        raise Refused(f"{what}: longer than {MAX_TEXT_FIELD} characters")
    return value


def _number(value, what: str, kind: str):
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        number = float(str(value).strip().replace(",", ".").rstrip("%").strip())
    except ValueError:
        raise Refused(f"{what}: {str(value)[:40]!r} is not a {'year' if kind == 'year' else 'number'}") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise Refused(f"{what}: not a number")
    if kind == "year":
        if not number.is_integer() or not 1900 <= number <= 2100:
            raise Refused(f"{what}: {str(value)[:40]!r} is not a year between 1900 and 2100")
        return int(number)
    if kind == "percent" and not 0 <= number <= 100:
        raise Refused(f"{what}: {number:g} is not a percentage between 0 and 100")
    return int(number) if number.is_integer() and kind != "percent" else number


def read_fact(raw, number: int, text: str, choices: dict) -> dict | None:
    """One posted fact as a contract fact (with "start", the code-point offset of its quote), None when
    rejected or left undecided; Refused names the fact and the field of a bad value."""
    what = f"fact {number}"
    if not isinstance(raw, dict):
        raise Refused(f"{what}: expected an object")
    decision = raw.get("status") or "pending"
    if decision not in DECISIONS:
        raise Refused(f"{what}: unknown decision {str(decision)[:30]!r} (one of {', '.join(DECISIONS)})")
    if decision not in KEPT:
        return None
    kind = raw.get("kind")
    if kind not in FIELDS:
        raise Refused(f"{what}: unknown kind of fact {str(kind)[:30]!r} (one of {', '.join(FIELDS)})")
    fact: dict = {}
    for name, value_kind in FIELDS[kind]:
        value, label = raw.get(name), f"{what} ({kind}), {name}"
        if value_kind.startswith("choice:"):
            allowed = choices.get(value_kind[7:], [])
            value = _text(value, label)
            if value is not None and value not in allowed:
                raise Refused(f"{label}: unknown {value_kind[7:]} {value!r} (one of {', '.join(allowed)})")
        elif value_kind in ("year", "number", "percent"):
            value = _number(value, label, value_kind)
        elif value_kind == "scope":
            value = _text(value, label)
            if value is not None and not re.fullmatch(r"[123](?:\s*(?:[,+&/]|and|et)?\s*[123])*", value):
                raise Refused(f"{label}: {value!r} is not a scope (1, 2, 3 or a list such as 1+2)")
            value = "+".join(sorted(set(re.findall(r"[123]", value)))) if value else None
        else:
            value = _text(value, label)
        fact[name] = value
    for name in REQUIRED[kind]:
        if fact.get(name) is None:
            raise Refused(f"{what} ({kind}): {name} is missing")
    if kind == "emissions" and fact["amount"] is None and fact["change_pct"] is None:
        raise Refused(f"{what} (emissions): give an amount (with its unit) or a change in %")
    if kind == "emissions" and fact["amount"] is not None and fact["unit"] is None:
        raise Refused(f"{what} (emissions): the amount needs a unit")
    evidence = raw.get("evidence")
    if not isinstance(evidence, str) or not evidence.strip():
        raise Refused(f"{what}: no evidence quote")
    fact["evidence"] = evidence
    fact["start"] = quote_offset(text, evidence, raw.get("start"), what)
    fact["kind"] = kind
    return fact


def quote_offset(text: str, quote: str, hint, what: str) -> int:
    """Where `quote` is in the text, in code points: at `hint` if it is there, else the occurrence
    nearest to it (the first without a hint); Refused if the quote is not in the text."""
    if isinstance(hint, int) and not isinstance(hint, bool) and text[hint:hint + len(quote)] == quote:
        return hint
    found = [m.start() for m in re.finditer(re.escape(quote), text)]
    if not found:
        shown = " ".join(quote.split())
        raise Refused(f"{what}: the evidence is not in the article: {shown[:60]!r}"
                      + ("..." if len(shown) > 60 else ""))
    if isinstance(hint, int) and not isinstance(hint, bool):
        return min(found, key=lambda at: abs(at - hint))
    return found[0]


def read_organisations(raw, graph_orgs: list[dict], norm) -> list[dict]:
    """The article's organisations: name, aliases, kind and, when mapped to one of the graph's, its IRI
    (`same_as`: a label, an alias, a CURIE or an IRI of an organisation of the graph)."""
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise Refused("organisations: expected a list")
    by_name: dict[str, str] = {}
    iris = {o["iri"] for o in graph_orgs}
    for o in graph_orgs:
        for name in [o["label"], *o["aliases"]]:
            by_name.setdefault(norm(name), o["iri"])
    out = []
    for i, row in enumerate(raw, 1):
        if not isinstance(row, dict):
            raise Refused(f"organisation {i}: expected an object")
        name = _text(row.get("name"), f"organisation {i}, name", required=True)
        aliases = row.get("aliases") or []
        if isinstance(aliases, str):
            aliases = aliases.split(",")
        if not isinstance(aliases, list):
            raise Refused(f"organisation {name!r}: aliases must be a list")
        aliases = [a for a in (_text(a, f"organisation {name!r}, alias") for a in aliases) if a and a != name]
        entry = {"name": name, "aliases": aliases, "kind": row.get("kind") or "company"}
        same = _text(row.get("same_as"), f"organisation {name!r}, same as")
        if same:
            full = expand(same) if ":" in same else None
            iri = full if full in iris else (same if same in iris else by_name.get(norm(same)))
            if iri is None:
                raise Refused(f"organisation {name!r}: no organisation of the graph is called {same!r}")
            entry["iri"] = iri
        out.append(entry)
    return out


def read_review(posted, text: str, graph_orgs: list[dict], tools: Tools) -> tuple[dict, dict, int]:
    """The posted review as (contract doc, article metadata, how many facts were left out)."""
    if not isinstance(posted, dict):
        raise Refused("the review must be a JSON object")
    facts = posted.get("facts")
    if not isinstance(facts, list):
        raise Refused("facts: expected a list")
    organisations = read_organisations(posted.get("organisations"), graph_orgs, tools.norm)
    for o in organisations:
        if o["kind"] not in tools.choices.get("kind", [o["kind"]]):
            raise Refused(f"organisation {o['name']!r}: unknown kind {str(o['kind'])[:30]!r} "
                          f"(one of {', '.join(tools.choices.get('kind', []))})")
    doc: dict = {kind: [] for kind in FIELDS}
    left_out = 0
    for number, raw in enumerate(facts, 1):
        fact = read_fact(raw, number, text, tools.choices)
        if fact is None:
            left_out += 1
            continue
        doc[fact.pop("kind")].append(fact)
    if not any(doc[kind] for kind in FIELDS):
        raise Refused("nothing to save: accept, correct or add at least one fact")
    meta = posted.get("article") or {}
    if not isinstance(meta, dict):
        raise Refused("article: expected an object")
    article = {"headline": _text(meta.get("headline"), "article, headline"),
               "label": _text(meta.get("label"), "article, label"),
               "language": _text(meta.get("language"), "article, language") or "und",
               "published": _text(meta.get("published"), "article, date published")}
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?|und", article["language"]):
        raise Refused(f"article, language: {article['language']!r} is not a language code such as fr or en")
    if article["published"] and not re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", article["published"]):
        raise Refused(f"article, date published: {article['published']!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    if article["published"]:
        try:
            datetime.strptime((article["published"] + "-01-01")[:10], "%Y-%m-%d")
        except ValueError:
            raise Refused(f"article, date published: {article['published']!r} is not a date") from None
    doc.update(language=article["language"], published=article["published"], organisations=organisations)
    return doc, article, left_out


# -- writing -----------------------------------------------------------------------------------------

def main_org(doc: dict) -> tuple[str, str | None]:
    """The organisation most facts are about: (name, IRI it is mapped to or None)."""
    counts: dict[str, int] = {}
    for kind in FIELDS:
        for f in doc[kind]:
            if f.get("org"):
                counts[f["org"]] = counts.get(f["org"], 0) + 1
    name = max(counts, key=lambda n: (counts[n], -list(counts).index(n))) if counts else "article"
    iri = next((o.get("iri") for o in doc.get("organisations", []) if o["name"] == name), None)
    return name, iri


def data_name(number: str, doc: dict) -> str:
    """data/NNN-<name>.ttl: the slug of the main organisation (its graph IRI's, when mapped), at most 40 characters."""
    name, iri = main_org(doc)
    local = iri[len(KGR_NS) + 4:] if iri and iri.startswith(KGR_NS + "org-") else slug(name)
    local = (local[:40].rsplit("-", 1)[0] if len(local) > 40 else local) or "article"
    return f"{number}-{local}.ttl"


def create(path: Path, data: bytes) -> None:
    """Write a new file: a temporary name, then a hard link to `path`, which fails if it exists."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o666 & ~_umask())
        try:
            os.link(tmp, path)
        except FileExistsError:
            raise Refused(f"{path.parent.name}/{path.name} already exists: refusing to overwrite it", 409) from None
    finally:
        Path(tmp).unlink(missing_ok=True)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def refuse_existing(project, seed_name: str, data_file: str) -> None:
    """Refuse (one line naming the file) when a file of this save exists, or the article is already in seeds/."""
    number, aid = seed_name[:3], seed_name[4:-4]
    for path in (project.seeds_dir / seed_name, project.data_dir / data_file):
        if path.exists():
            raise Refused(f"{path.parent.name}/{path.name} already exists: refusing to overwrite it", 409)
    for path in sorted(project.seeds_dir.glob("*.txt")):
        if path.name.startswith(number + "_") or path.name.endswith(f"_{aid}.txt"):
            raise Refused(f"seeds/{path.name} already exists (same number or same article): refusing to "
                          "overwrite or duplicate it", 409)
    clash = [p.name for p in project.data_dir.glob(f"{number}-*.ttl")]
    if clash:
        raise Refused(f"data/{clash[0]} already exists (article {number}): refusing to add a second one", 409)
    articles = project.seeds_dir / "articles.ttl"
    if not articles.is_file():
        raise Refused("seeds/articles.ttl: missing; the article's entry goes there", 409)
    if f"kgr:article-{aid} " in articles.read_text(encoding="utf-8"):
        raise Refused(f"seeds/articles.ttl already describes kgr:article-{aid}: refusing to add it twice", 409)


def append(path: Path, entry: str) -> None:
    with open(path, "rb+") as fh:
        fh.seek(0, os.SEEK_END)
        if fh.tell():
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) != b"\n":
                entry = "\n" + entry
        fh.seek(0, os.SEEK_END)
        fh.write(entry.encode("utf-8"))


def save(session, posted) -> dict:
    """Check the review, write the three files, validate the project: what the page shows."""
    text, tools, project = session.text, session.tools, session.project
    doc, article, left_out = read_review(posted, text, session.graph_orgs(), tools)
    number = session.seed_name[:3]
    data_file = data_name(number, doc)
    refuse_existing(project, session.seed_name, data_file)
    when = now()
    doc["article"] = session.seed_name
    turtle, skipped, notes = tools.turtle(doc, text, session.graph(), session.seed_name, session.curator, when)
    if skipped:
        raise Refused(f"cannot write: {skipped[0]}" + (f" (and {len(skipped) - 1} more)" if len(skipped) > 1 else ""))
    name, _ = main_org(doc)
    label = article["label"] or (f"{name}: {article['headline']}" if article["headline"]
                                 else f"{name} ({session.source_name})")
    comment = (f"{number} — {label}. Reviewed with kg review by {session.curator} on {when[:10]} "
               f"(from {session.source_name}).")
    entry = tools.entry(doc, text, session.seed_name, label, article["headline"], comment)
    written = []
    create(project.seeds_dir / session.seed_name, text.encode("utf-8"))
    written.append(f"seeds/{session.seed_name}")
    create(project.data_dir / data_file, turtle)
    written.append(f"data/{data_file}")
    append(project.seeds_dir / "articles.ttl", entry)
    written.append("seeds/articles.ttl (appended)")
    kept = sum(len(doc[kind]) for kind in FIELDS)
    result = {"ok": True, "written": written, "facts": kept, "left_out": left_out, "notes": notes}
    try:
        conforms, summary, findings = tools.validate()
    except KgError as exc:
        conforms, summary, findings = False, f"validation could not run: {exc}", []
    ours = turtle.decode("utf-8") + entry
    result.update(conforms=conforms, summary=summary,
                  findings=[f for f in findings if f["severity"] == "Violation" or _about(f, ours)])
    return result


def _about(finding: dict, turtle: str) -> bool:
    """Whether a finding is about a resource of what this save wrote."""
    focus = finding.get("focus") or ""
    return bool(focus) and (focus in turtle or compact(focus) in turtle)
