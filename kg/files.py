"""Writing files safely: atomically (temporary file, then rename), never over a curated source by accident."""
from __future__ import annotations

import os
from pathlib import Path
import tempfile

from .errors import KgError

PROTECTED = ("ontology", "data", "seeds", "shapes", "queries")  # hand-edited source folders


def write_atomic(path: Path, data: bytes, force: bool, root: Path) -> None:
    """Write via a temporary file and rename; never overwrite curated sources without force."""
    write_atomic_with(path, lambda fh: fh.write(data), force, root)


def write_atomic_with(path: Path, write, force: bool, root: Path) -> None:
    """write_atomic for output made as it is written: `write(binary_file)` fills the temporary file,
    renamed over `path` once complete (an interrupted write leaves nothing under that name)."""
    path = path.resolve()
    try:
        inside = path.relative_to(root.resolve()).parts[0] in PROTECTED
    except ValueError:
        inside = False
    if path.exists() and inside and not force:
        raise KgError(f"{path}: is a curated source file; refusing to overwrite it without --force")
    if path.is_dir():
        raise KgError(f"{path}: is a directory")
    if not path.parent.is_dir():
        raise KgError(f"{path.parent}: no such directory")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        # mkstemp makes the file private (0600): give it the mode a plain open() would have
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        with os.fdopen(fd, "wb") as fh:
            write(fh)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask
