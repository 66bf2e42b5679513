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
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
        log.close()
        shutil.rmtree(directory, ignore_errors=True)
