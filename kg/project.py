"""Where things live in a checkout: hand-edited sources, and the git-ignored build folder."""
from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from .errors import KgError


@dataclass(frozen=True)
class Project:
    root: Path

    ontology_dir = property(lambda self: self.root / "ontology")
    seeds_dir = property(lambda self: self.root / "seeds")
    data_dir = property(lambda self: self.root / "data")
    shapes_dir = property(lambda self: self.root / "shapes")
    queries_dir = property(lambda self: self.root / "queries")
    imported_dir = property(lambda self: self.root / "imported")
    build_dir = property(lambda self: Path(os.environ.get("KG_BUILD_DIR") or self.root / "build"))

    def rel(self, path: Path) -> str:
        """A path as shown to users and used in graph names: relative to the root when inside it (a
        symbolic link is named as itself, not as the file it points to)."""
        try:
            real = path.parent.resolve() / path.name if path.name not in ("", ".", "..") else path.resolve()
            return real.relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def sources(self, paths) -> list[Path]:
        """The entries, sorted, each checked by `check_source`."""
        root = self.root.resolve()
        return [self.check_source(path, root) for path in sorted(paths)]

    def check_source(self, path: Path, root: Path | None = None) -> Path:
        """`path` if it reads as a plain file inside the project; an entry whose real path leaves the
        project (a symbolic link, or one on the way), a link to nothing, a FIFO, a device or a folder
        is refused in one line naming it."""
        try:
            real = path.resolve(strict=True)
            if not real.is_relative_to(root or self.root.resolve()):
                raise KgError(f"{self.rel(path)}: " + ("a symbolic link to" if path.is_symlink() else "leads to")
                              + f" {real}, outside the project: refused (copy the file into the project)")
            mode = real.stat().st_mode
        except (FileNotFoundError, NotADirectoryError):
            target = os.readlink(path) if path.is_symlink() else None
            raise KgError(f"{self.rel(path)}: " + (f"a symbolic link to {target}, which does not exist"
                                                   if target else "disappeared while reading the sources")) from None
        except (OSError, RuntimeError) as exc:  # a loop of links, no permission
            raise KgError(f"{self.rel(path)}: cannot read ({getattr(exc, 'strerror', None) or exc})") from None
        if not stat.S_ISREG(mode):
            kind = ("a folder" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "a socket")
            raise KgError(f"{self.rel(path)}: {kind}, not a plain file: refused")
        return path

    def ontology_files(self) -> list[Path]:
        return self.sources(self.ontology_dir.glob("*.ttl"))

    def data_files(self) -> list[Path]:
        """Curated Turtle: article metadata in seeds/ and facts in data/ (recursively)."""
        return self.sources(self.seeds_dir.glob("*.ttl")) + self.sources(self.data_dir.rglob("*.ttl"))

    def imported_files(self) -> list[Path]:
        """Data imported from other datasets (`kg import`): git-ignored, kept apart from data/."""
        return self.sources(self.imported_dir.glob("*.ttl"))

    def turtle_files(self) -> list[Path]:
        """Every Turtle input of `kg build`, each loaded into its own named graph."""
        return self.ontology_files() + self.data_files() + self.imported_files()

    def source_files(self) -> list[Path]:
        """Every input of `kg build`: ontology, metadata, facts, imported data and article texts."""
        return self.turtle_files() + self.sources(self.seeds_dir.glob("*.txt"))

    def shapes_files(self) -> list[Path]:
        return sorted(self.shapes_dir.glob("*.ttl"))

    def violation_queries(self) -> list[Path]:
        return sorted((self.shapes_dir / "sparql").glob("*.rq"))

    def saved_queries(self) -> list[Path]:
        return sorted(self.queries_dir.glob("*.rq"))


def find_project(root: str | os.PathLike | None = None) -> Project:
    """The project at `root`, $KG_ROOT, the nearest folder above the working directory holding
    ontology/cckg.ttl, or the checkout this package was installed from (editable install)."""
    if root or os.environ.get("KG_ROOT"):
        path = Path(root or os.environ["KG_ROOT"]).expanduser()
        if not (path / "ontology").is_dir():
            raise KgError(f"{path}: not a knowledge-graph project (no ontology/ folder)")
        return Project(path)
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents, Path(__file__).resolve().parent.parent):
        if (candidate / "ontology" / "cckg.ttl").is_file():
            return Project(candidate)
    raise KgError(f"{here}: no knowledge-graph project here or above (looked for ontology/cckg.ttl); "
                  "use --root or set KG_ROOT")


def package_version() -> str:
    """The installed cckg distribution's version (pyproject.toml)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("cckg")
    except PackageNotFoundError:
        return "unknown (not installed)"


def ontology_version(path: Path) -> tuple[str | None, str | None]:
    """The owl:versionInfo and owl:versionIRI of the owl:Ontology in a Turtle file (None where absent)."""
    import pyoxigraph as ox

    owl = "http://www.w3.org/2002/07/owl#"
    try:
        triples = list(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE))
    except (OSError, SyntaxError, ValueError) as exc:
        raise KgError(f"{path}: cannot read the ontology's version ({exc})") from exc
    heads = {t.subject for t in triples if t.predicate.value.endswith("#type") and t.object.value == owl + "Ontology"}
    found = {t.predicate.value: t.object.value for t in triples if t.subject in heads}
    return found.get(owl + "versionInfo"), found.get(owl + "versionIRI")


def versions(root: str | None = None) -> str:
    """What `kg --version` prints: kg's version, and the version of the project's ontology when a project is found."""
    lines = [f"kg {package_version()}"]
    try:
        project = find_project(root)
    except KgError as exc:
        return "\n".join(lines + [f"ontology: none ({exc})"])
    path = project.ontology_dir / "cckg.ttl"
    info, iri = ontology_version(path) if path.is_file() else (None, None)
    lines.append(f"ontology {info or '(no owl:versionInfo)'}" + (f" <{iri}>" if iri else "") + f" ({path})")
    return "\n".join(lines)


# -- folders owned by a running command (kg serve's snapshots) --------------------------------------
OWNER_FILE = "owner.json"


def _started(pid: int) -> str | None:
    """When a process started (clock ticks since boot, /proc/PID/stat field 22), None if it is gone;
    "" where /proc is missing but the process exists. Tells a live owner from a reused pid."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[19]
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None
    except (OSError, IndexError):
        return None
    try:
        os.kill(pid, 0)
        return ""
    except ProcessLookupError:
        return None
    except PermissionError:
        return ""


def claim(folder: Path) -> None:
    """Mark `folder` as owned by this process, so that `sweep_stale` removes it once the process is gone."""
    import json

    (folder / OWNER_FILE).write_text(json.dumps({"pid": os.getpid(), "started": _started(os.getpid())}))


def owner_alive(folder: Path, unclaimed_grace: float = 60.0) -> bool:
    """Whether the process that claimed `folder` still runs (a folder claimed by nobody counts as
    alive for its first `unclaimed_grace` seconds: its owner may be about to claim it)."""
    import json
    import time

    try:
        owner = json.loads((folder / OWNER_FILE).read_text())
        return _started(int(owner["pid"])) in (owner.get("started"), "")
    except FileNotFoundError:
        try:
            return time.time() - folder.stat().st_mtime < unclaimed_grace
        except OSError:
            return False
    except (OSError, ValueError, KeyError, TypeError):
        return False


def sweep_stale(root: str | os.PathLike | None = None) -> list[Path]:
    """Remove the build's `serve-*` snapshots whose kg serve is gone (killed by a signal it could not
    handle); run before every command. Outside a project, nothing to do. Returns what it removed."""
    import shutil

    try:
        build = find_project(root).build_dir
        stale = [p for p in build.glob("serve-*") if p.is_dir() and not p.is_symlink() and not owner_alive(p)]
    except (KgError, OSError):
        return []
    for folder in stale:
        shutil.rmtree(folder, ignore_errors=True)
    return stale
