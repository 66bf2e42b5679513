"""`kg serve` under attack: what one query may cost (nesting, memory, time), what connections may
hold, what a signal leaves behind, and what the engine behind it can reach. Each test starts a real
`kg serve` on a free port of 127.0.0.1, and each ends with the server answering `ASK {}`."""
from __future__ import annotations

from contextlib import ExitStack
import json
import os
from pathlib import Path
import resource
import signal
import socket
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from kg.project import Project
from kg.remote.confine import drop_network, run_confined

from ..conftest import built_copy, kg
from ..servers import children, kg_serve, scripted_server

CROSS = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g"  # 4k triples cubed, sorted
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Project:
    return built_copy(tmp_path_factory.mktemp("serve") / "project")


def ask(port: int, query: str, accept: str = "application/sparql-results+json", timeout: float = 60):
    """(status, body) of a POSTed query."""
    data = urllib.parse.urlencode({"query": query}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/query", data=data, headers={"Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def answers(port: int, within: float = 10.0) -> None:
    """The server answers ASK {} (true), within `within` seconds."""
    started = time.monotonic()
    status, body = ask(port, "ASK {}", timeout=within)
    assert status == 200 and json.loads(body)["boolean"] is True
    assert time.monotonic() - started < within


def engines(server: int, count: int | None = None, wait: float = 30.0) -> dict[int, str]:
    """The query engines of a kg serve process (its child processes) by pid, with their command lines;
    waits until there are `count` of them."""
    deadline = time.monotonic() + wait
    own = _cmdline(server)
    while True:  # a child with the server's command line, or none yet, is being started (fork, then exec)
        found = {p: _cmdline(p) for p in children(server)}
        started = own not in found.values() and all(found.values())
        if started and (count is None or len(found) == count) or time.monotonic() > deadline:
            return found
        time.sleep(0.1)


def still_running(processes: dict[int, str]) -> list[int]:
    """Those of the processes that still run (the same pid with the same command line)."""
    return [p for p, line in processes.items() if _cmdline(p) == line and line]


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def _cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
        except OSError:
            pass
    return total / os.sysconf("SC_CLK_TCK")


def snapshots(project: Project) -> list[str]:
    return [p.name for p in project.build_dir.iterdir() if p.name.startswith("serve-")]


# -- what one query may cost ---------------------------------------------------------------------------

def test_deep_nesting_is_refused_in_one_line_and_the_server_goes_on(built):
    query = "SELECT * WHERE { FILTER(" + "(" * 10_000 + "1" + ")" * 10_000 + ") }"  # crashed the server
    with kg_serve(built.root, "--workers", "2") as (port, process):
        status, body = ask(port, query)
        assert 400 <= status < 500 and body.strip() and "\n" not in body.strip(), body
        assert process.poll() is None
        answers(port)


def test_a_query_over_the_memory_budget_gets_503_and_a_fresh_engine(built):
    with kg_serve(built.root, "--workers", "2", "--max-memory", "1G", "--timeout", "120") as (port, process):
        answers(port)
        before = engines(process.pid, 2)
        started = time.monotonic()
        status, body = ask(port, CROSS, timeout=150)
        assert status == 503 and body.startswith("kg serve: the query went over the memory budget (1 GB")
        assert body.count("\n") == 1 and time.monotonic() - started < 60  # the cap, not the timeout
        after = engines(process.pid, 2)
        assert len(after) == 2 and set(after) != set(before) and all(
            "kg.remote.engine" in line for line in after.values())  # the dead one replaced
        answers(port)


def test_timed_out_queries_free_their_engines(built):
    with kg_serve(built.root, "--workers", "2", "--timeout", "1") as (port, process):
        answers(port)
        for _ in range(30):
            status, body = ask(port, SLOW, timeout=30)
            assert status == 503 and "stopped after 1 s (the query timeout, kg serve --timeout)" in body
        answers(port, within=5)
        time.sleep(1)
        workers = engines(process.pid)
        busy = _cpu_seconds([process.pid, *workers])
        time.sleep(3)
        assert _cpu_seconds([process.pid, *workers]) - busy < 0.5  # nothing still evaluating
        assert len(engines(process.pid, 2)) == 2  # killed and replaced, not piling up
        answers(port)


def test_queries_whose_clients_hung_up_free_their_engines(built):
    """Twenty clients give up on a slow query after 0.3 s: their queries stop long before --timeout."""
    import threading

    def impatient():
        try:
            ask(port, SLOW, timeout=0.3)
        except OSError:
            pass

    with kg_serve(built.root, "--workers", "2", "--timeout", "60") as (port, process):
        answers(port)
        clients = [threading.Thread(target=impatient) for _ in range(20)]
        for c in clients:
            c.start()
        for c in clients:
            c.join()
        time.sleep(3)
        workers = engines(process.pid)
        busy = _cpu_seconds([process.pid, *workers])
        time.sleep(3)
        assert _cpu_seconds([process.pid, *workers]) - busy < 0.5  # nothing evaluates for no one
        answers(port, within=5)


def test_idle_connections_do_not_lock_out_a_query(built):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < 1_300:
        pytest.skip(f"the file-descriptor limit ({hard}) is below the 1,100 connections this test opens")
    enough = soft if soft == resource.RLIM_INFINITY or soft >= 1_300 else min(hard, 4_096)
    with ExitStack() as stack:
        resource.setrlimit(resource.RLIMIT_NOFILE, (1_024, hard))  # kg serve starts with a common default
        try:
            port, process = stack.enter_context(kg_serve(built.root, "--workers", "2"))
        finally:
            resource.setrlimit(resource.RLIMIT_NOFILE, (enough, hard))  # room here for the 1,100 clients
        idle = []
        try:
            for _ in range(1_100):
                idle.append(socket.create_connection(("127.0.0.1", port), timeout=10))
            answers(port, within=10)  # http.server: no read timeout, a thread each, backlog 5
            half = socket.create_connection(("127.0.0.1", port), timeout=10)  # a request never finished
            idle.append(half)
            half.sendall(b"POST /query HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nquery=")
            answers(port, within=10)
        finally:
            for s in idle:
                s.close()
        answers(port)


# -- protocol edge cases ----------------------------------------------------------------------------------

def test_a_malformed_content_length_gets_400(built):
    with kg_serve(built.root, "--workers", "1") as (port, process):
        for length in ("abc", "-1", "1e3", "12, 12"):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as s:
                s.sendall(f"POST /query HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\n"
                          f"Content-Length: {length}\r\n\r\nASK {{}}".encode())
                assert s.recv(4096).startswith(b"HTTP/1.1 400 "), length
        assert process.poll() is None
        answers(port)


def test_every_row_counts_against_max_rows_in_every_format(built):
    unbound = "SELECT ?x WHERE { VALUES ?x { UNDEF UNDEF UNDEF UNDEF } }"  # four rows, every value unbound
    with kg_serve(built.root, "--workers", "1", "--max-rows", "3") as (port, process):
        for accept in ("text/csv", "text/tab-separated-values", "application/sparql-results+json",
                       "application/sparql-results+xml"):
            status, body = ask(port, unbound, accept)
            assert status == 422 and "more than 3 rows (the row limit, kg serve --max-rows)" in body, accept
        status, body = ask(port, unbound.replace("UNDEF ", "", 1), "text/csv")  # three: allowed
        assert status == 200 and body == "x\r\n\r\n\r\n\r\n"
        status, body = ask(port, "CONSTRUCT WHERE { ?s ?p ?o }", "text/turtle")
        assert status == 422 and "more than 3 rows" in body
        status, body = ask(port, "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 3", "application/n-triples")
        assert status == 200 and body.count("\n") == 3
        answers(port)


# -- what a signal leaves behind ------------------------------------------------------------------------

@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGHUP, signal.SIGQUIT])
def test_a_signal_to_kg_serve_leaves_no_engine_and_the_next_command_removes_its_snapshot(built, sig):
    with kg_serve(built.root, "--workers", "2") as (port, process):
        answers(port)
        workers = engines(process.pid, 2)
        assert workers and snapshots(built)
        process.send_signal(sig)
        process.wait(timeout=30)
        deadline = time.monotonic() + 10
        while still_running(workers) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not still_running(workers)  # PR_SET_PDEATHSIG: they died with it
        if sig == signal.SIGKILL:
            assert snapshots(built)  # nobody could clean up...
        assert kg("stats", cwd=built.root).returncode == 0
        assert not snapshots(built)  # ...until the next command
    with kg_serve(built.root, "--workers", "1") as (port, process):
        answers(port)


def test_a_signal_stops_kg_serve_at_once_while_pages_wait_for_a_busy_engine(built):
    """The one engine busy with a slow query, a page's queries waiting for it: SIGTERM ends the server
    within seconds, not when those queries would have timed out (CI: 30 s and more under load)."""
    import threading

    def quietly(url: str, data: bytes | None = None):
        try:
            urllib.request.urlopen(urllib.request.Request(url, data=data, headers={"Accept": "text/html"}),
                                   timeout=90).read()
        except OSError:
            pass

    with kg_serve(built.root, "--workers", "1", "--timeout", "90") as (port, process):
        answers(port)
        base = f"http://127.0.0.1:{port}"
        slow = threading.Thread(target=quietly, args=(f"{base}/query", urllib.parse.urlencode({"query": SLOW}).encode()))
        slow.start()
        time.sleep(1)  # the engine is busy
        page = threading.Thread(target=quietly, args=(f"{base}/id/org-amazon",))  # queries in parallel threads
        page.start()
        time.sleep(2)  # which wait for the engine
        started = time.monotonic()
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=60)
        assert time.monotonic() - started < 10
        slow.join(30)
        page.join(30)


def test_the_next_command_keeps_the_snapshot_of_a_running_server(built):
    with kg_serve(built.root, "--workers", "1") as (port, process):
        answers(port)
        mine = snapshots(built)
        assert kg("stats", cwd=built.root).returncode == 0
        assert snapshots(built) == mine
        answers(port)


def test_any_command_removes_snapshots_whose_owner_is_gone(built):
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead = built.build_dir / "serve-dead"  # claimed by a process that has ended
    dead.mkdir()
    (dead / "owner.json").write_text(json.dumps({"pid": int(gone.stdout), "started": "1"}))
    reused = built.build_dir / "serve-reused"  # a live pid, but another process than the one that claimed it
    reused.mkdir()
    (reused / "owner.json").write_text(json.dumps({"pid": os.getpid(), "started": "1"}))
    legacy = built.build_dir / "serve-legacy"  # unclaimed (an older kg serve), two minutes old
    legacy.mkdir()
    os.utime(legacy, (time.time() - 120, time.time() - 120))
    fresh = built.build_dir / "serve-fresh"  # unclaimed yet: its kg serve may be about to claim it
    fresh.mkdir()
    assert kg("stats", cwd=built.root).returncode == 0
    assert snapshots(built) == ["serve-fresh"]
    fresh.rmdir()


# -- what the engine can reach ----------------------------------------------------------------------------

def _sockets(pid: int) -> set[str]:
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            out.add(target[8:-1])
    return out


def _inet(pid: int, listening: bool) -> dict[str, int]:
    """inode -> local port of the TCP and UDP sockets in the process's network namespace."""
    out = {}
    for table in ("tcp", "tcp6", "udp", "udp6"):
        try:
            lines = Path(f"/proc/{pid}/net/{table}").read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if not listening or table.startswith("tcp") and fields[3] == "0A":
                out[fields[9]] = int(fields[1].rsplit(":", 1)[1], 16)
    return out


def test_the_engines_have_no_port_and_no_network(built):
    with kg_serve(built.root, "--workers", "2") as (port, process):
        answers(port)
        workers = engines(process.pid, 2)
        assert workers
        for pid in workers:  # socketpairs only: no TCP or UDP socket at all
            assert not _sockets(pid) & set(_inet(pid, listening=False))
        listening = _inet(process.pid, listening=True)
        assert [listening[i] for i in _sockets(process.pid) if i in listening] == [port]
        if _can_drop_network():  # each in a network namespace of its own, once started
            mine = os.readlink(f"/proc/{process.pid}/ns/net")
            deadline = time.monotonic() + 20
            while any(os.readlink(f"/proc/{p}/ns/net") == mine for p in workers) and time.monotonic() < deadline:
                time.sleep(0.1)
            assert all(os.readlink(f"/proc/{p}/ns/net") != mine for p in workers)
        answers(port)


def _can_drop_network() -> bool:
    return run_confined(lambda: drop_network() is None, None, timeout=30)


def test_an_engine_without_network_reaches_nothing_even_if_asked():
    """Defence in depth: were the query check fooled, SERVICE from a confined engine reaches no one."""
    with scripted_server(lambda h, body: h.reply(200, b'{"head":{"vars":[]},"results":{"bindings":[]}}',
                                                 "application/sparql-results+json")) as (canary, url):
        def engine():
            import pyoxigraph

            why = drop_network()
            if why:
                return f"skip: {why}"
            try:
                list(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"))
            except OSError as exc:
                return f"refused: {exc}"
            return "reached"

        outcome = run_confined(engine, None, timeout=60)
        if outcome.startswith("skip"):
            pytest.skip(f"no network namespace here ({outcome})")
        assert outcome.startswith("refused") and canary.requests == []
        assert run_confined(lambda: _reach(url), None, timeout=60) == "reached"  # with network, it would
        assert len(canary.requests) == 1


def _reach(url: str) -> str:
    import pyoxigraph

    list(pyoxigraph.Store().query(f"SELECT * WHERE {{ SERVICE <{url}/sparql> {{ ?s ?p ?o }} }}"))
    return "reached"


def test_hostile_service_and_update_spellings_are_refused_and_reach_no_one(built):
    from ..sparql.hostile_queries import HARMLESS, UPDATE_VECTORS, service_vectors

    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with scripted_server(lambda h, body: h.reply(200, b'{"head":{"vars":[]},"results":{"bindings":[]}}',
                                                 "application/sparql-results+json")) as (canary, url):
        with kg_serve(built.root, "--workers", "2") as (port, process):
            status, before = ask(port, count)
            assert status == 200
            for query in service_vectors(f"{url}/sparql") + UPDATE_VECTORS:
                status, body = ask(port, query)
                assert status in (400, 403) and body.startswith("kg serve: ") and body.count("\n") == 1, query
            for query in HARMLESS:
                status, body = ask(port, query)
                assert status == 200, (query, body)
            assert ask(port, count) == (200, before)  # nothing changed
            answers(port)
    assert canary.requests == []


def test_a_confined_child_that_dies_is_explained_in_one_line():
    """The causes kg serve and kg query report: an allocation past RLIMIT_AS, a crash, a plain error."""
    from kg.errors import KgError

    def crash():
        import ctypes

        ctypes.string_at(0)  # SIGSEGV, as pyoxigraph's parser on 10,000 nested brackets

    def hog():
        return len(bytearray(2 * 2**30))  # more than the cap below

    for work, memory, message in ((crash, None, "q: the query engine crashed on this query"),
                                  (hog, 2**30, "q: the query went over the memory budget (1 GB, --max-memory)")):
        with pytest.raises(KgError) as failed:
            run_confined(work, memory, timeout=60, name="q")
        assert str(failed.value).startswith(message) and "\n" not in str(failed.value)
    with pytest.raises(KgError, match="^refused$"):
        run_confined(lambda: (_ for _ in ()).throw(KgError("refused")), None, timeout=60)
    assert run_confined(lambda: [1, "two", None], 2**30, timeout=60) == [1, "two", None]


# -- kg query: the same memory cap ----------------------------------------------------------------------

def test_kg_query_over_the_memory_budget_fails_in_one_line(built):
    path = built.root / "cross.rq"
    path.write_text(CROSS + "\n", encoding="utf-8")
    started = time.monotonic()
    res = kg("query", str(path), "--max-memory", "1G", "--timeout", "120", cwd=built.root)
    assert res.returncode == 2 and res.stdout == ""
    assert res.stderr.startswith("kg: error: cross: the query went over the memory budget (1 GB, --max-memory)")
    assert res.stderr.count("\n") == 1 and time.monotonic() - started < 60
    res = kg("query", "provider_pledges", "-f", "csv", cwd=built.root)
    assert res.returncode == 0 and res.stdout.count("\n") > 1
