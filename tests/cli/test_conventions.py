"""The command-line conventions users know from other tools: --version, `-` for standard input, inline
queries, -q/-v, "did you mean", shell completion (run in a real bash)."""
from __future__ import annotations

from importlib.metadata import version
import json
import re
import shutil
import subprocess

import pytest

from kg.project import ontology_version

from ..conftest import FIXTURES, ROOT, built_copy, kg


def test_version_is_one_for_the_package_and_the_ontology():
    res = kg("--version")
    assert res.returncode == 0, res.stderr
    info, iri = ontology_version(ROOT / "ontology" / "cckg.ttl")
    first, second = res.stdout.splitlines()
    assert first == f"kg {version('cckg')}"
    assert info == version("cckg") and iri.endswith("/" + info)  # one version, stated in both places
    assert second.startswith(f"ontology {info} <{iri}>")


def test_a_query_from_standard_input_from_the_command_line_or_by_name_gives_the_same_rows():
    text = (ROOT / "queries" / "provider_pledges.rq").read_text(encoding="utf-8")
    by_name = kg("query", "provider_pledges", "-f", "csv")
    assert by_name.returncode == 0, by_name.stderr
    assert len(by_name.stdout.splitlines()) > 2
    for args, given in ((["-"], text), (["--sparql", text], None), ([text], None)):
        res = kg("query", *args, "-f", "csv", input=given)
        assert (res.returncode, res.stdout) == (0, by_name.stdout), res.stderr


def test_an_inline_select_is_recognised_and_a_missing_query_is_one_line():
    res = kg("query", "SELECT (COUNT(*) AS ?n) WHERE { ?s a <http://www.w3.org/2002/07/owl#Class> }", "-f", "csv")
    assert res.returncode == 0 and int(res.stdout.splitlines()[1]) > 20, res.stderr
    res = kg("query")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and "--sparql" in res.stderr
    res = kg("query", "provider_pledges", "--sparql", "ASK {}")
    assert res.returncode == 2 and "not both" in res.stderr


def test_extract_reads_an_article_from_standard_input():
    article = sorted((ROOT / "seeds").glob("*.txt"))[0]
    from_file = json.loads(kg("extract", str(article)).stdout)
    res = kg("extract", "-", input=article.read_text(encoding="utf-8"))
    assert res.returncode == 0, res.stderr
    from_stdin = json.loads(res.stdout)
    assert from_stdin.pop("article") == "stdin.txt" and from_file.pop("article") == article.name
    assert from_stdin == from_file and from_stdin["organisations"]


def test_validate_reads_turtle_from_standard_input_with_the_same_findings_as_from_the_file():
    fixture = FIXTURES / "invalid" / "wrong-offsets.ttl"
    from_file = kg("validate", "--no-owl", "-f", "json", str(fixture))
    from_stdin = kg("validate", "--no-owl", "-f", "json", "-", input=fixture.read_text(encoding="utf-8"))
    assert from_file.returncode == from_stdin.returncode == 1, from_stdin.stderr
    keys = lambda out: sorted((f["focus"], f["message"]) for f in json.loads(out)["results"])  # noqa: E731
    assert keys(from_stdin.stdout) == keys(from_file.stdout) and keys(from_file.stdout)
    bad = kg("validate", "--no-owl", "-", input="@prefix x: <http://x/> .\nx:a x:b\n")
    assert bad.returncode == 2 and bad.stderr.startswith("kg: error: <stdin>:") and "invalid Turtle" in bad.stderr


def test_quiet_silences_the_notes_and_verbose_times_them(tmp_path):
    project = built_copy(tmp_path / "p")
    data = sorted(project.data_dir.glob("*.ttl"))[0]
    for flags, check in ((["-q"], lambda err: err == ""),
                         ([], lambda err: err.startswith("kg: sources changed")),
                         (["-v"], lambda err: re.match(r"kg: \[\d+\.\d\d s\] sources changed", err))):
        data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")  # a change: a rebuild, noted
        res = kg("query", "provider_pledges", *flags, cwd=project.root)
        assert res.returncode == 0 and "Netflix" in res.stdout and check(res.stderr), (flags, res.stderr)
    both = kg("-q", "stats", "-v", cwd=project.root)
    assert both.returncode == 2 and "-q and -v" in both.stderr


@pytest.mark.parametrize("args, wanted", [
    (["biuld"], "did you mean build?"),
    (["query", "provider_pledges", "-f", "tabel"], "did you mean table?"),
    (["query", "pledges_by_target_year", "-p", "yeer=2040"], "did you mean year?"),
    (["query", "article_facts", "-p", "article=Amazn"], "did you mean 'Amazon'?"),
    (["query", "provider_pledge"], "did you mean provider_pledges"),
])
def test_a_mistyped_command_choice_parameter_or_label_gets_a_suggestion(args, wanted):
    res = kg(*args)
    assert res.returncode == 2 and wanted in res.stderr, res.stderr


@pytest.mark.skipif(shutil.which("bash") is None, reason="bash is not installed")
def test_bash_completion_completes_commands_choices_and_saved_query_names(tmp_path):
    res = kg("completion", "bash")
    assert res.returncode == 0, res.stderr
    script = tmp_path / "kg.bash"
    script.write_text(res.stdout, encoding="utf-8")

    def complete(*words: str) -> set[str]:
        probe = (f'source {script}; COMP_WORDS=({" ".join(repr(w) for w in ("kg", *words))}); '
                 f'COMP_CWORD={len(words)}; _shtab_kg; printf "%s\\n" "${{COMPREPLY[@]}}"')
        out = subprocess.run(["bash", "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=30)
        assert out.returncode == 0, out.stderr
        return set(out.stdout.split())

    assert "build" in complete("bu") and "biuld" not in complete("bu")
    assert {"table", "csv", "json"} <= complete("query", "-f", "")
    assert {"provider_pledges", "provider_deadline_later"} <= complete("query", "prov")
    assert "--no-owl" in complete("validate", "--no")
    assert {"ttl", "turtle", "json-ld"} <= complete("export", "-f", "")
    for shell, marker in (("zsh", "#compdef kg"), ("tcsh", "complete kg")):
        other = kg("completion", shell)
        assert other.returncode == 0 and marker in other.stdout


@pytest.mark.parametrize("args", [["import", "sbti", "-"], ["review", "-", "--no-browser"]])
def test_commands_that_need_a_file_name_refuse_standard_input_in_one_line(args):
    res = kg(*args, input="")
    assert res.returncode == 2 and len(res.stderr.strip().splitlines()) == 1 and "not `-`" in res.stderr


def test_query_takes_the_rdf_format_names_export_takes():
    construct = "CONSTRUCT { ?s a ?c } WHERE { ?s a ?c } ORDER BY ?s ?c LIMIT 5"
    for canonical, alias in (("turtle", "TTL"), ("nt", "n-triples"), ("jsonld", "json-ld")):
        a, b = kg("query", "--sparql", construct, "-f", canonical), kg("query", "--sparql", construct, "-f", alias)
        assert a.returncode == b.returncode == 0 and a.stdout == b.stdout and a.stdout, (alias, b.stderr)


def test_a_long_value_is_cut_in_the_human_formats_saying_so_and_kept_whole_in_json():
    lei = "X" * 90  # not a LEI (20 characters): the finding's value
    draft = ("@prefix cckg: <https://w3id.org/climate-commitments/ontology#> .\n"
             "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
             f'<https://w3id.org/climate-commitments/id/org-test> a cckg:Company ; rdfs:label "Test"@en ; cckg:lei "{lei}" .\n')
    res = kg("validate", "--no-owl", "-f", "json", "-", input=draft)
    assert res.returncode == 1 and lei in [r["value"] for r in json.loads(res.stdout)["results"]]
    for fmt in ("human", "table"):
        out = kg("validate", "--no-owl", "-f", fmt, "-", input=draft).stdout
        assert "X" * 60 + "… (30 more characters)" in out and lei not in out, out


def test_an_ad_hoc_query_may_use_our_prefixes_without_declaring_them():
    declared = ("PREFIX cckg: <https://w3id.org/climate-commitments/ontology#>\n"
                "SELECT ?o WHERE { ?o a cckg:Company } ORDER BY ?o")
    bare = "SELECT ?o WHERE { ?o a cckg:Company } ORDER BY ?o"
    want = kg("query", "--sparql", declared, "-f", "csv")
    assert want.returncode == 0 and len(want.stdout.splitlines()) > 5, want.stderr
    for args, given in ((["--sparql", bare], None), ([bare], None), (["-"], bare)):
        res = kg("query", *args, "-f", "csv", input=given)
        assert (res.returncode, res.stdout) == (0, want.stdout), res.stderr
    unknown = kg("query", "--sparql", "SELECT ?o WHERE { ?o a nope:Company }")
    assert unknown.returncode == 2 and "undeclared prefix nope:" in unknown.stderr and len(unknown.stderr.splitlines()) == 1
