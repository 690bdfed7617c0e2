"""Issue 6.6: when the database cannot store the result on the final step (locked by another
writer, or unreachable), the visitor gets a friendly 503 page with Retry-After, their answers
stay in their cookie, and trying again once it is back stores the result exactly once."""

import contextlib
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from tests.reliability.reliability_support import (
    EVERY_STEP_ANSWERS,
    QUIZ,
    SECRET_SQL,
    answer_all_but_last,
    assert_counted_once,
    checked_answers,
    draft_of,
    post_last_step,
    result_url,
    sqlite_only,
    step_answers,
    stored_results,
)

LAST = QUIZ.steps[-1]


@pytest.fixture
def app_config(app_config):
    app_config["SQLITE_BUSY_TIMEOUT"] = 1  # seconds a writer waits for the lock: keep it short
    return app_config


def database_path(app):
    return make_url(app.config["DATABASE_URL"]).database


@contextlib.contextmanager
def locked(app):
    """Another connection (another process, say) holds the write lock while the block runs."""
    other = sqlite3.connect(database_path(app), isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()


@contextlib.contextmanager
def unreachable(app, tmp_path):
    """The database file is gone (a lost volume), and a directory stands where it was."""
    engine = app.extensions["advisor_engine"]
    path = Path(database_path(app))
    kept = tmp_path / "kept"
    kept.mkdir()
    engine.dispose()  # pooled connections would keep the old file open
    files = [f for f in path.parent.glob(path.name + "*") if f.is_file()]  # with -wal, -shm
    for file in files:
        shutil.move(file, kept / file.name)
    path.mkdir()
    try:
        yield
    finally:
        engine.dispose()
        path.rmdir()
        for file in files:
            shutil.move(kept / file.name, file)


OUTAGES = {"locked by another writer": lambda app, tmp_path: locked(app),
           "unreachable": unreachable}


@sqlite_only
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("outage", OUTAGES)
def test_an_outage_on_the_last_step_keeps_the_answers_and_a_retry_stores_once(
    app, client, tmp_path, outage, htmx
):
    token = answer_all_but_last(client)

    with OUTAGES[outage](app, tmp_path):
        response = post_last_step(client, token, htmx=htmx)

        assert response.status_code == 503
        assert int(response.headers["Retry-After"]) > 0
        assert b"Briefly unavailable" in response.data
        assert b"answers are kept" in response.data
        assert SECRET_SQL.encode() not in response.data
        assert (b"<html" in response.data) is not htmx
        draft = draft_of(app, client)
        assert draft["a"] == EVERY_STEP_ANSWERS and draft["f"] is False

    assert stored_results(app) == []
    # Back: the quiz reopens on the last step with the answers in place; sending it stores.
    page = client.get("/quiz")
    assert checked_answers(page.data) == step_answers(LAST, EVERY_STEP_ANSWERS)
    retry = post_last_step(client, token, htmx=htmx)
    assert client.get(result_url(retry)).status_code == 200
    assert_counted_once(app, EVERY_STEP_ANSWERS)


@sqlite_only
def test_readiness_says_503_while_the_database_is_unreachable(app, client, tmp_path):
    with unreachable(app, tmp_path):
        assert client.get("/readyz").status_code == 503
    assert client.get("/readyz").status_code == 200
