"""Issue 14: under gunicorn with 2 workers, setting METRICS_TOKEN is enough for `/metrics` to
count the whole process group: requests, steps and results served by either worker add up,
whichever worker answers the scrape."""

import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests
from prometheus_client.parser import text_string_to_metric_families

from advisor_web.db import make_engine
from tests.reliability.reliability_support import EVERY_STEP_ANSWERS, steps_for
from tests.support.quiz_runner import HttpClient, finish_quiz
from tests.support.servers import Gunicorn

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "metrics-token-for-the-gunicorn-test"
WORKERS = 2
RUNS = 12
HEALTH_CHECKS = 60


@pytest.fixture
def gunicorn(sqlite_database_url, tmp_path):
    """gunicorn with the project's settings, 2 workers, METRICS_TOKEN and nothing else set for
    metrics (no PROMETHEUS_MULTIPROC_DIR: the gunicorn settings make one); its log in a file."""
    log_path = tmp_path / "gunicorn.log"
    with Gunicorn(sqlite_database_url, log_path, workers=WORKERS, production=False,
                  without=("PROMETHEUS_MULTIPROC_DIR",), SECRET_KEY="test-secret",
                  RATELIMIT_ENABLED="0", METRICS_TOKEN=TOKEN) as server:
        yield server.url, log_path, sqlite_database_url


def run_quiz(base: str) -> None:
    with HttpClient(base) as browser:
        finish_quiz(browser, EVERY_STEP_ANSWERS)


def scrape(base: str) -> dict[tuple[str, frozenset], float]:
    response = requests.get(f"{base}/metrics", headers={"Authorization": f"Bearer {TOKEN}"},
                            timeout=10)
    assert response.status_code == 200, response.text
    return {(s.name, frozenset(s.labels.items())): s.value
            for family in text_string_to_metric_families(response.text)
            for s in family.samples}


def test_two_workers_counts_are_summed(gunicorn):
    base, log_path, database_url = gunicorn
    engine = make_engine(database_url)
    one_pool = engine.pool.size()
    engine.dispose()
    # Concurrent clients, so both sync workers take requests.
    with ThreadPoolExecutor(4) as pool:
        for future in [pool.submit(run_quiz, base) for _ in range(RUNS)]:
            future.result(timeout=120)
        for future in [pool.submit(requests.get, f"{base}/healthz", timeout=10)
                       for _ in range(HEALTH_CHECKS)]:
            assert future.result(timeout=30).status_code == 200

    # Each worker writes its own files, named by its process id, into the directory the
    # gunicorn settings made: both workers did count.
    directory = Path(re.search(r"metrics: workers write their counts to (\S+)",
                               log_path.read_text()).group(1))
    writers = {re.search(r"_(\d+)\.db$", f.name).group(1) for f in directory.glob("counter_*.db")}
    assert len(writers) == WORKERS, writers

    for _ in range(4):  # any worker answers the scrape with the same sums
        samples = scrape(base)
        healthz = frozenset({"route": "/healthz", "method": "GET", "status": "200"}.items())
        # Every health check sent, plus those wait_until_ready made.
        assert samples[("advisor_http_requests_total", healthz)] >= HEALTH_CHECKS + 1
        steps = len(steps_for(EVERY_STEP_ANSWERS))
        default = frozenset({"comparison": "node-vs-python"}.items())
        assert samples[("advisor_quiz_steps_answered_total", default)] == RUNS * steps
        assert samples[("advisor_results_stored_total", default)] == RUNS
        stored = frozenset({"route": "/quiz/<step_id>", "method": "POST", "status": "303"}.items())
        assert samples[("advisor_http_requests_total", stored)] == RUNS * steps
        # Each worker's pool, summed: twice one worker's.
        assert samples[("advisor_db_pool_size", frozenset())] == WORKERS * one_pool
