"""The `kg` command line: thin by design, it parses arguments, calls one function and prints.

May import every package (lazily, inside commands, so that `kg query` starts fast); nothing imports it.
"""
from __future__ import annotations

import os
import sys

from ..errors import KgError
from ..project import sweep_stale
from .arguments import parser
from .commands import EXIT_ERROR, EXIT_FAIL, EXIT_OK, VERBOSITY

__all__ = ["main", "parser"]


def main(argv: list[str] | None = None) -> int:
    import time

    started = time.perf_counter()
    args = parser().parse_args(argv)
    level = verbosity(args)
    if getattr(args, "infer_engine", None):  # --infer --engine rl: the engine rides on args.infer (open_built)
        if not args.infer:
            parser().error("--engine chooses the reasoner of --infer: give --infer too")
        args.infer = args.infer_engine
    VERBOSITY.update(level=level, started=started)
    if level < 0:
        from .. import progress

        progress.quiet(True)
    from ..sparql import QueryTimeout
    from ..store.versions import sweep_build_leftovers

    try:
        sweep_stale(getattr(args, "root", None))  # snapshots of a kg serve that was killed
        sweep_build_leftovers(getattr(args, "root", None))  # what killed builds left in build/
        return args.func(args)
    except QueryTimeout as exc:
        # the engine is still evaluating in a worker thread and cannot be interrupted: leave now
        print(f"kg: error: {exc}", file=sys.stderr)
        sys.stderr.flush()
        sys.stdout.flush()
        os._exit(EXIT_ERROR)
    except KgError as exc:
        print(f"kg: error: {exc}", file=sys.stderr)
        if level > 0 and exc.__cause__ is not None:
            print(f"kg: cause: {type(exc.__cause__).__name__}: {exc.__cause__}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        try:  # stdout is gone (e.g. `| head`): silence the flush at exit too
            sys.stdout = open(os.devnull, "w")  # noqa: SIM115
        except OSError:
            pass
        return EXIT_OK
    except KeyboardInterrupt:
        print("kg: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:
        # kg.reason.Inconsistent, without importing kg.reason (about 35 ms) for commands that never reason:
        # if the package was not imported, nothing raised its exception
        reason = sys.modules.get("kg.reason")
        if reason is None or not isinstance(exc, reason.Inconsistent):
            raise
        for clash in exc.clashes:
            print(f"INCONSISTENT: {clash.message}", file=sys.stdout)
        print(f"kg: the ontology and data are inconsistent (OWL 2 DL, HermiT): {len(exc.clashes)} clash(es)",
              file=sys.stderr)
        return EXIT_FAIL


def verbosity(args) -> int:
    """-1 with -q, 0 by default, 1 with -v; both given is an error."""
    quiet, verbose = getattr(args, "quiet", 0) or 0, getattr(args, "verbose", 0) or 0
    if quiet and verbose:
        print("kg: error: -q and -v cannot go together", file=sys.stderr)
        sys.exit(EXIT_ERROR)
    return -1 if quiet else (1 if verbose else 0)


if __name__ == "__main__":
    sys.exit(main())
