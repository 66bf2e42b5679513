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
