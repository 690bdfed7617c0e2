"""Looking writes nothing, counting the funnel never keeps a visitor waiting, and a replayed
draft answered differently is never shown a result that contradicts its answers without being
told (issue 11: #4, #6, #9; since issue 18.3 it lands on its attempt's one result, saying so)."""

from __future__ import annotations

import contextlib
import sqlite3
import time

import pytest
from sqlalchemy.engine import make_url

from tests.reliability.reliability_support import (
    EVERY_STEP_ANSWERS,
    QUIZ,
    all_tallies,
    answer_all_but_last,
    post_last_step,
    post_step,
    result_url,
    session_cookie,
    start,
    steps_for,
    stored_results,
)

FIRST, SECOND = steps_for(EVERY_STEP_ANSWERS)[:2]

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def app_config(app_config):
    app_config["SQLITE_BUSY_TIMEOUT"] = 15  # as in production: storing waits this long
    return app_config


@contextlib.contextmanager
def held_by_another_process(app):
    """A writer outside the app (the sqlite3 shell, a backup) holds the database's lock."""
    other = sqlite3.connect(make_url(app.config["DATABASE_URL"]).database, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("path", ["/", "/quiz", f"/quiz/{FIRST.id}"])
def test_looking_at_a_visitor_page_writes_no_tally(app, client, method, path):
    for _ in range(3):
        assert client.open(path, method=method).status_code in (200, 302)
    assert all_tallies(app) == []


def test_a_start_is_counted_with_the_first_answer(app, client):
    token = start(client)
    assert all_tallies(app) == []
    post_step(client, FIRST, EVERY_STEP_ANSWERS, token)
    kinds = {row[2] for row in all_tallies(app)}
    assert kinds == {"started", "step_reached", "step_done"}


@sqlite_only
def test_a_locked_database_skips_the_funnel_count_instead_of_making_the_visitor_wait(
        app, client, caplog):
    token = start(client)
    caplog.set_level("DEBUG", logger="advisor_web.storage.tallies")
    with held_by_another_process(app):
        began = time.monotonic()
        response = post_step(client, FIRST, EVERY_STEP_ANSWERS, token)
        waited = time.monotonic() - began
    assert response.status_code == 303  # the visitor moves on
    assert waited < 5, waited  # not the 15 s busy timeout
    assert "funnel not counted" in caplog.text
    assert all_tallies(app) == []
    # Counted on a later answer instead: the draft did not remember it as counted.
    post_step(client, SECOND, EVERY_STEP_ANSWERS, token)
    assert "started" in {row[2] for row in all_tallies(app)}


def test_a_replayed_draft_answered_differently_lands_on_its_result_and_is_told(app, client):
    token = answer_all_but_last(client)
    before_last = session_cookie(client)
    first = result_url(post_last_step(client, token))

    client.set_cookie("session", before_last)  # the cookie from before the last step, replayed
    last = steps_for(EVERY_STEP_ANSWERS)[-1].question_ids[0]
    choices = [c.id for c in QUIZ.question(last).choices]
    other = {**EVERY_STEP_ANSWERS, last: next(c for c in choices if c != EVERY_STEP_ANSWERS[last])}
    second = result_url(post_last_step(client, token, other))

    assert second == first  # one attempt, one result (issue 18.3)
    assert [dict(r.answers) for r in stored_results(app)] == [EVERY_STEP_ANSWERS]
    page = client.get(second).text
    assert "You had already finished this quiz" in page  # the answers it shows are its own
    assert 'data-verdict="' in page
