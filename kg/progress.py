"""Progress bars on standard error for steps that take more than a second (tqdm).

Shown only on a terminal and only after a second has passed, so scripts, pipes, CI logs and
quick commands stay quiet.
"""
from __future__ import annotations

import sys


def progress(iterable=None, total: float | None = None, desc: str = "", unit: str = "it", **kwargs):
    """A tqdm bar over `iterable` (or updated by hand); silent off a terminal or under a second."""
    from tqdm import tqdm

    return tqdm(iterable, total=total, desc=desc, unit=unit, delay=1.0, file=sys.stderr, leave=False,
                disable=None if sys.stderr.isatty() else True, dynamic_ncols=True, **kwargs)
