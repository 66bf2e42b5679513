"""Progress bars on standard error for steps that take more than a second (tqdm).

Shown only on a terminal and only after a second has passed, so scripts, pipes, CI logs and
quick commands stay quiet; `quiet(True)` (`kg -q`) turns every bar off.
"""
from __future__ import annotations

from contextlib import contextmanager
from itertools import islice
import sys
import threading

DELAY = 1.0  # seconds a step runs before its bar shows
TICK = 0.25  # how often a spinner redraws its elapsed time
QUIET = [False]  # set by quiet(): one flag for the whole process


def quiet(on: bool = True) -> None:
    """Turn every progress bar off (on=True, `kg -q`) or back on."""
    QUIET[0] = bool(on)


def shown() -> bool:
    """Whether bars are drawn: standard error is a terminal and quiet() is off."""
    return not QUIET[0] and sys.stderr.isatty()


def progress(iterable=None, total: float | None = None, desc: str = "", unit: str = "it", **kwargs):
    """A tqdm bar over `iterable` (or updated by hand); silent off a terminal, under a second, or when quiet."""
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, delay=DELAY, file=sys.stderr, leave=False,
                disable=None if shown() else True, dynamic_ncols=True, **kwargs)


@contextmanager
def ticking(bar):
    """Redraw `bar` from a thread while the block runs, so its elapsed time moves even when nothing
    updates it (a Java subprocess, an external sort before the first byte is written)."""
    if bar.disable:
        yield bar
        return
    stop = threading.Event()

    def redraw():
        while not stop.wait(TICK):
            bar.update(0)  # draws once DELAY has passed (tqdm's delay), as a bar that moves would

    thread = threading.Thread(target=redraw, name="kg-progress", daemon=True)
    thread.start()
    try:
        yield bar
    finally:
        stop.set()
        thread.join()


@contextmanager
def spinner(desc: str):
    """An indeterminate bar for a step that reports nothing as it goes: its description and elapsed
    time; yields the bar (set_description_str to say what it does now)."""
    with progress(desc=desc, bar_format="{desc} {elapsed}") as bar, ticking(bar):
        yield bar


class CountingWriter:
    """A binary file that counts what passes through it on a bar (bytes written: `kg export`)."""

    def __init__(self, out, bar):
        self.out, self.bar = out, bar

    def write(self, data) -> int:
        written = self.out.write(data)
        self.bar.update(len(data))
        return written

    def writelines(self, lines) -> None:
        lines = iter(lines)
        while batch := list(islice(lines, 10_000)):  # one bar update per batch, not per line
            self.out.writelines(batch)
            self.bar.update(sum(map(len, batch)))

    def flush(self) -> None:
        self.out.flush()


@contextmanager
def writing(out, desc: str = "writing"):
    """`out` wrapped so that the bytes written show on a bar (a plain `out` when no bar is shown)."""
    with progress(desc=desc, unit="B", unit_scale=True) as bar, ticking(bar):
        yield out if bar.disable else CountingWriter(out, bar)
