"""Confining the query engine: a child process that dies with its parent, has a memory cap and, where
the kernel allows it, no network; and running one function in such a child (`kg query`).

Linux facilities through ctypes: prctl(PR_SET_PDEATHSIG) so that whatever signal ends the parent
(SIGKILL included) the kernel kills the child too; unshare(CLONE_NEWNET) (with CLONE_NEWUSER when not
root) so that the engine has no network interface at all, whatever a query asks; setrlimit(RLIMIT_AS),
the address space, which is what a runaway sort or join grows (RocksDB's maps and thread stacks
count too: a `kg serve` engine has about 0.3 GB before its first query). Elsewhere they are skipped.
"""
from __future__ import annotations

import ctypes
import json
import os
import resource
import select
import signal
import sys
import tempfile
import time

from ..errors import KgError

PR_SET_PDEATHSIG = 1
CLONE_NEWUSER = 0x10000000
CLONE_NEWNET = 0x40000000
DEFAULT_MEMORY = 2 * 2**30
MINIMUM_MEMORY = 512 * 2**20
MEMORY_EXIT = 86  # a confined child that ran out of memory in Python (MemoryError)


def _libc():
    return ctypes.CDLL(None, use_errno=True)


def die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when its parent ends, whatever signal ends it."""
    if sys.platform.startswith("linux"):
        _libc().prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent ended before the line above
        os._exit(1)


def drop_network() -> str | None:
    """Move this (single-threaded) process into a network namespace of its own, which has no
    interface but a loopback that is down: nothing can be reached. None when done, else why not."""
    if not sys.platform.startswith("linux"):
        return f"no network namespaces on {sys.platform}"
    libc = _libc()
    reason = ""
    for flags in ((CLONE_NEWNET,) if os.geteuid() == 0 else ()) + (CLONE_NEWUSER | CLONE_NEWNET,):
        if libc.unshare(flags) == 0:
            return None
        reason = os.strerror(ctypes.get_errno())
    return f"unshare: {reason}"


def cap_memory(limit: int | None) -> None:
    """Limit this process's address space to `limit` bytes: past it, allocations fail."""
    if not limit:
        return
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def parse_size(text: str) -> int:
    """Bytes from '2G', '512M', '1.5GB', '800MiB' or a plain number of bytes; KgError otherwise."""
    import re

    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*", text, re.IGNORECASE)
    if not m:
        raise KgError(f"--max-memory {text}: expected a size such as 2G or 512M")
    return int(float(m.group(1)) * 1024 ** " kmgt".index(m.group(2).lower() or " "))


def show_size(n: int) -> str:
    """'2 GB', '1.5 GB', '512 MB' (powers of 1024, as --max-memory reads them)."""
    if n >= 2**30:
        return f"{n / 2**30:.3g} GB"
    return f"{n / 2**20:.3g} MB"


def death(status: int, stderr: str, memory: int | None) -> tuple[str, str]:
    """Why a confined child ended, from its exit code (negative: the signal) and what it wrote on
    stderr: ("memory" | "crash" | "other", a sentence). Past RLIMIT_AS, Rust aborts ("memory
    allocation of N bytes failed") and Python raises MemoryError; SIGKILL is the OOM killer's."""
    budget = f" ({show_size(memory)}, --max-memory)" if memory else ""
    sig = -status if status < 0 else 0
    if ("memory allocation of" in stderr or "MemoryError" in stderr or status == MEMORY_EXIT
            or sig == signal.SIGKILL or sig == signal.SIGABRT and "overflow" not in stderr):
        return "memory", f"the query went over the memory budget{budget}: narrow it, add a LIMIT, or raise --max-memory"
    if sig == signal.SIGSEGV or "overflowed its stack" in stderr:
        return "crash", "the query engine crashed on this query (a stack overflow: is it nested too deeply?)"
    try:
        how = f"signal {signal.Signals(sig).name}" if sig else f"exit status {status}"
    except ValueError:
        how = f"signal {sig}"
    last = stderr.strip().splitlines()[-1][:200] if stderr.strip() else ""
    return "other", f"the query engine stopped ({how}{': ' + last if last else ''})"


def run_confined(work, memory: int | None, timeout: float | None = None, on_timeout=None, name: str = ""):
    """work() in a forked child (no re-import: it shares what this process loaded) that dies with
    this process and has at most `memory` bytes of address space; its result must be JSON. A KgError
    it raises is raised here with its class name and message; a child that dies raises KgError with
    the cause (after `name: `); past `timeout` seconds the child is killed and on_timeout() (an
    exception) raised."""
    sys.stdout.flush()
    sys.stderr.flush()
    parent = os.getpid()
    read_end, write_end = os.pipe()
    errors = tempfile.TemporaryFile()
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 0
        try:
            os.close(read_end)
            os.dup2(errors.fileno(), 2)
            import faulthandler

            faulthandler.disable()  # a crash is told by the parent, in one line
            die_with_parent(parent)
            cap_memory(memory)
            try:
                outcome = {"value": work()}
            except KgError as exc:
                outcome = {"error": type(exc).__name__, "message": str(exc)}
            data = json.dumps(outcome).encode("utf-8")
            with os.fdopen(write_end, "wb") as out:
                out.write(data)
        except MemoryError:
            code = MEMORY_EXIT
        except BaseException:  # noqa: BLE001 - reported through stderr and the exit status
            import traceback

            traceback.print_exc()
            code = 1
        finally:
            sys.stderr.flush()
            os._exit(code)
    os.close(write_end)
    try:
        data = _read_until(read_end, pid, timeout)
    finally:
        os.close(read_end)
    if data is None:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        errors.close()
        raise on_timeout() if on_timeout else KgError(f"the query was stopped after {timeout:g} s")
    _, status = os.waitpid(pid, 0)
    errors.seek(0)
    stderr = errors.read().decode("utf-8", "replace")
    errors.close()
    code = os.waitstatus_to_exitcode(status)
    if code != 0 or not data:
        raise KgError(f"{name + ': ' if name else ''}{death(code, stderr, memory)[1]}")
    if stderr:
        sys.stderr.write(stderr)
    outcome = json.loads(data)
    if "error" in outcome:
        raise _error_class(outcome["error"])(outcome["message"])
    return outcome["value"]


def _read_until(fd: int, pid: int, timeout: float | None) -> bytes | None:
    """Everything written to the pipe until the child closes it; None when `timeout` passes first."""
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks = []
    while True:
        left = None if deadline is None else deadline - time.monotonic()
        if left is not None and left <= 0:
            return None
        ready, _, _ = select.select([fd], [], [], left)
        if not ready:
            continue
        chunk = os.read(fd, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def _error_class(name: str) -> type:
    """The KgError subclass a child raised, by name (only kg's own; KgError otherwise)."""
    from ..sparql import QueryTimeout
    from ..store.embedded import TooManyRows

    return {"TooManyRows": TooManyRows, "QueryTimeout": QueryTimeout}.get(name, KgError)


def run_rows_confined(work, memory: int | None, timeout: float | None = None, network: bool = True,
                      name: str = ""):
    """The Rows that work() gives, computed in a confined child (run_confined; without network
    unless `network`), carried back as JSON."""
    from ..store.embedded import Rows, Term

    def child():
        if not network:
            drop_network()  # best effort: the query check has refused SERVICE already
        rows = work()
        return {"variables": rows.variables,
                "rows": [[None if t is None else [t.kind, t.value, t.datatype, t.lang] for t in row]
                         for row in rows.rows]}

    def too_slow():
        from ..sparql import QueryTimeout

        return QueryTimeout(f"{name or 'the query'}: stopped after {timeout:g} s")

    data = run_confined(child, memory, timeout, on_timeout=too_slow, name=name)
    return Rows(data["variables"], [tuple(None if t is None else Term(*t) for t in row) for row in data["rows"]])
