import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from advisor_web import create_app
from advisor_web.db import make_engine
from advisor_web.storage.sqlite import WritersQueue


@pytest.fixture
def fresh_app(tmp_path):
    path = tmp_path / "instance" / "fresh.sqlite3"
    return create_app({"SECRET_KEY": "x", "DATABASE_URL": f"sqlite:///{path}"}), path


def schema(path):
    with sqlite3.connect(path) as connection:
        rows = connection.execute("SELECT type, name, sql FROM sqlite_master ORDER BY name")
        version = connection.execute("SELECT version_num FROM alembic_version").fetchall()
        return rows.fetchall(), version


def test_db_upgrade_creates_the_sqlite_file_on_a_fresh_machine(fresh_app):
    app, path = fresh_app
    result = app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert path.exists()
    tables = {name for kind, name, _ in schema(path)[0] if kind == "table"}
    assert {"stored_result", "tally", "staff_member", "alembic_version"} <= tables


def test_db_upgrade_twice_changes_nothing_the_second_time(fresh_app):
    app, path = fresh_app
    runner = app.test_cli_runner()
    runner.invoke(args=["db", "upgrade"])
    before = schema(path)
    result = runner.invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert schema(path) == before


def test_sqlite_database_runs_in_wal_mode(fresh_app):
    app, path = fresh_app
    app.test_cli_runner().invoke(args=["db", "upgrade"])
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_sqlite_writers_queue_lets_one_writer_in_at_a_time(tmp_path):
    database = str(tmp_path / "queue.sqlite3")
    first, second = WritersQueue(database, timeout=5), WritersQueue(database, timeout=0.2)
    first_writer, second_writer = object(), object()

    first.enter(first_writer)
    with pytest.raises(OperationalError, match="database is locked"):
        second.enter(second_writer)  # waits its busy timeout, then fails like SQLite would
    first.leave(first_writer)
    second.enter(second_writer)  # in at once now
    second.leave(second_writer)


def test_a_write_transaction_holds_the_writers_queue_until_its_connection_returns(tmp_path):
    url = f"sqlite:///{tmp_path / 'held.sqlite3'}"
    engine = make_engine(url, busy_timeout=1)
    outsider = WritersQueue(str(tmp_path / "held.sqlite3"), timeout=0.05)
    with engine.connect() as connection:
        with connection.execution_options(immediate=True).begin():
            with pytest.raises(OperationalError):
                outsider.enter(object())
    outsider.enter(writer := object())  # the connection went back to the pool: free
    outsider.leave(writer)
    engine.dispose()


def test_the_schema_head_read_from_the_scripts_is_alembics():
    from alembic.script import ScriptDirectory

    from advisor_web import db

    scripts = ScriptDirectory.from_config(db.alembic_config("sqlite://"))
    assert db.schema_head() == scripts.get_current_head()
