"""Progress bars: on a terminal after a second, never in pipes or logs."""
from __future__ import annotations

import io
import time

from kg import progress as progress_module


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_slow_step_on_a_terminal_shows_a_bar(monkeypatch):
    fake = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", fake)
    with progress_module.progress(total=3, desc="loading") as bar:
        for _ in range(3):
            time.sleep(0.45)
            bar.update(1)
    assert "loading" in fake.getvalue()


def test_a_quick_step_or_a_pipe_shows_nothing(monkeypatch):
    fake = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", fake)
    with progress_module.progress(total=3, desc="loading") as bar:
        bar.update(3)
    assert fake.getvalue() == ""
    pipe = io.StringIO()
    monkeypatch.setattr(progress_module.sys, "stderr", pipe)
    with progress_module.progress(total=3, desc="loading") as bar:
        time.sleep(1.1)
        bar.update(3)
    assert pipe.getvalue() == ""


def test_a_spinner_shows_what_runs_and_its_elapsed_time_then_clears_its_line(monkeypatch):
    fake = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", fake)
    with progress_module.spinner("reasoning with HermiT"):
        time.sleep(1.6)  # nothing updates it: a thread redraws it
    shown = fake.getvalue()
    assert "reasoning with HermiT 00:01" in shown
    assert shown.endswith("\r")  # the line is cleared: nothing left behind on the terminal
    fake = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", fake)
    with progress_module.spinner("quick"):
        time.sleep(0.3)
    assert fake.getvalue() == ""


def test_writing_counts_the_bytes_and_passes_them_through_unchanged(monkeypatch):
    fake = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", fake)
    out = io.BytesIO()
    with progress_module.writing(out, "exporting") as sink:
        sink.write(b"<a> <b> <c> .\n")
        time.sleep(1.2)
        sink.writelines(b"<a> <b> <%d> .\n" % i for i in range(30_000))
    assert out.getvalue() == b"<a> <b> <c> .\n" + b"".join(b"<a> <b> <%d> .\n" % i for i in range(30_000))
    assert "exporting" in fake.getvalue() and "kB" in fake.getvalue()
    pipe = io.StringIO()
    monkeypatch.setattr(progress_module.sys, "stderr", pipe)
    plain = io.BytesIO()
    with progress_module.writing(plain) as sink:
        assert sink is plain  # off a terminal: the file itself, no cost per write
        time.sleep(1.1)
    assert pipe.getvalue() == ""


def test_quiet_turns_every_bar_off(monkeypatch):
    fake = Terminal()
    monkeypatch.setattr(progress_module.sys, "stderr", fake)
    progress_module.quiet(True)
    try:
        with progress_module.progress(total=2, desc="loading") as bar:
            time.sleep(1.1)
            bar.update(2)
        with progress_module.spinner("reasoning"):
            time.sleep(1.1)
        out = io.BytesIO()
        with progress_module.writing(out) as sink:
            assert sink is out
    finally:
        progress_module.quiet(False)
    assert fake.getvalue() == ""
    assert progress_module.shown()  # back on


def test_an_export_on_a_terminal_shows_its_bytes_and_writes_the_same_ones(monkeypatch, seed_store):
    from kg.store.export import export

    monkeypatch.setattr(progress_module.sys, "stderr", io.StringIO())
    for fmt in ("turtle", "nt", "jsonld"):
        plain = io.BytesIO()
        export(seed_store, fmt, plain)
        fake = Terminal()
        monkeypatch.setattr(progress_module.sys, "stderr", fake)
        monkeypatch.setattr(progress_module, "DELAY", 0.0)
        shown = io.BytesIO()
        export(seed_store, fmt, shown)
        monkeypatch.setattr(progress_module, "DELAY", 1.0)
        monkeypatch.setattr(progress_module.sys, "stderr", io.StringIO())
        assert shown.getvalue() == plain.getvalue() and len(plain.getvalue()) > 100_000, fmt
        assert "exporting" in fake.getvalue(), fmt
