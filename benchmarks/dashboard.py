"""The staff dashboard's server time at 1,000 and at 1,000,000 stored results.

Two temporary SQLite databases are filled by `flask demo-data` over the same 365 days, then
`/staff/` is requested through the Flask test client by a logged-in staff member: the default
view (the last 30 days, by day) and a whole year (by week). Requests alternate between the
two databases, so whatever else the machine is doing slows both alike; each figure is the
median of RUNS requests. The dashboard reads only tallies, so the two sizes should cost the
same: the goals are 50 ms at a million and at most 1.5 times the time at a thousand.

BENCH_DASHBOARD_RESULTS changes the large size (for a quick try: 100000).
"""

from __future__ import annotations

import datetime as dt
import os
import statistics
import tempfile
import time
from pathlib import Path

from advisor_web import create_app, db
from advisor_web.db import upgrade
from advisor_web.staff import accounts

SMALL = 1_000
LARGE = int(os.environ.get("BENCH_DASHBOARD_RESULTS", "1000000"))
DAYS = 365
RUNS = 20
USERNAME, PASSWORD = "bench", "Quiet-harbour-lamp-71"


def filled_app(directory: Path, results: int):
    """An app on a new database holding `results` demo results; returns it and the fill time."""
    url = f"sqlite:///{directory / f'dashboard-{results}.sqlite3'}"
    upgrade(url)
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": url,
                      "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    started = time.perf_counter()
    outcome = app.test_cli_runner().invoke(
        args=["demo-data", "--results", str(results), "--days", str(DAYS), "--seed", "1"])
    seconds = time.perf_counter() - started
    if outcome.exit_code != 0:
        raise RuntimeError(outcome.output)
    with app.app_context():
        accounts.create(db.get_session(), USERNAME, PASSWORD)
    return app, seconds


def logged_in(app):
    client = app.test_client()
    response = client.post("/staff/login", data={"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 303, response.status_code
    return client


def median_ms(pairs) -> list[float]:
    """The median time of each (client, path), requests alternating between them."""
    times: list[list[float]] = [[] for _ in pairs]
    for client, path in pairs:  # warm up: templates compiled, pages in the OS cache
        client.get(path)
    for _ in range(RUNS):
        for (client, path), spent in zip(pairs, times, strict=True):
            started = time.perf_counter()
            response = client.get(path)
            spent.append(time.perf_counter() - started)
            assert response.status_code == 200, response.status_code
    return [statistics.median(spent) * 1000 for spent in times]


def main():
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as directory:
        small, _ = filled_app(Path(directory), SMALL)
        large, fill_seconds = filled_app(Path(directory), LARGE)
        clients = [logged_in(small), logged_in(large)]
        default_small, default_large = median_ms([(c, "/staff/") for c in clients])
        year_start = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=DAYS - 1)
        year_small, year_large = median_ms([(c, f"/staff/?from={year_start}") for c in clients])
        for app in (small, large):
            app.extensions["advisor_engine"].dispose()
    return [
        (f"`demo-data --results {LARGE:,} --days {DAYS}` (s)", f"{fill_seconds:.0f}",
         "a few minutes"),
        (f"dashboard, last 30 days, {SMALL:,} results (ms, median)", f"{default_small:.1f}", ""),
        (f"dashboard, last 30 days, {LARGE:,} results (ms, median)", f"{default_large:.1f}",
         "≤ 50"),
        ("dashboard, last 30 days: large / small", f"{default_large / default_small:.2f}×",
         "≤ 1.5×"),
        (f"dashboard, a year by week, {SMALL:,} results (ms, median)", f"{year_small:.1f}", ""),
        (f"dashboard, a year by week, {LARGE:,} results (ms, median)", f"{year_large:.1f}", ""),
    ]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
