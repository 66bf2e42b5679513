"""What scale.py and shacl_engines.py share: running one benchmark step in its own process group,
watched, and formatting its figures. Wall time, peak RSS as GNU time reports it (the command's own, not this
process's carried over by fork), and a kill after a timeout or above a memory ceiling."""
from __future__ import annotations

import os
import signal
import subprocess
import tempfile
import threading
import time
from pathlib import Path

TIME = "/usr/bin/time" if os.access("/usr/bin/time", os.X_OK) else None  # GNU time: peak RSS


def group_rss_kb(pgid: int) -> int:
    """Resident memory of every process in a process group (from /proc), in KB."""
    total, page_kb = 0, os.sysconf("SC_PAGE_SIZE") // 1024
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
            if int(stat[stat.rindex(")") + 2:].split()[2]) != pgid:
                continue
            total += int(Path(f"/proc/{entry}/statm").read_text().split()[1]) * page_kb
        except (OSError, ValueError, IndexError):
            continue
    return total


def run_watched(cmd: list[str], timeout: float, max_rss_kb: int, out, err, env: dict, cwd: Path) -> dict:
    """Run `cmd` (stdout to `out`, stderr to `err`, open files) in a new process group; kill the
    group after `timeout` s or above `max_rss_kb`. Returns wall, rc, rss_kb (None if unknown),
    killed ({"timeout": s} / {"memory": kb} / {}) and the load average at the start."""
    rusage_path = Path(tempfile.mkstemp(prefix="cckg-bench-time-")[1])
    load = os.getloadavg()[0]
    killed: dict = {}
    done = threading.Event()
    wrapped = ([TIME, "-o", str(rusage_path), "-f", "%e %M"] if TIME else []) + cmd
    t0 = time.perf_counter()
    proc = subprocess.Popen(wrapped, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd,
                            start_new_session=True)

    def kill(why: str, value=None):
        killed.setdefault(why, value)
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass

    def watch():
        while not done.wait(0.25):
            if time.perf_counter() - t0 > timeout:
                kill("timeout", timeout)
                return
            rss = group_rss_kb(proc.pid)
            if rss > max_rss_kb:
                kill("memory", rss)
                return

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    try:
        _, status, usage = os.wait4(proc.pid, 0)
    except BaseException:
        kill("interrupted")
        raise
    finally:
        done.set()
    wall = time.perf_counter() - t0
    watcher.join()
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # leftovers of the group, if any
    except ProcessLookupError:
        pass
    rss_kb = usage.ru_maxrss
    if TIME:
        try:
            rss_kb = int(rusage_path.read_text().split()[-1])
        except (OSError, ValueError, IndexError):
            rss_kb = None  # killed: GNU time wrote nothing
    rusage_path.unlink(missing_ok=True)
    return {"wall": wall, "rc": os.waitstatus_to_exitcode(status), "rss_kb": rss_kb, "killed": killed,
            "load": load}


def secs(x: float | None) -> str:
    if x is None:
        return "n/a"
    if x < 0.01:
        return f"{x * 1000:.1f} ms"
    if x < 1:
        return f"{x * 1000:.0f} ms"
    if x < 10:
        return f"{x:.2f} s"
    return f"{x:.1f} s"


def mb(kb: int | None) -> str:
    return "n/a" if not kb else f"{kb / 1024:,.0f} MB"


def write_section(path: Path, text: str, begin: str, end: str) -> None:
    """Replace the part of a Markdown file between the markers `begin` and `end` with `text` (appended
    with its markers when the file has none)."""
    doc = path.read_text(encoding="utf-8") if path.exists() else ""
    block = f"{begin}\n{text.rstrip()}\n{end}"
    if begin in doc and end in doc and doc.index(begin) < doc.index(end):
        new = doc[:doc.index(begin)] + block + doc[doc.index(end) + len(end):]
    else:
        new = doc.rstrip("\n") + "\n\n" + block + "\n"
    path.write_text(new, encoding="utf-8")
