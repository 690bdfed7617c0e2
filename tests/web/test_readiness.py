"""Issue 11.5 and 11.7: /readyz answers within 5 s in every failure mode, PostgreSQL has connect
and statement timeouts, and a database without the latest schema (no tables, an older
migration, a deleted or replaced SQLite file) is not ready and gets 503 pages, not 500s."""

import os
import socket
import threading
import time

import pytest
from alembic import command
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from advisor_web import db
from advisor_web.db import alembic_config

SETTINGS = {"TESTING": True, "SECRET_KEY": "test-secret-key", "RATELIMIT_ENABLED": False,
            "PROPAGATE_EXCEPTIONS": False}
A_RESULT = "/result/Zq3x-lS0aFh2mWc_9k1PbT7y"


@pytest.fixture
def silent_server():
    """A TCP listener on 127.0.0.1 that accepts connections and never says a word."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted, stop = [], threading.Event()

    def accept():
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(listener.accept()[0])
            except TimeoutError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    yield listener.getsockname()[1]
    stop.set()
    thread.join(timeout=5)
    for connection in accepted:
        connection.close()
    listener.close()


@pytest.fixture
def built(build_app):
    return lambda **settings: build_app({**SETTINGS, **settings})


def timed_readyz(app) -> tuple[int, str, float]:
    started = time.monotonic()
    response = app.test_client().get("/readyz")
    return response.status_code, response.get_data(as_text=True), time.monotonic() - started


def test_readyz_answers_within_5_s_when_postgresql_never_answers(built, silent_server):
    app = built(DATABASE_URL=f"postgresql+psycopg://advisor:x@127.0.0.1:{silent_server}/advisor")
    for _ in range(2):  # the second probe too, while the first one's connection may still hang
        status, body, seconds = timed_readyz(app)
        assert status == 503 and body.startswith("not ready"), body
        assert seconds < 5


def test_the_postgresql_connect_timeout_is_configurable(built, silent_server):
    app = built(DATABASE_URL=f"postgresql+psycopg://advisor:x@127.0.0.1:{silent_server}/advisor",
                DATABASE_CONNECT_TIMEOUT=1)
    started = time.monotonic()
    with pytest.raises(OperationalError):
        app.extensions["advisor_engine"].connect()
    assert time.monotonic() - started < 3


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_a_postgresql_statement_past_the_timeout_is_cancelled(built, database_url):
    app = built(DATABASE_URL=database_url, DATABASE_STATEMENT_TIMEOUT=1)
    started = time.monotonic()
    with pytest.raises(OperationalError, match="statement timeout"):
        with app.extensions["advisor_engine"].connect() as connection:
            connection.execute(text("SELECT pg_sleep(5)"))
    assert time.monotonic() - started < 3


def test_readyz_wants_the_latest_migration(built, database_url):
    app = built(DATABASE_URL=database_url)
    assert timed_readyz(app)[0] == 200
    app.extensions["advisor_engine"].dispose()
    command.downgrade(alembic_config(database_url), "0001")
    status, body, _ = timed_readyz(app)
    assert status == 503
    assert f"at 0001, not {db.schema_head()}" in body and "flask db upgrade" in body


def test_a_database_without_tables_is_not_ready_and_its_pages_are_503(built, database_url):
    app = built(DATABASE_URL=database_url)
    app.extensions["advisor_engine"].dispose()
    command.downgrade(alembic_config(database_url), "base")
    status, body, _ = timed_readyz(app)
    assert status == 503 and "no schema" in body
    page = app.test_client().get(A_RESULT)
    assert page.status_code == 503
    assert page.headers["Retry-After"] == "5"


def test_an_empty_sqlite_file_is_not_ready(built, tmp_path):
    path = tmp_path / "empty.sqlite3"
    path.touch()
    status, body, _ = timed_readyz(built(DATABASE_URL=f"sqlite:///{path}"))
    assert status == 503 and "no schema" in body


def test_a_replaced_sqlite_file_is_noticed(built, sqlite_database_url, tmp_path):
    app = built(DATABASE_URL=sqlite_database_url)
    path = sqlite_database_url.removeprefix("sqlite:///")
    assert timed_readyz(app)[0] == 200  # the pool now holds the file open
    assert app.test_client().get(A_RESULT).status_code == 404

    # A restore gone wrong: an empty file now stands at the path.
    fresh = tmp_path / "fresh.sqlite3"
    fresh.touch()
    for stale in (f"{path}-wal", f"{path}-shm"):
        if os.path.exists(stale):
            os.remove(stale)
    os.replace(fresh, path)
    status, body, _ = timed_readyz(app)
    assert status == 503 and "no schema" in body
    assert app.test_client().get(A_RESULT).status_code == 503


def test_a_deleted_sqlite_file_is_noticed(built, sqlite_database_url):
    app = built(DATABASE_URL=sqlite_database_url)
    path = sqlite_database_url.removeprefix("sqlite:///")
    assert timed_readyz(app)[0] == 200
    os.remove(path)
    status, body, _ = timed_readyz(app)
    assert status == 503 and "missing" in body
