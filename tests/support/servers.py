"""The app served for real, for tests that need a browser, concurrency or real processes:
werkzeug in a thread (`LiveServer`), gunicorn as production runs it (`Gunicorn`, the one
launcher every test uses), waiting for any server to be healthy and stopping it, and the
throwaway Redis that `.ci/run` starts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from werkzeug.serving import make_server

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "served-test-secret-key-of-40-characters!"
REDIS_URL = os.environ.get("TEST_REDIS_URL")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url() -> str:
    """The test Redis, emptied; skipped locally without one, a failure in CI."""
    if not REDIS_URL:
        reason = "TEST_REDIS_URL is not set (.ci/run starts a throwaway redis-server)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: Redis runs may not be skipped in CI")
        pytest.skip(reason)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    return REDIS_URL


def wait_until_healthy(url: str, process: subprocess.Popen, log: Path, *, seconds: float,
                       name: str, ready=lambda: True) -> None:
    """Wait until the server `process` started at `url` is `ready()` and its /healthz
    answers; fail with the end of its `log` if it exits first or `seconds` pass."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{name} exited with {process.returncode}:\n{log.read_text()[-4000:]}")
        if ready():
            try:
                if requests.get(f"{url}/healthz", timeout=2).ok:
                    return
            except requests.RequestException:  # not listening yet, or too busy to answer
                pass
        time.sleep(0.1)
    pytest.fail(f"{name} was not ready after {seconds} s:\n{log.read_text()[-4000:]}")


def stop(process: subprocess.Popen, seconds: float = 10) -> None:
    """Stop `process` if it still runs: asked to, then, after `seconds`, killed."""
    if process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=seconds)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=5)


class LiveServer:
    """The app served by werkzeug from a background thread, one thread per request."""

    def __init__(self, app):
        self.app = app
        self._server = make_server("127.0.0.1", 0, app, threaded=True)
        self.port = self._server.server_port
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._server.shutdown()
        self._thread.join(timeout=10)
        self._server.server_close()

    def raw_request(self, data: bytes) -> bytes:
        """Send bytes no HTTP client would send; return what comes back."""
        with socket.create_connection(("127.0.0.1", self.port), timeout=10) as connection:
            connection.sendall(data)
            chunks = []
            while chunk := connection.recv(65536):
                chunks.append(chunk)
        return b"".join(chunks)


class Gunicorn:
    """One gunicorn master with `workers` sync workers on a free 127.0.0.1 port, plain HTTP,
    its output in `log`; ready once /healthz answers and, when the log level shows it, every
    worker has booted.

    `production` (the default) sets ADVISOR_ENV=production with a secret key and no secure
    cookies or HSTS (plain HTTP); without it the app's own defaults apply. `environment`
    adds or overrides variables; `without` drops inherited ones."""

    def __init__(self, database_url: str, log: Path, workers: int = 2,
                 production: bool = True, without: tuple[str, ...] = (),
                 **environment: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.workers = workers
        inherited = {key: value for key, value in os.environ.items() if key not in without}
        settings = {"ADVISOR_ENV": "production", "SECRET_KEY": SECRET_KEY,
                    "SESSION_COOKIE_SECURE": "0", "HSTS": "0",
                    "LOG_LEVEL": "warning"} if production else {}
        self.environment = {**inherited, **settings, "DATABASE_URL": database_url,
                            **environment}
        # No control socket: its default path is one per user, shared by concurrent servers.
        self.command = [sys.executable, "-m", "gunicorn", "-c",
                        "python:advisor_web.gunicorn_config", "--no-control-socket",
                        "-w", str(workers),
                        "-b", f"127.0.0.1:{self.port}", "advisor_web:create_app()"]
        self.process: subprocess.Popen | None = None
        # gunicorn logs "Booting worker" at the info level.
        level = self.environment.get("LOG_LEVEL", "info").lower()
        self.boots_logged = level in ("debug", "info")

    def booted(self) -> bool:
        return not self.boots_logged or self.log.read_text().count("Booting worker") >= self.workers

    def __enter__(self) -> Gunicorn:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.environment,
                                            stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_until_healthy(self.url, self.process, self.log, seconds=30, name="gunicorn",
                               ready=self.booted)
        except BaseException:
            self.__exit__()  # a server that never became ready is not left running
            raise
        return self

    def __exit__(self, *exc) -> None:
        if self.process is not None:
            stop(self.process, seconds=15)
