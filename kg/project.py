"""Where things live in a checkout: hand-edited sources, and the git-ignored build folder."""
from __future__ import annotations

import os
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
        """A path as shown to users and used in graph names: relative to the root when inside it."""
        try:
            return path.resolve().relative_to(self.root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def ontology_files(self) -> list[Path]:
        return sorted(self.ontology_dir.glob("*.ttl"))

    def data_files(self) -> list[Path]:
        """Curated Turtle: article metadata in seeds/ and facts in data/ (recursively)."""
        return sorted(self.seeds_dir.glob("*.ttl")) + sorted(self.data_dir.rglob("*.ttl"))

    def imported_files(self) -> list[Path]:
        """Data imported from other datasets (`kg import`): git-ignored, kept apart from data/."""
        return sorted(self.imported_dir.glob("*.ttl"))

    def turtle_files(self) -> list[Path]:
        """Every Turtle input of `kg build`, each loaded into its own named graph."""
        return self.ontology_files() + self.data_files() + self.imported_files()

    def source_files(self) -> list[Path]:
        """Every input of `kg build`: ontology, metadata, facts, imported data and article texts."""
        return self.turtle_files() + sorted(self.seeds_dir.glob("*.txt"))

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
