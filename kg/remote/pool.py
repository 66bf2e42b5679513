"""The engines of `kg serve`: a fixed number of worker processes (kg.remote.engine), each reached
over its own socketpair (no port: no other local user can talk to one), each with its memory cap.

A query that runs past the timeout gets its worker killed, which frees the engine at once; a
worker that dies (its memory cap, a crash) is diagnosed from its exit status and stderr. Either way
a fresh worker takes its place, started by one supervising thread that lives as long as the
server: the workers' parent-death signal follows that thread, so they die with the server.
"""
from __future__ import annotations

from dataclasses import dataclass
import json
import os
from pathlib import Path
import queue
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time

from ..errors import KgError
from . import confine
from .engine import receive, send

TEXT = "text/plain; charset=utf-8"
POLL = 0.25  # seconds between looks at whether the client has hung up


@dataclass(eq=False)  # one object per process: compared and hashed by identity
class Worker:
    process: subprocess.Popen
    sock: socket.socket
    errors: object  # the temporary file holding its stderr

    def alive(self) -> bool:
        return self.process.poll() is None


class Engines:
    """`size` engine workers over a snapshot of the build; ask(job, timeout) gives (status, type, body)."""

    def __init__(self, size: int, memory: int | None, network: bool, log=None):
        self.store: Path | None = None
        self.size, self.memory, self.network, self.log = size, memory, network, log
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._wanted: queue.Queue[int | None] = queue.Queue()
        self._workers: set[Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self._noted = False
        self._started = threading.Event()
        self._failure: KgError | None = None
        self._thread = threading.Thread(target=self._supervise, name="kg-engines", daemon=True)

    # -- the supervisor --------------------------------------------------------------------------
    def start(self, store: Path, wait: float = 120) -> None:
        """Start the workers on the snapshot at `store`; KgError if the first cannot start (its cause in one line)."""
        self.store = store
        for _ in range(self.size):
            self._wanted.put(1)
        self._thread.start()
        if not self._started.wait(wait):
            raise KgError(f"the query engine did not start within {wait:g} s")
        if self._failure is not None:
            raise self._failure

    def _supervise(self) -> None:
        failed = ""
        while True:
            if self._wanted.get() is None or self._closed:
                return
            try:
                worker = self._spawn()
            except KgError as exc:
                if not self._started.is_set():
                    self._failure = exc
                    self._started.set()
                    return
                if self.log and str(exc) != failed:
                    self.log(f"warning: {exc}; trying again every second")
                failed = str(exc)
                time.sleep(1)
                if self._closed:
                    return
                self._wanted.put(1)
                continue
            failed = ""
            self._idle.put(worker)
            self._started.set()

    def _spawn(self) -> Worker:
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
        errors = tempfile.TemporaryFile()
        config = {"parent": os.getpid(), "fd": theirs.fileno(), "store": str(self.store), "memory": self.memory,
                  "network": self.network}
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "MALLOC_ARENA_MAX": "2",  # fewer malloc arenas: less address space per thread
               "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        try:
            process = subprocess.Popen([sys.executable, "-P", "-m", "kg.remote.engine", json.dumps(config)],
                                       pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL,
                                       stdout=subprocess.DEVNULL, stderr=errors, env=env)
        finally:
            theirs.close()
        worker = Worker(process, ours, errors)
        with self._lock:
            self._workers.add(worker)
        ours.settimeout(60)
        try:
            hello = receive(ours)
        except OSError:
            hello = None
        if not hello or not hello[0].get("ready"):
            why = self._discard(worker)[1]
            raise KgError(f"the query engine did not start: {hello[0].get('message') if hello else why}")
        ours.settimeout(None)
        for note in hello[0].get("notes", []):
            if self.log and not self._noted:
                self.log(f"note: the query engines keep network access ({note}): SERVICE is refused by "
                         "the query check alone")
                self._noted = True
        return worker

    def _discard(self, worker: Worker, kill: bool = True) -> tuple[str, str]:
        """Stop a worker (SIGKILL), reap it and forget it; why it ended (confine.death)."""
        if kill and worker.alive():
            worker.process.send_signal(signal.SIGKILL)
        try:
            status = worker.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            status = 0
        worker.sock.close()
        try:
            worker.errors.seek(0)
            stderr = worker.errors.read().decode("utf-8", "replace")
        finally:
            worker.errors.close()
        with self._lock:
            self._workers.discard(worker)
        return confine.death(status, stderr, self.memory)

    def _end(self, worker: Worker, kill: bool = True) -> tuple[str, str]:
        """Discard a worker and have the supervisor start another in its place."""
        why = self._discard(worker, kill)
        if not self._closed:
            self._wanted.put(1)
        return why

    # -- queries ---------------------------------------------------------------------------------
    def ask(self, job: dict, timeout: float, gone=lambda: False) -> tuple[int, str, bytes]:
        """(status, content type, body) of a job run by the next free worker within `timeout` seconds;
        given up, its worker killed, as soon as gone() says the client has hung up."""
        worker = self._take(timeout, gone)
        if worker is None:
            if self._closed:
                return 503, TEXT, b"kg serve: the server is stopping\n"
            if gone():
                return 503, TEXT, b"kg serve: the client hung up\n"
            return 503, TEXT, (f"kg serve: all {self.size} query engines stayed busy for {timeout:g} s: try "
                               "again later\n").encode()
        deadline = time.monotonic() + timeout
        try:
            send(worker.sock, job)
            reply = receive(_Deadline(worker.sock, deadline, gone))
        except TimeoutError as exc:
            self._end(worker)
            if str(exc) == "gone":
                return 503, TEXT, b"kg serve: the client hung up\n"
            return 503, TEXT, (f"kg serve: the query was stopped after {timeout:g} s (the query timeout, kg "
                               "serve --timeout)\n").encode()
        except OSError:
            reply = None
        if reply is None:  # the worker died under this query
            kind, why = self._end(worker, kill=False)
            if self._closed:
                return 503, TEXT, b"kg serve: the server is stopping\n"
            status = {"memory": 503, "crash": 400}.get(kind, 500)
            return status, TEXT, f"kg serve: {why}; the server goes on\n".encode()
        worker.sock.settimeout(None)
        self._idle.put(worker)
        header, body = reply
        return header["status"], header["type"], body

    def _take(self, timeout: float, gone) -> Worker | None:
        """The next idle worker that is still alive, waiting at most `timeout` seconds (while the client waits)."""
        deadline = time.monotonic() + timeout
        while not gone() and not self._closed:  # once closed no worker will come back: the caller is not kept
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                worker = self._idle.get(timeout=min(left, POLL))
            except queue.Empty:
                continue
            if worker.alive():
                return worker
            self._end(worker, kill=False)  # died while idle (killed from outside): replaced
        return None

    def close(self) -> None:
        """Stop every worker now (queries in flight end with an answer saying so)."""
        self._closed = True
        self._wanted.put(None)
        with self._lock:
            workers = list(self._workers)
        for worker in workers:
            if worker.alive():
                worker.process.send_signal(signal.SIGKILL)
        deadline = time.monotonic() + 5  # one wait for all: SIGKILLed processes end at once, or are reaped later
        for worker in workers:
            try:
                worker.process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                pass


class _Deadline:
    """A socket whose every receive waits only until one overall deadline, and not once the client
    is gone (TimeoutError "deadline" or "gone")."""

    def __init__(self, sock: socket.socket, deadline: float, gone):
        self.sock, self.deadline, self.gone = sock, deadline, gone

    def recv_into(self, buffer, n: int) -> int:
        while True:
            left = self.deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("deadline")
            if self.gone():
                raise TimeoutError("gone")
            self.sock.settimeout(min(left, POLL))
            try:
                return self.sock.recv_into(buffer, n)
            except socket.timeout:
                continue
