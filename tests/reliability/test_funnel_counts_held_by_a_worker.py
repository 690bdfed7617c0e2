"""Issue 21: a worker holds the funnel's step counts for up to FUNNEL_WRITE_SECONDS and writes
them together (storage/funnel_counts.py). Held or not, the dashboard ends up with the same
numbers: written every interval, kept through a busy database, written as a worker stops, and
never twice across a fork. Stored results are never held."""

from __future__ import annotations

import os
import time
from collections import Counter

import pytest
from sqlalchemy import delete

from advisor_web.storage import funnel_counts
from advisor_web.storage.models import Tally
from tests.reliability.reliability_support import (
    EVERY_STEP_ANSWERS,
    all_tallies,
    sqlite_only,
    stored_results,
)
from tests.reliability.test_visitor_pages_never_wait_for_the_funnel import (
    held_by_another_process,
)
from tests.support.pages import csrf_token_in
from tests.support.quiz_runner import HttpClient, finish_quiz, reach, steps_for, walk
from tests.support.servers import Gunicorn

HOUR = 3600  # an interval no test waits out: what is held stays held until written
STEPS = steps_for(EVERY_STEP_ANSWERS)


def held_in(app) -> funnel_counts.HeldCounts:
    held = funnel_counts._HELD_FOR.get(app.extensions["advisor_engine"])
    assert held is not None, "this app writes its funnel counts at once"
    return held


def counted(app) -> Counter:
    """The tallies as the dashboard sums them: (day, version, kind, key, value) -> count."""
    totals = Counter()
    for *key, count in all_tallies(app):
        totals[tuple(key)] += count
    return totals


def two_visitors(app) -> None:
    """One answers three steps, goes back one and answers it again; another finishes."""
    first = app.test_client()
    page = reach(first, STEPS[3].id, EVERY_STEP_ANSWERS)
    back = first.post(f"/quiz/{STEPS[3].id}", data={"step": STEPS[3].id, "nav": "back",
                                                    "csrf_token": token_of(page)})
    assert back.status_code == 303
    again = first.get(back.headers["Location"])
    assert first.post(f"/quiz/{STEPS[2].id}", data={
        "step": STEPS[2].id, "nav": "next", "csrf_token": token_of(again),
        **{q: EVERY_STEP_ANSWERS[q] for q in STEPS[2].question_ids}}).status_code == 303
    finish_quiz(app.test_client(), EVERY_STEP_ANSWERS)


def token_of(page) -> str:
    return csrf_token_in(page.data)


@pytest.fixture
def holding_app(app_config, build_app):
    return build_app({**app_config, "FUNNEL_WRITE_SECONDS": HOUR})


def test_held_counts_add_up_to_what_writing_at_once_gives(app, holding_app):
    two_visitors(holding_app)
    result_counts = counted(holding_app)  # the stored result's own tallies are never held
    assert result_counts[next(k for k in result_counts if k[2] == "completed")] == 1
    assert not any(k[2] == "step_reached" for k in result_counts)
    assert held_in(holding_app).write()
    held_then_written = counted(holding_app)

    with app.extensions["advisor_engine"].begin() as connection:  # the same database
        connection.execute(delete(Tally))
    two_visitors(app)  # this app (the tests' default) writes each count at once
    assert held_then_written == counted(app)
    assert len(stored_results(app)) == 2


def test_a_worker_writes_what_it_holds_within_the_interval(app_config, build_app):
    app = build_app({**app_config, "FUNNEL_WRITE_SECONDS": 0.2})
    walk(app.test_client(), EVERY_STEP_ANSWERS, stop_at=STEPS[2].id)
    expected = {"started": 1, "step_reached": 3, "step_done": 2}
    deadline = time.monotonic() + 10
    while True:  # until the writer thread has committed them (or the deadline)
        kinds = Counter(kind for _, _, kind, _, _, n in all_tallies(app) for _ in range(n))
        if kinds == expected or time.monotonic() > deadline:
            break
        time.sleep(0.05)
    assert kinds == expected
    assert held_in(app).held() == 0


@sqlite_only
def test_a_busy_database_keeps_the_counts_for_the_next_write(holding_app, monkeypatch,
                                                               caplog):
    monkeypatch.setattr(funnel_counts, "WRITE_LOCK_TIMEOUT", 0.1)
    walk(holding_app.test_client(), EVERY_STEP_ANSWERS, stop_at=STEPS[1].id)
    held = held_in(holding_app)
    waiting = held.held()
    with held_by_another_process(holding_app):
        assert not held.write()
        assert not held.write()
    assert all_tallies(holding_app) == [] and held.held() == waiting
    assert held.write()
    assert held.held() == 0
    assert sum(row[-1] for row in all_tallies(holding_app)) == waiting  # once, not twice
    said = [r.getMessage() for r in caplog.records if r.name == funnel_counts.log.name]
    assert said == ["funnel counts kept for the next write (OperationalError)",
                    "funnel counts written again"]  # once an outage, not every second


def test_released_counts_are_written_and_later_ones_go_straight_in(holding_app):
    client = holding_app.test_client()
    page = reach(client, STEPS[1].id, EVERY_STEP_ANSWERS)
    engine = holding_app.extensions["advisor_engine"]
    assert funnel_counts.release(engine)
    assert {row[2] for row in all_tallies(holding_app)} == {"started", "step_reached",
                                                           "step_done"}
    before = sum(row[-1] for row in all_tallies(holding_app))
    assert client.post(f"/quiz/{STEPS[1].id}", data={
        "step": STEPS[1].id, "nav": "next", "csrf_token": token_of(page),
        **{q: EVERY_STEP_ANSWERS[q] for q in STEPS[1].question_ids}}).status_code == 303
    assert sum(row[-1] for row in all_tallies(holding_app)) == before + 2  # done, reached


def test_a_forked_child_starts_with_nothing_held(holding_app):
    walk(holding_app.test_client(), EVERY_STEP_ANSWERS, stop_at=STEPS[1].id)
    held = held_in(holding_app)
    assert held.held() > 0
    child = os.fork()
    if child == 0:  # the child: its parent's counts are not its to write
        os._exit(0 if held.held() == 0 else 1)
    _, status = os.waitpid(child, 0)
    assert os.waitstatus_to_exitcode(status) == 0
    assert held.held() > 0  # the parent's are still the parent's


def test_a_gracefully_stopped_gunicorn_writes_what_its_workers_hold(database_url, tmp_path,
                                                                    build_app):
    server = Gunicorn(database_url, tmp_path / "gunicorn.log", workers=2,
                      RATELIMIT_ENABLED="0", FUNNEL_WRITE_SECONDS=str(HOUR))
    with server:
        for _ in range(3):
            with HttpClient(server.url) as visitor:
                walk(visitor, EVERY_STEP_ANSWERS, stop_at=STEPS[2].id)
        reader = build_app({"SECRET_KEY": "reader", "DATABASE_URL": database_url})
        assert all_tallies(reader) == []  # held in the workers
    kinds = Counter(kind for _, _, kind, _, _, n in all_tallies(reader) for _ in range(n))
    assert kinds == {"started": 3, "step_reached": 9, "step_done": 6}
    assert "could not be written" not in server.log.read_text()
