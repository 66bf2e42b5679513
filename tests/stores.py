"""Real triple stores other than Oxigraph, for the remote-store tests: each is started as its own
instance in a temporary directory, on free ports of 127.0.0.1, and stopped afterwards. A store that is
not installed skips its tests (scripts/install-system-packages installs it), and fails them under CI."""
from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from kg.errors import KgError
from kg.remote.serve import free_port, wait_for_port


def require(executable: str, package: str) -> str:
    """The path of `executable`; else skip (fail under CI) naming the Debian package that provides it."""
    path = shutil.which(executable)
    if path:
        return path
    message = f"{executable} is not installed (Debian package {package}; scripts/install-system-packages installs it as root)"
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def free_ports(n: int) -> list[int]:
    ports: list[int] = []
    while len(ports) < n:
        port = free_port()
        if port not in ports:
            ports.append(port)
    return ports


# -- Virtuoso Open Source ----------------------------------------------------------------------------

@dataclass
class Virtuoso:
    """A running Virtuoso: `sparql` is its SPARQL query and update endpoint (the SPARQL user has the
    SPARQL_UPDATE role), `graph_store` its Graph Store Protocol endpoint (no authentication)."""
    base: str
    sql_port: int
    directory: Path

    @property
    def sparql(self) -> str:
        return f"{self.base}/sparql"

    @property
    def graph_store(self) -> str:
        return f"{self.base}/sparql-graph-crud"


VIRTUOSO_INI = """\
[Database]
DatabaseFile = {d}/virtuoso.db
ErrorLogFile = {d}/virtuoso.log
LockFile = {d}/virtuoso.lck
TransactionFile = {d}/virtuoso.trx
xa_persistent_file = {d}/virtuoso.pxa
TempStorage = TempDatabase

[TempDatabase]
DatabaseFile = {d}/virtuoso-temp.db
TransactionFile = {d}/virtuoso-temp.trx

[Parameters]
ServerPort = 127.0.0.1:{sql}
DisableUnixSocket = 1
DirsAllowed = .
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
CheckpointInterval = 0

[HTTPServer]
ServerPort = 127.0.0.1:{http}
ServerRoot = {d}/www
ServerThreads = 10
MaxClientConnections = 10

[SPARQL]
ResultSetMaxRows = 1000000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso_server():
    """A Virtuoso Open Source 7 server of its own (Debian package virtuoso-opensource): a fresh
    database in a temporary directory, HTTP and SQL on free ports of 127.0.0.1, the stock `dba`
    account (reachable from this machine only), and SPARQL_UPDATE granted to the anonymous SPARQL
    user so that /sparql takes updates and /sparql-graph-crud takes Graph Store Protocol requests
    without Digest authentication, which kg does not speak. Yields a `Virtuoso`; stopped afterwards."""
    from .servers import stop  # here: this file also runs as a script (Jena's front), without its package

    server = require("virtuoso-t", "virtuoso-opensource")
    isql = require("isql-vt", "virtuoso-opensource")
    directory = Path(tempfile.mkdtemp(prefix="kg-virtuoso-"))
    http, sql = free_ports(2)
    (directory / "www").mkdir()
    ini = directory / "virtuoso.ini"
    ini.write_text(VIRTUOSO_INI.format(d=directory, sql=sql, http=http), encoding="utf-8")
    log = open(directory / "console.log", "wb")  # a file, not a pipe: Virtuoso logs as long as it runs
    process = subprocess.Popen([server, "+foreground", "+configfile", str(ini)], cwd=directory,
                               stdout=log, stderr=subprocess.STDOUT)
    try:
        try:
            wait_for_port("127.0.0.1", sql, process, timeout=120)  # SQL comes online after HTTP
            wait_for_port("127.0.0.1", http, process, timeout=30)
        except KgError as exc:
            tail = (directory / "console.log").read_text("utf-8", "replace").strip().splitlines()[-5:]
            pytest.fail(f"Virtuoso did not start: {exc}\n" + "\n".join(tail))
        grant = subprocess.run([isql, f"127.0.0.1:{sql}", "dba", "dba",
                                'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
                               capture_output=True, text=True, timeout=60)
        assert grant.returncode == 0 and "Error" not in grant.stdout + grant.stderr, grant.stdout + grant.stderr
        yield Virtuoso(f"http://127.0.0.1:{http}", sql, directory)
    finally:
        stop(process, timeout=30)
        log.close()
        shutil.rmtree(directory, ignore_errors=True)


# -- Apache Jena ---------------------------------------------------------------------------------------
# Fuseki is not packaged by Debian (nor on PyPI), but Jena itself is (`libapache-jena-java`, Jena 4.5.0
# with its command-line tools in jena-cmds.jar). `jena_store` runs a small SPARQL 1.1 Protocol / Graph
# Store Protocol front on 127.0.0.1 (this file, run as a script) that hands every request to Jena's own
# tools on a TDB2 database in a temporary directory:
#     POST /query    (form `query=`, or application/sparql-query)  ->  tdb2.tdbquery --results=json
#     POST /update   (application/sparql-update)                   ->  tdb2.tdbupdate
#     POST /store?graph=IRI  (N-Triples)                           ->  tdb2.tdbloader --graph IRI
# so parsing, storage, updates and query evaluation are Jena's; only the HTTP layer is ours (one JVM per
# request, one request at a time, as TDB2 allows one process on a database). The dataset of a query:
# without `default-graph-uri` the store's own default graph (empty, like a stock Fuseki); with one, the
# union of the named graphs (`tdb:unionDefaultGraph`), which is that graph when it is the only one (the
# tests check that it is).

import sys  # noqa: E402
import zipfile  # noqa: E402

JENA_JARS = Path("/usr/share/java")
# jena-cmds and what it needs at run time, from the Debian packages libapache-jena-java depends on
# (not the whole of /usr/share/java: it holds conflicting slf4j bindings)
JENA_CLASSPATH = ("jena-cmds", "jena-arq", "jena-base", "jena-core", "jena-dboe-base", "jena-dboe-index",
                  "jena-dboe-storage", "jena-dboe-trans-data", "jena-dboe-transaction", "jena-iri", "jena-tdb2",
                  "jena-tdb", "jena-rdfconnection", "slf4j-api", "slf4j-nop", "commons-cli", "commons-codec",
                  "commons-compress", "commons-csv", "commons-io", "commons-lang3", "dexx.collection", "gson",
                  "guava", "httpclient", "httpcore", "jackson-annotations", "jackson-core", "jackson-databind",
                  "jakarta.json-api", "jsonld-java", "titanium-json-ld", "protobuf", "thrift")
JENA_PACKAGE = "libapache-jena-java"


def _unavailable(reason: str):
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: scripts/install-system-packages installs it)")
    pytest.skip(reason)


def jena_missing() -> str | None:
    """Why Jena's tools cannot run here, or None."""
    if not shutil.which("java"):
        return "Java is not installed (Apache Jena needs it)"
    missing = [name for name in JENA_CLASSPATH if not (JENA_JARS / f"{name}.jar").exists()]
    if missing:
        return f"Apache Jena is not installed (apt-get install {JENA_PACKAGE}; missing {', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''} in {JENA_JARS})"
    return None


def jena_classpath(workdir: Path) -> str:
    """The classpath of Jena's tools. Debian's jena-core.jar moved Jena's shaded Xerces classes to the
    package `xerces.*` but left their message bundles under `org/apache/jena/ext/xerces/`: without
    them every tool dies at start ("RuntimeException: internal error" in XSSimpleTypeDecl.applyFacets1).
    The bundles are copied, at the path the classes look for, into `workdir`, put first."""
    resources = workdir / "jena-xerces-messages"
    prefix = "org/apache/jena/ext/"
    with zipfile.ZipFile(JENA_JARS / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                target = resources / name[len(prefix):]
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return os.pathsep.join([str(resources), *(str(JENA_JARS / f"{name}.jar") for name in JENA_CLASSPATH)])


@contextmanager
def jena_store(workdir: Path | None = None):
    """Apache Jena (TDB2, Jena's command-line tools) behind SPARQL Protocol and Graph Store Protocol
    endpoints on a free port of 127.0.0.1: yields the base URL (`/query`, `/update`, `/store`, so
    `kg push --endpoint URL/query` derives the other two); stopped and removed afterwards.
    Skips when Java or Jena is missing; fails instead when the environment variable CI is set."""
    from .servers import listening

    reason = jena_missing()
    if reason:
        _unavailable(reason)
    with tempfile.TemporaryDirectory(prefix="jena-", dir=workdir) as tmp:
        tmp = Path(tmp)
        classpath = jena_classpath(tmp)
        port = free_port()
        command = [sys.executable, __file__, "--port", str(port), "--dir", str(tmp / "tdb2"),
                   "--classpath", classpath]
        with listening(command, port) as base:
            yield base


# -- the front: run as a script by jena_store ----------------------------------------------------------

def _serve(port: int, database: Path, classpath: str) -> None:
    import http.server
    import threading
    import urllib.parse

    lock = threading.Lock()  # one JVM on the database at a time
    work = database.parent / "requests"
    work.mkdir(parents=True, exist_ok=True)

    def jena(tool: str, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["java", "-Xshare:auto", "-XX:TieredStopAtLevel=1", "-cp", classpath, tool,
                               "--loc", str(database), *args], capture_output=True, timeout=300)

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "Apache-Jena/4.5 (TDB2 tools behind kg's test front)"  # as Fuseki names itself
        sys_version = ""

        def log_message(self, *args):  # quiet
            pass

        def reply(self, status: int, body: bytes = b"", ctype: str = "text/plain; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def failed(self, res: subprocess.CompletedProcess) -> None:
            lines = [line for line in res.stderr.decode("utf-8", "replace").splitlines()
                     if line.strip() and not line.lstrip().startswith(("at ", "..."))]
            self.reply(400, ("\n".join(lines[:5]) or f"exit status {res.returncode}").encode())

        def do_GET(self):
            self.reply(405, b"POST only")

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length)
            url = urllib.parse.urlsplit(self.path)
            ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
            params = urllib.parse.parse_qs(url.query)
            with lock:
                if url.path == "/query":
                    if ctype == "application/x-www-form-urlencoded":
                        params.update(urllib.parse.parse_qs(body.decode("utf-8")))
                        text = params.get("query", [""])[0]
                    else:
                        text = body.decode("utf-8")
                    request = work / "query.rq"
                    request.write_text(text, encoding="utf-8")
                    union = ["--set", "tdb:unionDefaultGraph=true"] if params.get("default-graph-uri") else []
                    res = jena("tdb2.tdbquery", *union, "--results=json", "--query", str(request))
                    if res.returncode:
                        return self.failed(res)
                    return self.reply(200, res.stdout, "application/sparql-results+json")
                if url.path == "/update":
                    request = work / "update.ru"
                    request.write_bytes(body)
                    res = jena("tdb2.tdbupdate", "--update", str(request))
                    return self.failed(res) if res.returncode else self.reply(204)
                if url.path == "/store" and params.get("graph"):
                    request = work / "data.nt"
                    request.write_bytes(body)
                    res = jena("tdb2.tdbloader", "--graph", params["graph"][0], str(request))
                    return self.failed(res) if res.returncode else self.reply(204)
                return self.reply(404, b"no such endpoint")

    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), Handler)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    import argparse
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    parser = argparse.ArgumentParser(description="Jena's tools on a TDB2 database behind SPARQL HTTP endpoints")
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", type=Path, required=True)
    parser.add_argument("--classpath", required=True)
    args = parser.parse_args()
    _serve(args.port, args.dir, args.classpath)
