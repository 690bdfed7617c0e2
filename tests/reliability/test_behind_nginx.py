"""Issue 11.3: slow clients stall nothing behind nginx. gunicorn (2 sync workers, production
settings, PROXY_FIX_HOPS=1) runs behind deploy/nginx.conf, rendered for 127.0.0.1 ports. Ten
connections send half their headers and wait; meanwhile /healthz and a quiz step answer
through nginx within a second. Static files come from nginx, pages from the app."""

import os
import shutil
import socket
import subprocess
import time
from contextlib import ExitStack
from pathlib import Path
from string import Template

import pytest
import requests

from tests.support.servers import ROOT, Gunicorn, free_port, stop, wait_until_healthy

pytestmark = pytest.mark.slow
SLOW_CLIENTS = 10
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def render_nginx_conf(run: Path, listen: int, upstream: str) -> str:
    """deploy/nginx.conf with its placeholders filled in, as envsubst would."""
    template = Template((ROOT / "deploy" / "nginx.conf").read_text())
    user = "root" if os.geteuid() == 0 else os.environ.get("USER", "nobody")
    return template.safe_substitute(
        ADVISOR_LISTEN=f"127.0.0.1:{listen}", ADVISOR_UPSTREAM=upstream,
        ADVISOR_STATIC=str(ROOT / "static"), ADVISOR_NGINX_RUN=str(run),
        ADVISOR_NGINX_USER=user)


@pytest.fixture
def nginx_in_front(sqlite_database_url, tmp_path):
    if not os.path.exists(NGINX):
        if os.environ.get("CI"):
            pytest.fail("nginx is not installed: the proxy test may not be skipped in CI")
        pytest.skip("nginx is not installed (apt-get install nginx)")
    run = tmp_path / "nginx"
    run.mkdir()
    port = free_port()
    with ExitStack() as stack:
        app = stack.enter_context(Gunicorn(sqlite_database_url, tmp_path / "gunicorn.log",
                                           workers=2, PROXY_FIX_HOPS="1",
                                           RATELIMIT_ENABLED="0"))
        conf = run / "nginx.conf"
        conf.write_text(render_nginx_conf(run, port, app.url.removeprefix("http://")))
        # Not a daemon, so it is ours to stop; -e: the error log before the config is read.
        nginx = subprocess.Popen([NGINX, "-p", str(run), "-c", str(conf), "-e",
                                  str(run / "error.log"), "-g", "daemon off;"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        stack.callback(stop, nginx)
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, nginx, run / "error.log", seconds=15, name="nginx")
        yield base


def test_slow_headers_stall_neither_healthz_nor_a_quiz_step(nginx_in_front):
    port = int(nginx_in_front.rsplit(":", 1)[1])
    slow = []
    try:
        for _ in range(SLOW_CLIENTS):
            connection = socket.create_connection(("127.0.0.1", port), timeout=5)
            connection.sendall(b"GET /quiz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
            slow.append(connection)
        time.sleep(0.5)  # the half-sent requests are all being waited on now
        for path in ["/healthz", "/quiz", "/healthz", "/quiz"]:
            started = time.monotonic()
            response = requests.get(f"{nginx_in_front}{path}", timeout=5)
            assert response.status_code == 200, path
            assert time.monotonic() - started < 1.0, path
        assert 'name="csrf_token"' in response.text  # the quiz's first step
    finally:
        for connection in slow:
            connection.close()


def test_static_files_come_from_nginx_and_pages_from_the_app(nginx_in_front):
    css = requests.get(f"{nginx_in_front}/static/app.css?v=1", timeout=5)
    assert css.status_code == 200
    assert css.headers["Content-Type"] == "text/css; charset=utf-8"
    assert "immutable" in css.headers["Cache-Control"]
    assert css.content == (ROOT / "static" / "app.css").read_bytes()
    page = requests.get(f"{nginx_in_front}/quiz", timeout=5)
    assert page.status_code == 200 and "Content-Security-Policy" in page.headers
    assert css.headers["Server"] == "nginx"  # server_tokens off: no version told

