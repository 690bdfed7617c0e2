"""Issue 11.2: rate limits hold across processes. Two gunicorn masters (two workers each, on
two ports) share one Redis: a login limit of 3 failures and a completion limit of 2 results
hold across both, where per-process counters would have let twice as many through. And
production refuses to start several workers on per-process (memory://) counters."""

import itertools
import subprocess
import sys

import pytest
import requests

from advisor_web import create_app, db
from advisor_web.staff import accounts
from tests.reliability.reliability_support import EVERY_STEP_ANSWERS, csrf_token_in
from tests.support.quiz_runner import HttpClient, complete_quiz
from tests.support.servers import ROOT, SECRET_KEY, Gunicorn, redis_url

pytestmark = pytest.mark.slow
TIMEOUT = 10


@pytest.fixture
def two_servers(sqlite_database_url, tmp_path):
    """Two gunicorn masters on one database and one Redis, with staff member carol."""
    app = create_app({"SECRET_KEY": SECRET_KEY, "DATABASE_URL": sqlite_database_url})
    with app.app_context():
        accounts.create(db.get_session(), "carol", "larch-Pebble-71-osprey")
    app.extensions["advisor_engine"].dispose()
    shared = {"RATELIMIT_STORAGE_URI": redis_url(), "LOGIN_RATE_LIMIT": "3 per minute",
              "LOGIN_SLOWDOWN_MAX_SECONDS": "0", "COMPLETION_RATE_LIMIT": "2 per hour"}
    with Gunicorn(sqlite_database_url, tmp_path / "a.log", **shared) as first, \
            Gunicorn(sqlite_database_url, tmp_path / "b.log", **shared) as second:
        yield first.url, second.url


def test_one_login_limit_holds_across_two_gunicorn_processes(two_servers):
    browser = requests.Session()
    token = csrf_token_in(browser.get(f"{two_servers[0]}/staff/login", timeout=TIMEOUT).text)
    statuses = []
    for base in itertools.islice(itertools.cycle(two_servers), 5):
        answer = browser.post(f"{base}/staff/login", timeout=TIMEOUT, allow_redirects=False,
                              data={"username": "carol", "password": "a-wrong-guess-123",
                                    "csrf_token": token})
        statuses.append(answer.status_code)
    assert statuses == [200, 200, 200, 429, 429]


def finish_a_quiz(base: str) -> int:
    """One visitor on one server, every step; the status of the last step's POST."""
    with HttpClient(base, timeout=TIMEOUT) as browser:
        return complete_quiz(browser, EVERY_STEP_ANSWERS).status_code


def test_one_completion_limit_holds_across_two_gunicorn_processes(two_servers):
    first, second = two_servers
    assert [finish_a_quiz(first), finish_a_quiz(second), finish_a_quiz(first)] == [303, 303, 429]


def test_production_refuses_several_workers_on_per_process_counters(sqlite_database_url):
    environment = {"ADVISOR_ENV": "production", "SECRET_KEY": SECRET_KEY,
                   "DATABASE_URL": sqlite_database_url, "RATELIMIT_STORAGE_URI": "memory://",
                   "PATH": "/usr/bin:/bin"}
    command = [sys.executable, "-m", "gunicorn", "-c", "python:advisor_web.gunicorn_config",
               "-w", "2", "-b", "127.0.0.1:0", "advisor_web:create_app()"]
    refused = subprocess.run(command, cwd=ROOT, env=environment, capture_output=True,
                             text=True, timeout=30)
    assert refused.returncode != 0
    assert "RATELIMIT_STORAGE_URI is memory://" in refused.stderr
