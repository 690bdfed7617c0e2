"""Issue 14: a backup taken while visitors finish quizzes, restored into a new file, holds every
result stored before the backup began, and its tallies agree with its results (each result
and its tallies are one transaction, and the backup is one snapshot)."""

import json
import random
import sqlite3
import threading
import time
from collections import Counter

import pytest

from advisor_web import create_app
from tests.reliability.reliability_support import random_answers, sqlite_only
from tests.support.quiz_runner import HttpClient, finish_quiz, public_id_of
from tests.support.servers import LiveServer

pytestmark = pytest.mark.slow

CLIENTS = 4
RUNS_PER_CLIENT = 40  # at most; the clients stop soon after the backup
REQUEST_TIMEOUT = 10  # seconds, per request
WHOLE_TEST_TIMEOUT = 60  # seconds for the clients together


def run_quiz(base: str, answers: dict[str, str]) -> str:
    """One visitor without JavaScript, start to finish: the stored result's public id."""
    with HttpClient(base, timeout=REQUEST_TIMEOUT) as browser:
        return public_id_of(finish_quiz(browser, answers))


def visitor(base: str, seed: int, stop: threading.Event, finished: list, failures: list):
    """Quiz runs one after another until `stop`; each stored id with the time it was stored
    (the response to the last step had arrived)."""
    rng = random.Random(seed)
    for _ in range(RUNS_PER_CLIENT):
        if stop.is_set():
            return
        try:
            public_id = run_quiz(base, random_answers(rng))
        except Exception as error:  # reported by the test
            failures.append(repr(error))
            return
        finished.append((public_id, time.monotonic()))


def read(path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@sqlite_only
def test_a_backup_during_quiz_runs_restores_every_result_stored_before_it(app, runner, tmp_path):
    # Some bulk, so the backup takes a while and visitors write while it reads.
    filled = runner.invoke(args=["demo-data", "--results", "3000", "--days", "30", "--seed", "1"])
    assert filled.exit_code == 0, filled.output
    finished: list[tuple[str, float]] = []
    failures: list[str] = []
    stop = threading.Event()
    backup_file = tmp_path / "backup.sqlite3"

    with LiveServer(app) as server:
        clients = [threading.Thread(target=visitor, args=(server.url, seed, stop, finished,
                                                          failures)) for seed in range(CLIENTS)]
        for client in clients:
            client.start()
        deadline = time.monotonic() + WHOLE_TEST_TIMEOUT
        while len(finished) < 2 * CLIENTS and not failures and time.monotonic() < deadline:
            time.sleep(0.05)
        backup_began = time.monotonic()
        backed_up = runner.invoke(args=["db", "backup", str(backup_file)])
        backup_ended = time.monotonic()
        while (sum(t > backup_ended for _, t in finished) < CLIENTS and not failures
               and time.monotonic() < deadline):
            time.sleep(0.05)  # visitors went on storing results after the backup
        stop.set()
        for client in clients:
            client.join(timeout=WHOLE_TEST_TIMEOUT)

    assert failures == []
    assert backed_up.exit_code == 0, backed_up.output
    before = {public_id for public_id, stored_at in finished if stored_at < backup_began}
    after = {public_id for public_id, stored_at in finished if stored_at > backup_ended}
    assert len(before) >= 2 * CLIENTS and len(after) >= CLIENTS

    restored_path = tmp_path / "restored" / "advisor.sqlite3"
    restored_app = create_app({"TESTING": True, "SECRET_KEY": "test",
                               "DATABASE_URL": f"sqlite:///{restored_path}"})
    restored = restored_app.test_cli_runner().invoke(
        args=["db", "restore", str(backup_file), "--yes"])
    assert restored.exit_code == 0, restored.output

    rows = read(restored_path, "SELECT public_id, answers, verdict FROM stored_result")
    ids = {public_id for public_id, _, _ in rows}
    assert before <= ids
    assert not after & ids
    counted = Counter({(kind, key, value): n for kind, key, value, n in read(
        restored_path, "SELECT kind, key, value, SUM(count) FROM tally GROUP BY kind, key, value")})
    assert counted[("completed", "", "")] == len(rows) >= 3000 + len(before)
    assert {k[1]: n for k, n in counted.items() if k[0] == "verdict"} == Counter(
        verdict for _, _, verdict in rows)
    assert {k[1:]: n for k, n in counted.items() if k[0] == "answer"} == Counter(
        item for _, answers, _ in rows for item in json.loads(answers).items())
