"""Purging 1,000,000 stored results while visitors use the quiz.

A temporary SQLite database is filled by `flask demo-data` (1,000,000 results over 365 days)
and served by gunicorn (2 sync workers). Two wrk loads run together: the step page with a quiz
started (it reads), and complete quiz runs (every step's POST writes tallies, the last one a
result, so they queue for the same write lock as the purge's batches). First for
BENCH_DURATION without a purge, then again while `retention.purge` (what `flask results purge`
runs) deletes every stored result in short write transactions. The goals: the purge takes at
most 60 s, and a quiz step's p99 latency during it stays under 250 ms.

BENCH_PURGE_RESULTS changes the size (for a quick try: 100000).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

from advisor_web import create_app, db
from advisor_web.db import upgrade
from advisor_web.storage import retention
from benchmarks.http import DURATION, HERE, gunicorn, started_quiz_cookie

RESULTS = int(os.environ.get("BENCH_PURGE_RESULTS", "1000000"))
DAYS = 365
CONNECTIONS = 2  # per load: a step-page reader and quiz runners, side by side


def start_wrk(base: str, path: str, script: str, headers: dict | None = None) -> subprocess.Popen:
    """wrk running until `stop_wrk` (SIGINT makes it stop and print its summary)."""
    command = ["wrk", f"-t{CONNECTIONS}", f"-c{CONNECTIONS}", "-d600s",
               "-s", str(HERE / script), f"{base}{path}"]
    for name, value in (headers or {}).items():
        command[1:1] = ["-H", f"{name}: {value}"]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def stop_wrk(process: subprocess.Popen) -> dict:
    process.send_signal(signal.SIGINT)
    output, errors = process.communicate(timeout=60)
    line = next((x for x in output.splitlines() if x.startswith("WRK_JSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk printed no summary: {output} {errors}")
    return json.loads(line.removeprefix("WRK_JSON "))


def filled(directory: Path) -> str:
    url = f"sqlite:///{directory / 'purge.sqlite3'}"
    upgrade(url)
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": url})
    outcome = app.test_cli_runner().invoke(
        args=["demo-data", "--results", str(RESULTS), "--days", str(DAYS), "--seed", "2"])
    if outcome.exit_code != 0:
        raise RuntimeError(outcome.output)
    app.extensions["advisor_engine"].dispose()
    return url


def timed_purge(url: str) -> tuple[int, float, list[float]]:
    """Purge every stored result as `flask results purge` would; how many, how long, and the
    time each full batch took (its write transaction, and the pause after it)."""
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": url})
    marks = [0.0]
    with app.app_context(), db.new_session() as session:
        started = time.perf_counter()
        # The day after today: every result goes, those the quiz runs store meanwhile too.
        removed = retention.purge(session, retention.today() + dt.timedelta(days=1),
                                  progress=lambda _n, seconds: marks.append(seconds))
        seconds = time.perf_counter() - started
    app.extensions["advisor_engine"].dispose()
    batches = [later - earlier for earlier, later in zip(marks, marks[1:], strict=False)]
    return removed, seconds, batches


def duration_seconds(text: str) -> float:
    """wrk's duration ("10s", "2m") in seconds."""
    return float(text[:-1]) * 60 if text.endswith("m") else float(text.rstrip("s"))


def under_load(base: str, cookie: str, during=None) -> tuple[dict, dict, object]:
    """The two loads together for BENCH_DURATION, or for as long as `during()` runs."""
    step = start_wrk(base, "/quiz/project", "summary.lua", {"Cookie": cookie})
    runs = start_wrk(base, "/quiz", "quiz_run.lua")
    time.sleep(1)  # both loads are up before the purge begins
    try:
        outcome = during() if during else time.sleep(duration_seconds(DURATION))
    finally:
        step_figures, run_figures = stop_wrk(step), stop_wrk(runs)
    return step_figures, run_figures, outcome


def main():
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as folder:
        url = filled(Path(folder))
        with gunicorn(url) as (base, _pid):
            cookie = started_quiz_cookie(base)
            # Warm-up: imports, templates, connections, and the WAL the fill left behind.
            under_load(base, cookie, lambda: time.sleep(2))
            step_before, runs_before, _ = under_load(base, cookie)
            step_during, runs_during, purged = under_load(base, cookie, lambda: timed_purge(url))
    removed, seconds, batches = purged

    def p99(figures: dict) -> str:
        return f"{figures['p99_us'] / 1000:.1f}"

    errors = sum(f["errors"] for f in (step_during, runs_during))
    return [
        (f"`results purge` of {RESULTS:,} results, quiz under load (s)", f"{seconds:.1f}",
         "≤ 60"),
        ("purge: results removed / per second", f"{removed:,} / {removed / seconds:,.0f}", ""),
        (f"purge: one batch (≤ {retention.BATCH_SIZE:,} rows) with its pause, median / max (ms)",
         f"{statistics.median(batches) * 1000:.0f} / {max(batches) * 1000:.0f}", ""),
        ("step page p99 latency, before / during the purge (ms)",
         f"{p99(step_before)} / {p99(step_during)}", "during < 250"),
        ("quiz-run request p99 latency, before / during the purge (ms)",
         f"{p99(runs_before)} / {p99(runs_during)}", "during < 250"),
        ("during the purge: quiz runs completed / unexpected answers / socket errors",
         f"{runs_during['runs']} / {runs_during['unexpected']} / {errors}", "… / 0 / 0"),
    ]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
