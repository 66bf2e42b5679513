"""`kg queries [NAME]` and `kg stats`: a saved query shown in full (its metadata read back by PyYAML, the outside
judge), the lists as plain columns in a pipe and as tables drawn by rich on a real terminal (a pseudo-terminal)."""
from __future__ import annotations

import fcntl
import json
import os
import pty
import re
import struct
import subprocess
import sys
import termios

import pytest
import yaml

from ..conftest import ROOT, built_copy, kg

QUERIES = ROOT / "queries"
SHOWN = ["committed_organisations", "net_zero_without_scope3", "pledges_by_sector", "pledges_past_deadline",
         "article_facts"]
ANSI = re.compile(r"\x1b\[[0-9;]*m")
BOX = re.compile("[\u2500-\u257f]")
GRLC_VARIABLE = re.compile(r"\?(__?)([A-Za-z][A-Za-z0-9]*(?:_[A-Za-z0-9]+)*)")
TYPE_SUFFIX = re.compile(r"_(?:xsd_[A-Za-z]+|iri|integer|decimal|boolean|date|string|[a-z]{2})$")  # grlc's types


def metadata(name: str) -> dict:
    """The `#+` YAML of a saved query, read by PyYAML."""
    lines = [ln[3:] for ln in (QUERIES / f"{name}.rq").read_text(encoding="utf-8").splitlines() if ln.startswith("#+ ")]
    return yaml.safe_load("\n".join(lines))


def one_key_maps(value) -> dict:
    return {k: v for item in value or [] for k, v in item.items()}


def body(name: str) -> str:
    return "\n".join(ln for ln in (QUERIES / f"{name}.rq").read_text(encoding="utf-8").splitlines()
                     if not ln.startswith("#+")).strip("\n") + "\n"


def on_a_terminal(*args: str, columns: int = 70, env: dict | None = None) -> str:
    """What `kg ARGS` prints to a pseudo-terminal `columns` wide (carriage returns of the line discipline removed)."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, columns, 0, 0))
    environ = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR")}
    environ.update({"TERM": "xterm-256color", **(env or {})})
    proc = subprocess.Popen([sys.executable, "-m", "kg", *args], stdout=follower, stderr=subprocess.PIPE, cwd=ROOT,
                            env=environ)
    os.close(follower)
    chunks = []
    while True:
        try:
            data = os.read(leader, 65536)
        except OSError:  # EIO: the other end closed
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=120) == 0, proc.stderr.read()
    proc.stderr.close()
    os.close(leader)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


# -- one saved query in full ------------------------------------------------------------------------------------

@pytest.mark.parametrize("name", SHOWN)
def test_queries_name_shows_summary_description_tags_parameters_and_sparql(name):
    res = kg("queries", name)
    assert res.returncode == 0, res.stderr
    meta, out = metadata(name), res.stdout
    assert out.startswith(f"{name}: {meta['summary'].strip()}\n")
    assert f"file: queries/{name}.rq\n" in out and f"tags: {', '.join(meta['tags'])}\n" in out
    assert meta["description"].strip() in out  # the whole description, line for line
    assert out.endswith("SPARQL:\n" + body(name))  # the whole query
    defaults, choices = one_key_maps(meta.get("defaults")), one_key_maps(meta.get("enumerate"))
    section = out[out.index("parameters:"):out.index("SPARQL:")]
    for _, spec in set(GRLC_VARIABLE.findall(body(name))):
        pname = TYPE_SUFFIX.sub("", spec)
        line = next(ln for ln in section.splitlines() if ln.split()[:1] == [pname])
        if pname in defaults:
            assert str(defaults[pname]) in line.split()
        if pname in choices:
            assert ", ".join(map(str, choices[pname])) in line
        if spec.endswith("_iri"):
            assert "IRI, CURIE or label" in line


@pytest.mark.parametrize("name", SHOWN)
def test_queries_name_json_carries_every_field(name):
    res = kg("queries", name, "-f", "json")
    assert res.returncode == 0, res.stderr
    shown, meta = json.loads(res.stdout), metadata(name)
    assert shown["name"] == name and shown["summary"] == meta["summary"].strip()
    assert shown["description"] == meta["description"].strip() and shown["tags"] == meta["tags"]
    assert shown["sparql"] == body(name)
    defaults, choices = one_key_maps(meta.get("defaults")), one_key_maps(meta.get("enumerate"))
    variables = {u + spec for u, spec in GRLC_VARIABLE.findall(body(name))}
    assert {p["variable"] for p in shown["parameters"]} == {"?" + v for v in variables}
    for p in shown["parameters"]:
        assert set(p) >= {"name", "type", "required", "default", "enum"}
        assert p["enum"] == ([str(c) for c in choices[p["name"]]] if p["name"] in choices else None)
        assert p["default"] == (str(defaults[p["name"]]) if p["name"] in defaults else None)
        assert p["required"] == (p["variable"].startswith("?_") and not p["variable"].startswith("?__")
                                 and p["name"] not in defaults)
        suffix = p["variable"].rsplit("_", 1)[-1]
        assert p["type"] == {"iri": "iri", "date": "xsd:date", "integer": "xsd:integer",
                             "boolean": "xsd:boolean", "decimal": "xsd:decimal"}.get(suffix, p["type"])


def test_queries_json_list_carries_the_same_fields_as_one_query():
    listed = json.loads(kg("queries", "-f", "json").stdout)
    assert [q["name"] for q in listed] == sorted(p.stem for p in QUERIES.glob("*.rq"))
    by_name = {q["name"]: q for q in listed}
    for name in SHOWN[:2]:
        assert by_name[name] == json.loads(kg("queries", name, "-f", "json").stdout)
    assert all(q["description"] and q["sparql"] and isinstance(q["parameters"], list) for q in listed)


def test_an_unknown_query_name_is_one_line_with_a_suggestion():
    res = kg("queries", "pledges_past_dedline")
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.strip().splitlines() == [res.stderr.strip()]
    assert "pledges_past_dedline: no such saved query; did you mean pledges_past_deadline" in res.stderr


@pytest.mark.parametrize("command, words", [("queries", "show that query in full"), ("stats", "Count what the built graph")])
def test_queries_and_stats_help_describe_the_command(command, words):
    res = kg(command, "--help")
    assert res.returncode == 0
    description = res.stdout.split("\n\n")[1]  # between the usage and the arguments
    assert words in " ".join(description.split())


# -- the list: plain in a pipe, drawn on a terminal -------------------------------------------------------------

def test_queries_list_in_a_pipe_is_plain_columns_with_every_summary_whole():
    res = kg("queries")
    assert res.returncode == 0, res.stderr
    assert not ANSI.search(res.stdout) and not BOX.search(res.stdout)
    lines = res.stdout.splitlines()
    assert lines[0].split() == ["name", "summary", "parameters"]
    at = lines[0].index("summary")
    summaries = {ln.split()[0]: ln[at:] for ln in lines[1:-1]}
    listed = json.loads(kg("queries", "-f", "json").stdout)
    assert set(summaries) == {q["name"] for q in listed}
    for q in listed:
        assert summaries[q["name"]].startswith(q["summary"])  # whole, as `-f json` gives it
    assert max(len(ln) for ln in lines) > 80  # nothing cut at 80 characters
    assert lines[-1].startswith(f"({len(summaries)} saved queries;")


def test_queries_list_on_a_terminal_is_wrapped_to_its_width_and_coloured_unless_no_color():
    out = on_a_terminal("queries", columns=70)
    assert ANSI.search(out) and BOX.search(out)
    plain = ANSI.sub("", out)
    assert all(len(line) <= 70 for line in plain.splitlines())
    words = " ".join(plain.split())
    for q in json.loads(kg("queries", "-f", "json").stdout):
        for word in q["summary"].split():
            assert word in words  # wrapped, every word kept
    assert not ANSI.search(on_a_terminal("queries", columns=70, env={"NO_COLOR": "1"}))


# -- kg stats ------------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return built_copy(tmp_path_factory.mktemp("stats"))


def test_stats_text_is_the_json_counts_aligned(built):
    counts = json.loads(kg("--root", str(built.root), "stats", "-f", "json").stdout)
    res = kg("--root", str(built.root), "stats")
    assert res.returncode == 0, res.stderr
    assert not ANSI.search(res.stdout) and not BOX.search(res.stdout)
    lines = res.stdout.splitlines()
    assert [ln.rsplit(None, 1)[0] for ln in lines] == [k.replace("_", " ") for k in counts]
    assert [int(ln.rsplit(None, 1)[1]) for ln in lines] == list(counts.values())
    assert len({len(ln) for ln in lines}) == 1  # the numbers right-aligned in one column
