"""`kg completion SHELL`: shtab's script for the parser, with saved-query names and files completed."""
from __future__ import annotations

import argparse

FILE_ARGUMENTS = {"files", "data", "shapes", "article", "path", "output", "sbti", "real", "write_docs", "output_dir"}
# bash: the saved queries of the project above the working directory ($KG_ROOT first), then files (a .rq path)
BASH_PREAMBLE = r"""
_kg_saved_queries() {
  local d="${KG_ROOT:-$PWD}"
  while [ "$d" != / ] && [ ! -f "$d/ontology/cckg.ttl" ]; do d=$(dirname "$d"); done
  [ -d "$d/queries" ] && compgen -W "$(cd "$d/queries" && for f in *.rq; do printf '%s ' "${f%.rq}"; done)" -- "$1"
  compgen -f -- "$1"
}
"""


def completion_script(parser: argparse.ArgumentParser, shell: str) -> str:
    """The completion script of `parser` for bash, zsh or tcsh."""
    import shtab

    from ..store.export import NAMES

    for command in _subparsers(parser):
        for action in command._actions:  # noqa: SLF001 (argparse keeps its actions there; shtab reads them too)
            if command.prog.endswith(" export") and action.dest == "format":
                action.choices = sorted(NAMES)  # checked by kg.store.export, in any case; offered here as typed
            elif action.dest == "query" and not action.option_strings:
                action.complete = {"bash": "_kg_saved_queries", "zsh": "_files -g '*.rq'"}  # type: ignore[attr-defined]
            elif action.dest in FILE_ARGUMENTS:
                action.complete = shtab.DIRECTORY if action.dest in ("output_dir", "real") else shtab.FILE  # type: ignore[attr-defined]
    return shtab.complete(parser, shell=shell, preamble={"bash": BASH_PREAMBLE})


def _subparsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """The parser's subcommands' parsers."""
    return [p for a in parser._actions if isinstance(a, argparse._SubParsersAction)  # noqa: SLF001
            for p in a.choices.values()]
