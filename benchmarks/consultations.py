"""Consultation requests on gunicorn (2 sync workers, SQLite): how long sending one takes
(p50 of SUBMISSIONS, each a fresh visitor: the result page, then the form's POST, timed
alone, through to its 303), and the result page's first visit with the form and the proof of
work's script (≤ 40 KB compressed, the page-weight goal).

Each POST is a real request: a signed form token, a solved ALTCHA challenge (solved here,
as the browser's script would; a small difficulty, since the server's cost does not depend
on it), the request stored with its tallies and its outbox row for one webhook URL.
"""

from __future__ import annotations

import base64
import html
import json
import os
import re
import statistics
import tempfile
import time
from contextlib import contextmanager

import requests

from advisor_web.db import upgrade
from advisor_web.visitor.bot_checks import solve

from .http import finished_result, gunicorn, page_weight

SUBMISSIONS = int(os.environ.get("BENCH_CONSULTATIONS", "200"))
SETTINGS = {
    "CONSULTATION_MIN_SECONDS": "0",  # each form is sent as soon as it is read
    "CONSULTATION_NO_JS_MIN_SECONDS": "0",
    "CONSULTATION_POW_MAX_NUMBER": "1000",
    "WEBHOOK_URLS": "http://127.0.0.1:9/hooks/advisor",  # queued, never delivered here
    "WEBHOOK_SECRET": "whsec_" + base64.b64encode(b"benchmark webhook secret, 32 b!!").decode(),
}
TYPED = {"name": "Sita Sharma", "email": "sita@example.com", "company": "Himal Apps",
         "message": "We plan a live tracking app for couriers.", "consent": "y"}


@contextmanager
def settings(values: dict[str, str]):
    """The environment gunicorn starts with, for the consultation settings."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def form_on(page: str) -> dict[str, str]:
    """The consultation form as a browser sends it, its proof of work solved."""
    start = page.index("data-consultation")
    section = page[start:page.index("</form>", start)]
    hidden = {name: html.unescape(value)
              for name, value in re.findall(r'name="([a-z_]+)" value="([^"]*)"', section)}
    challenge = json.loads(html.unescape(re.search(r'data-pow="([^"]+)"', page).group(1)))
    return {**hidden, **TYPED, "altcha": solve(challenge)}


def submission_ms(base: str, result: str) -> list[float]:
    times = []
    for _ in range(SUBMISSIONS):
        visitor = requests.Session()
        form = form_on(visitor.get(f"{base}{result}", timeout=5).text)
        started = time.perf_counter()
        response = visitor.post(f"{base}{result}/consultation", data=form, timeout=5,
                                allow_redirects=False)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 303:
            raise RuntimeError(f"a request was refused ({response.status_code})")
    return times


def main():
    with tempfile.TemporaryDirectory() as folder, settings(SETTINGS):
        database_url = f"sqlite:///{folder}/bench.sqlite3"
        upgrade(database_url)
        with gunicorn(database_url) as (base, _pid):
            result = finished_result(base)
            weight = page_weight(base, result, requests.Session())
            times = submission_ms(base, result)
    return [
        (f"sending a consultation request (ms, p50 of {SUBMISSIONS}; p90)",
         f"{statistics.median(times):.1f}; {statistics.quantiles(times, n=10)[-1]:.1f}", ""),
        ("result page first visit with the consultation form and the proof of work's "
         "script, assets included (KB, compressed)", f"{weight / 1024:.1f}", "≤ 40"),
    ]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
