"""The console blocks of README.md and docs/*.md show the real output of their commands (scripts/docs-console)."""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "docs-console"


def docs_console(*args: str):
    """scripts/docs-console run by the venv's python (whose bin/ holds the `kg` it runs)."""
    return subprocess.run([sys.executable, str(SCRIPT), *args], capture_output=True, text=True, timeout=600)


@pytest.mark.skipif(shutil.which("java") is None,
                    reason="the docs show HermiT's output (kg reason, kg validate): needs Java")
def test_every_console_block_shows_the_real_output():
    res = docs_console("--check")
    assert res.returncode == 0, res.stderr + res.stdout
    ran = int(re.search(r"(\d+) commands run", res.stderr).group(1))
    assert ran >= 8, res.stderr  # the README's query, stats and reason outputs at least


def test_a_changed_triple_count_in_a_copy_of_the_readme_fails_naming_file_and_line(tmp_path):
    lines = (ROOT / "README.md").read_text(encoding="utf-8").split("\n")
    stats = lines.index("$ kg stats")
    count = next(i for i in range(stats + 1, len(lines)) if re.search(r"^\W*triples\W+[\d,]+", lines[i]))
    lines[count] = re.sub(r"\d[\d,]*", lambda m: str(int(m.group().replace(",", "")) + 1), lines[count], count=1)
    # only the block of `kg stats`, so the test runs one block, not the README's HermiT
    start = max(i for i in range(stats) if lines[i] == "```console")
    end = next(i for i in range(stats, len(lines)) if lines[i] == "```")
    doc = tmp_path / "README.md"
    doc.write_text("\n".join(["# copy", "", *lines[start:end + 1], ""]), encoding="utf-8")
    res = docs_console("--check", str(doc))
    assert res.returncode == 1, res.stderr
    assert f"{doc}:{stats - start + 3}: $ kg stats: the shown output differs from the real one" in res.stderr
    assert f"-{lines[count]}" in res.stdout  # the unified diff shows the wrong count as removed
    assert doc.read_text(encoding="utf-8").split("\n")[2 + count - start] == lines[count]  # --check wrote nothing


def test_timings_are_normalised_but_counts_are_not(tmp_path):
    doc = tmp_path / "build.md"
    doc.write_text("```console\n$ kg build --full\n...\n```\n", encoding="utf-8")
    assert docs_console(str(doc)).returncode == 0
    real = doc.read_text(encoding="utf-8")
    assert re.search(r"\d+ quads .* in \d+(\.\d+)? s\b", real), real  # the script wrote kg build's real line
    doc.write_text(re.sub(r"in \d+(\.\d+)? s\b", "in 99.5 s", real), encoding="utf-8")
    assert docs_console("--check", str(doc)).returncode == 0  # another duration is no difference
    doc.write_text(re.sub(r"(\d+) quads", lambda m: f"{int(m.group(1)) - 1} quads", real), encoding="utf-8")
    res = docs_console("--check", str(doc))
    assert res.returncode == 1 and f"{doc}:2: $ kg build --full" in res.stderr


def test_commands_marked_not_run_and_commands_without_output_keep_what_is_shown(tmp_path):
    doc = tmp_path / "marked.md"
    text = ("<!-- console: not run: a server -->\n```console\n$ kg serve\nserving forever\n```\n\n"
            "```console\n$ kg import sbti ../shared/none.xlsx   # not run: needs ../shared\nshown as written\n"
            "$ kg stats                    # no output shown: an example only\n```\n")
    doc.write_text(text, encoding="utf-8")
    res = docs_console(str(doc))
    assert res.returncode == 0 and doc.read_text(encoding="utf-8") == text, res.stderr
    assert "0 commands run" in res.stderr


def test_a_pipe_runs_in_a_real_shell_and_an_error_on_stderr_is_shown(tmp_path):
    doc = tmp_path / "pipe.md"
    doc.write_text("```console\n"
                   "$ kg query pledges_by_target_year -p year=2040 -f csv | cut -d, -f1 | sort -u   # years\n"
                   "...\n$ kg query pledges_by_target_year -p year=20x0\n...\n```\n", encoding="utf-8")
    assert docs_console(str(doc)).returncode == 0
    lines = doc.read_text(encoding="utf-8").split("\n")
    assert lines[1:4] == ["$ kg query pledges_by_target_year -p year=2040 -f csv | cut -d, -f1 | sort -u   # years",
                          "2040", "targetYear"]
    assert lines[4] == "$ kg query pledges_by_target_year -p year=20x0"
    assert any("year" in line and "20x0" in line for line in lines[5:-2]), lines  # the error line, from stderr


def test_a_command_shown_without_output_is_still_parsed_so_a_removed_option_fails(tmp_path):
    doc = tmp_path / "parsed.md"
    doc.write_text("```console\n$ kg query provider_pledges -f csv        # fine\n"
                   "$ kg query provider_pledges --no-such-option   # an option kg does not have\n"
                   "$ kg query provider_pledges | head -1          # shell syntax: let be\n```\n", encoding="utf-8")
    res = docs_console("--check", str(doc))
    assert res.returncode == 1
    assert res.stderr.count("kg refuses it") == 1, res.stderr
    assert f"{doc}:3: $ kg query provider_pledges --no-such-option" in res.stderr and "--no-such-option" in res.stderr
