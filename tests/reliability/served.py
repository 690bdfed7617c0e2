"""The app as production serves it, for tests that need real processes: gunicorn (its own
master, on a free 127.0.0.1 port), and the throwaway Redis that `.ci/run` starts."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

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


class Gunicorn:
    """One gunicorn master with `workers` sync workers, ADVISOR_ENV=production, plain HTTP."""

    def __init__(self, database_url: str, log: Path, workers: int = 2, **environment: str):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = log
        self.environment = {
            **os.environ,
            "ADVISOR_ENV": "production",
            "SECRET_KEY": SECRET_KEY,
            "DATABASE_URL": database_url,
            "SESSION_COOKIE_SECURE": "0",
            "HSTS": "0",
            "LOG_LEVEL": "warning",
            **environment,
        }
        self.command = [sys.executable, "-m", "gunicorn", "-c",
                        "python:advisor_web.gunicorn_config", "-w", str(workers),
                        "-b", f"127.0.0.1:{self.port}", "advisor_web:create_app()"]
        self.process: subprocess.Popen | None = None

    def __enter__(self) -> Gunicorn:
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.environment,
                                            stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                pytest.fail(f"gunicorn exited with {self.process.returncode}:\n"
                            f"{self.log.read_text()}")
            try:
                if requests.get(f"{self.url}/healthz", timeout=1).ok:
                    return self
            except (requests.ConnectionError, requests.Timeout):  # a worker still starting
                pass
            time.sleep(0.1)
        self.__exit__()
        pytest.fail(f"gunicorn was not ready after 30 s:\n{self.log.read_text()}")

    def __exit__(self, *exc) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=5)
