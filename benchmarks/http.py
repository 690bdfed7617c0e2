"""Requests per second, latency, bytes and memory, on gunicorn with 2 sync workers.

Everything here is measured in one run, against one gunicorn, with wrk on the same machine:
`/healthz` (the framework's ceiling, touching nothing), a step page with a quiz started, and
complete quiz runs (a new draft, every step's POST, the stored result).

The machine is shared, so its speed drifts from one minute to the next: each ratio is measured
in ROUNDS alternating rounds (`/healthz`, step page, `/healthz`, quiz runs), each thing compared
with the `/healthz` run just before it at the same connection count, and the table gives the
median with the range over the rounds.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import requests

from advisor_web.db import upgrade

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DURATION = os.environ.get("BENCH_DURATION", "5s")  # of each wrk run
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
WORKERS = 2


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(database_url: str):
    """The app under gunicorn with 2 sync workers, as production runs it."""
    port = free_port()
    env = {
        **os.environ,
        "ADVISOR_ENV": "production",
        "SECRET_KEY": "benchmark-secret-key-of-at-least-32-chars",
        "DATABASE_URL": database_url,
        "SESSION_COOKIE_SECURE": "0",  # plain HTTP on loopback
        "RATELIMIT_ENABLED": "0",  # one address makes every request here
        "LOG_LEVEL": "warning",
        "EMBED_ORIGINS": "http://localhost:8080",  # the embedded mode on, for its rows
        "EMBED_SOURCES": "blog",
    }
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "-c", "python:advisor_web.gunicorn_config",
        "--workers", str(WORKERS), "--bind", f"127.0.0.1:{port}", "advisor_web:create_app()",
    ]
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if requests.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except (requests.ConnectionError, requests.Timeout):  # not listening, or still busy
                time.sleep(0.1)
        else:
            raise RuntimeError("gunicorn did not start")
        yield base, process.pid
    finally:
        process.terminate()
        process.wait(timeout=30)


def wrk(base: str, path: str, script: str = "summary.lua", headers: dict | None = None,
        connections: int = CONNECTIONS, threads: int = 2) -> dict:
    command = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{DURATION}",
               "-s", str(HERE / script), f"{base}{path}"]
    for name, value in (headers or {}).items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True, timeout=300)
    line = next(x for x in output.stdout.splitlines() if x.startswith("WRK_JSON "))
    figures = json.loads(line.removeprefix("WRK_JSON "))
    figures["rps"] = figures["requests"] / (figures["duration_us"] / 1e6)
    return figures


def started_quiz_cookie(base: str) -> str:
    """A session cookie whose draft is on the first step (reached and counted once)."""
    response = requests.get(f"{base}/quiz", timeout=5)
    response.raise_for_status()
    return "; ".join(f"{name}={value}" for name, value in response.cookies.items())


def transferred(base: str, path: str, session: requests.Session) -> tuple[int, str]:
    """Bytes on the wire for one page (headers and compressed body), and its HTML."""
    response = session.get(f"{base}{path}", stream=True, timeout=5,
                           headers={"Accept-Encoding": "br, gzip"})
    raw = response.raw.read(decode_content=False)
    head = sum(len(k) + len(v) + 4 for k, v in response.headers.items()) + 17
    text = ""
    if "text/html" in response.headers.get("Content-Type", ""):
        text = session.get(f"{base}{path}", timeout=5).text
    return head + len(raw), text


def page_weight(base: str, path: str, session: requests.Session) -> int:
    """A page and the assets it links to, as a browser with an empty cache fetches them."""
    total, html = transferred(base, path, session)
    for asset in re.findall(r'(?:href|src)="(/static/[^"]+)"', html):
        total += transferred(base, asset.replace("&amp;", "&"), session)[0]
    return total


def first_visit_bytes(base: str, prefix: str = "") -> int:
    """The landing page and the first step, with their assets (`prefix`: "/ne" in Nepali)."""
    session = requests.Session()
    landing = page_weight(base, f"{prefix}/", session)
    seen = set(re.findall(r'(?:href|src)="(/static/[^"]+)"',
                          session.get(f"{base}{prefix}/").text))
    first_step, html = transferred(base, f"{prefix}/quiz", session)
    # Assets already fetched for the landing page come from the browser's cache.
    for asset in set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html)) - seen:
        first_step += transferred(base, asset, session)[0]
    return landing + first_step


def embed_script_gzipped(base: str) -> int:
    """/embed.js as a publisher's readers fetch it, gzipped (level 9)."""
    return len(gzip.compress(requests.get(f"{base}/embed.js", timeout=5).content, 9))


def embedded_first_visit_bytes(base: str) -> int:
    """An article's reader opening the embedded quiz: the snippet's script, then the frame's
    page (its first step) with its assets."""
    session = requests.Session()
    script, _ = transferred(base, "/embed.js", session)
    return script + page_weight(base, "/embed/quiz?source=blog", session)


def result_page_bytes(base: str) -> int:
    """A result page's first visit: the page (with the consultation form under the result)
    and the assets it links to, the proof of work's script included."""
    return page_weight(base, finished_result(base), requests.Session())


def finished_result(base: str) -> str:
    """Take the quiz once (a Python verdict); the result page's path."""
    session = requests.Session()
    page = session.get(f"{base}/quiz", timeout=5).text
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)
    answers = {
        "project": {"project_type": "ai_product"},
        "features": {"realtime": "some", "ai_ml": "core", "data_processing": "some"},
        "team": {"team_language": "python", "team_experience": "experienced"},
        "product": {"frontend": "js_framework", "crud_admin": "yes"},
        "launch": {"ship_speed": "normal", "concurrency": "high", "cost_sensitive": "no"},
        "team_size": {"team_size": "small"},
    }
    response = None
    for step, fields in answers.items():
        response = session.post(f"{base}/quiz/{step}", allow_redirects=False, timeout=5,
                                data={"csrf_token": token, "step": step, "nav": "next", **fields})
    assert response is not None and "/result/" in response.headers["Location"]
    return response.headers["Location"]


def peak_rss_mb(master_pid: int) -> float:
    """The largest peak resident set (VmHWM) among the master's worker processes."""
    peaks = []
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            text = status.read_text()
        except OSError:
            continue
        if re.search(rf"^PPid:\s+{master_pid}$", text, re.M):
            peaks.append(int(re.search(r"^VmHWM:\s+(\d+) kB", text, re.M).group(1)) / 1024)
    return max(peaks)


def median_and_range(values: list[float], fmt: str = ".2f") -> str:
    """"0.48 (0.45–0.51)": the median, and the lowest and highest of the rounds."""
    return (f"{statistics.median(values):{fmt}} "
            f"({min(values):{fmt}}–{max(values):{fmt}})")


def alternating_rounds(base: str) -> list[dict]:
    """ROUNDS rounds of `/healthz`, step page, `/healthz`, quiz runs: each ratio compares two
    runs a few seconds apart, at the same connection count and with as many wrk threads."""
    cookie = started_quiz_cookie(base)
    rounds = []
    for _ in range(ROUNDS):
        health_for_step = wrk(base, "/healthz")
        step = wrk(base, "/quiz/project", headers={"Cookie": cookie})
        nepali_step = wrk(base, "/ne/quiz/project", headers={"Cookie": cookie})
        health_for_runs = wrk(base, "/healthz", threads=CONNECTIONS)
        runs = wrk(base, "/quiz", script="quiz_run.lua", threads=CONNECTIONS)
        rounds.append({"health": health_for_step, "step": step, "nepali_step": nepali_step,
                       "health_for_runs": health_for_runs, "runs": runs})
    return rounds


def main():
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed: apt-get install wrk (make bench does this)")
    with tempfile.TemporaryDirectory() as folder:
        database_url = f"sqlite:///{folder}/bench.sqlite3"
        upgrade(database_url)
        with gunicorn(database_url) as (base, master_pid):
            wrk(base, "/healthz")  # warm-up: imports, templates, connections
            rounds = alternating_rounds(base)
            first_visit = first_visit_bytes(base)
            nepali_first_visit = first_visit_bytes(base, "/ne")
            embed_script = embed_script_gzipped(base)
            embedded_first_visit = embedded_first_visit_bytes(base)
            result_page = result_page_bytes(base)
            rss = peak_rss_mb(master_pid)

    def each(run: str, figure: str) -> list[float]:
        return [r[run][figure] for r in rounds]

    def ms(run: str) -> str:
        """The run's median p50 / p99 over the rounds, in milliseconds."""
        return (f"{statistics.median(each(run, 'p50_us')) / 1000:.1f} / "
                f"{statistics.median(each(run, 'p99_us')) / 1000:.1f}")

    step_ratios = [r["step"]["rps"] / r["health"]["rps"] for r in rounds]
    run_ratios = [r["runs"]["rps"] / r["health_for_runs"]["rps"] for r in rounds]
    nepali_ratios = [r["nepali_step"]["rps"] / r["step"]["rps"] for r in rounds]
    runs_per_second = [r["runs"]["runs"] / (r["runs"]["duration_us"] / 1e6) for r in rounds]
    return [
        (f"rounds of `/healthz`, step page, `/healthz`, quiz runs ({DURATION} each); "
         "figures are medians (range)", f"{ROUNDS}", "≥ 3"),
        ("`/healthz` requests/s (baseline)", median_and_range(each("health", "rps"), ",.0f"), ""),
        ("`/healthz` p50 / p99 latency (ms)", ms("health"), ""),
        ("step page requests/s, quiz started", median_and_range(each("step", "rps"), ",.0f"), ""),
        ("step page p50 / p99 latency (ms)", ms("step"), ""),
        ("step page ÷ `/healthz`", median_and_range(step_ratios), "≥ 0.50"),
        ("complete quiz runs/s (7 requests each, result stored)",
         median_and_range(runs_per_second, ",.1f"), ""),
        ("quiz-run requests/s ÷ `/healthz`", median_and_range(run_ratios), "≥ 0.30"),
        ("quiz-run request p50 / p99 latency (ms)", ms("runs"), ""),
        ("quiz-run unexpected answers / socket errors",
         f"{sum(each('runs', 'unexpected'))} / {sum(each('runs', 'errors'))}", "0 / 0"),
        ("landing page + first step, assets included (KB, compressed)",
         f"{first_visit / 1024:.1f}", "≤ 40"),
        ("Nepali step page requests/s", median_and_range(each("nepali_step", "rps"), ",.0f"), ""),
        ("Nepali step page ÷ English step page", median_and_range(nepali_ratios), "≥ 0.90"),
        ("Nepali landing page + first step, assets included (KB, compressed)",
         f"{nepali_first_visit / 1024:.1f}", "≤ 40"),
        ("`embed.js`, gzipped (bytes)", f"{embed_script:,}", "≤ 2,048"),
        ("embedded first visit: script, frame page, first step (KB, compressed)",
         f"{embedded_first_visit / 1024:.1f}", "≤ 30"),
        ("result page with the consultation form and its proof-of-work script, assets "
         "included (KB, compressed)", f"{result_page / 1024:.1f}", "≤ 40"),
        ("peak RSS of one worker (MB)", f"{rss:.0f}", "≤ 80"),
    ]
