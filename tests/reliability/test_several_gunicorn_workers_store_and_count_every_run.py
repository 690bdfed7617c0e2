"""Issue 6.7 and 7: several processes on one database. The app runs under gunicorn with 4
worker processes; 16 concurrent clients make 400 complete quiz runs. Every run reaches its
result page, the database then holds exactly 400 results, and the tallies agree with them.
On SQLite, writers wait for each other (WAL, a busy timeout, BEGIN IMMEDIATE) instead of
failing; on PostgreSQL, concurrent upserts add up instead of overwriting each other."""

import json
import random
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.reliability.reliability_support import QUIZ, random_answers, steps_for
from tests.support.quiz_runner import HttpClient, finish_quiz, public_id_of
from tests.support.servers import Gunicorn

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
WORKERS = 4
CLIENTS = 16
RUNS = 400
REQUEST_TIMEOUT = 30  # seconds, per request
WHOLE_TEST_TIMEOUT = 150  # seconds for all runs together
USER_AGENT = "LoadTester/7 unique-ua-for-the-log-check"


@pytest.fixture
def gunicorn(database_url, tmp_path):
    """gunicorn as the README runs it in production, with 4 workers on a free port; its
    output (error log, and an access log if anything turned one on) in a file, at the info
    level so that anything it would log about a request shows."""
    output = tmp_path / "gunicorn.log"
    with Gunicorn(database_url, output, workers=WORKERS, RATELIMIT_ENABLED="0",
                  LOG_LEVEL="info") as server:
        yield {"url": server.url, "database": database_url, "log": output}


def run_quiz(base: str, answers: dict[str, str]) -> tuple[str, dict[str, str]]:
    """One visitor, start to finish, without JavaScript: the result's public id."""
    with HttpClient(base, timeout=REQUEST_TIMEOUT, **{"User-Agent": USER_AGENT}) as browser:
        url = finish_quiz(browser, answers)
        assert 'data-verdict="' in browser.get(url).text
        return public_id_of(url), answers


def query(database_url: str, sql: str) -> list[tuple]:
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            return [tuple(row) for row in connection.execute(text(sql))]
    finally:
        engine.dispose()


def stored(database_url: str) -> dict[str, tuple[dict, str]]:
    rows = query(database_url, "SELECT public_id, answers, verdict FROM stored_result")
    return {public_id: (answers if isinstance(answers, dict) else json.loads(answers), verdict)
            for public_id, answers, verdict in rows}


def tallies(database_url: str) -> Counter:
    rows = query(database_url, "SELECT kind, key, value, SUM(count) FROM tally "
                               "GROUP BY kind, key, value")
    return Counter({(kind, key, value): int(n) for kind, key, value, n in rows})


def test_400_quiz_runs_from_16_clients_on_4_workers_are_all_stored_and_counted(gunicorn):
    rng = random.Random(6)
    answer_sets = [random_answers(rng) for _ in range(RUNS)]
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
        futures = [pool.submit(run_quiz, gunicorn["url"], answers) for answers in answer_sets]
        runs, failures = [], []
        for future in futures:
            remaining = max(1.0, WHOLE_TEST_TIMEOUT - (time.monotonic() - started))
            try:
                runs.append(future.result(timeout=remaining))
            except Exception as error:  # every failure is reported together below
                failures.append(repr(error))
    assert failures == [], f"{len(failures)} of {RUNS} runs failed, e.g. {failures[:3]}"

    results = stored(gunicorn["database"])
    assert len(results) == RUNS
    assert {public_id: answers for public_id, answers in runs} == {
        public_id: answers for public_id, (answers, _) in results.items()}

    # Each worker holds the step counts for up to FUNNEL_WRITE_SECONDS (1 s) before writing.
    shown = Counter(step.id for _, answers in runs for step in steps_for(answers))
    deadline = time.monotonic() + 15
    while True:
        counted = tallies(gunicorn["database"])
        done = {k[1]: n for k, n in counted.items() if k[0] == "step_done"}
        if done == shown or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert counted[("completed", "", "")] == RUNS
    assert counted[("started", "", "")] == RUNS
    verdicts = Counter(verdict for _, verdict in results.values())
    assert {v: counted[("verdict", v, "")] for v in QUIZ.verdicts} == {
        v: verdicts[v] for v in QUIZ.verdicts}
    chosen = Counter(item for answers, _ in results.values() for item in answers.items())
    assert {k[1:]: n for k, n in counted.items() if k[0] == "answer"} == chosen
    assert {k[1]: n for k, n in counted.items() if k[0] == "step_done"} == shown
    assert {k[1]: n for k, n in counted.items() if k[0] == "step_reached"} == shown

    log = gunicorn["log"].read_text()
    assert USER_AGENT not in log
    assert "project_type=" not in log and "csrf_token" not in log
    assert "database is locked" not in log and "funnel not counted" not in log
    client_lines = [line for line in log.splitlines()
                    if "127.0.0.1" in line and "Listening at" not in line]
    assert client_lines == []
