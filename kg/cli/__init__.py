"""The `kg` command line: thin by design, it parses arguments, calls one function and prints.

May import every package (lazily, inside commands, so that `kg query` starts fast); nothing imports it.
"""
from __future__ import annotations

import os
import sys

from ..errors import KgError
from ..project import sweep_stale
from .arguments import parser
from .commands import EXIT_ERROR, EXIT_FAIL, EXIT_OK

__all__ = ["main", "parser"]


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
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


if __name__ == "__main__":
    sys.exit(main())
