"""`flask db backup PATH` and `flask db restore PATH [--yes]`: a consistent copy of a live SQLite
database, and a restore that replaces nothing until it is safe and wanted."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import text

from advisor_web import create_app, db
from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import score
from advisor_web.storage import results
from advisor_web.storage.models import new_public_id
from advisor_web.storage.retention import today
from tests.support.answer_sets import NODE_DELIVERY, PYTHON_AI
from tests.support.database import DEFAULT_COMPARISON

postgresql_only = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def store(app, answers, count: int = 1) -> list[str]:
    outcome = score(default_quiz(), answers)
    finished = [results.Finished(new_public_id(), outcome, today()) for _ in range(count)]
    with app.app_context():
        results.store(db.get_session(), DEFAULT_COMPARISON, finished)
    return [f.public_id for f in finished]


def public_ids(path) -> set[str]:
    connection = sqlite3.connect(path)
    try:
        return {row[0] for row in connection.execute("SELECT public_id FROM stored_result")}
    finally:
        connection.close()


@pytest.fixture
def backup_file(app, runner, tmp_path):
    """A backup of the test database holding three results (two node, one python)."""
    store(app, NODE_DELIVERY, 2)
    store(app, PYTHON_AI)
    path = tmp_path / "backups" / "advisor-backup.sqlite3"
    path.parent.mkdir()
    outcome = runner.invoke(args=["db", "backup", str(path)])
    assert outcome.exit_code == 0, outcome.output
    return path


@pytest.fixture
def target(tmp_path):
    """A second app, on a database of its own holding one result: what a restore replaces."""
    path = tmp_path / "target" / "advisor.sqlite3"
    path.parent.mkdir()
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{path}",
                      "RATELIMIT_ENABLED": False})
    db.upgrade(app.config["DATABASE_URL"])
    store(app, PYTHON_AI)
    app.extensions["advisor_engine"].dispose()  # no connection open: the app is stopped
    yield app, path
    app.extensions["advisor_engine"].dispose()


@sqlite_only
def test_backup_copies_every_result_into_one_self_contained_file(app, backup_file):
    assert len(public_ids(backup_file)) == 3
    connection = sqlite3.connect(backup_file)
    try:
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        connection.close()
    assert sorted(p.name for p in backup_file.parent.iterdir()) == [backup_file.name]


@sqlite_only
def test_backup_refuses_to_overwrite_the_live_database(app, runner, database_url):
    live = database_url.removeprefix("sqlite:///")
    store(app, NODE_DELIVERY)

    outcome = runner.invoke(args=["db", "backup", live])

    assert outcome.exit_code == 1
    assert "is the live database itself" in outcome.output
    assert len(public_ids(live)) == 1


@sqlite_only
def test_restore_replaces_the_database_and_keeps_the_old_one(backup_file, target):
    app, path = target
    before = public_ids(path)

    outcome = app.test_cli_runner().invoke(args=["db", "restore", str(backup_file), "--yes"])

    assert outcome.exit_code == 0, outcome.output
    assert public_ids(path) == public_ids(backup_file)
    kept = next(path.parent.glob("advisor.sqlite3.before-restore-*"))
    assert public_ids(kept) == before
    assert f"the replaced database is kept as {kept}" in outcome.output
    assert not list(path.parent.glob(".*restoring"))


@sqlite_only
def test_restore_asks_first_and_a_no_replaces_nothing(backup_file, target):
    app, path = target
    before = public_ids(path)

    outcome = app.test_cli_runner().invoke(args=["db", "restore", str(backup_file)], input="n\n")

    assert outcome.exit_code == 1
    assert "(now holding 1 stored results) with" in outcome.output
    assert "(3 stored results)? [y/N]" in outcome.output
    assert "restore cancelled; nothing was replaced" in outcome.output
    assert public_ids(path) == before

    again = app.test_cli_runner().invoke(args=["db", "restore", str(backup_file)], input="y\n")
    assert again.exit_code == 0, again.output
    assert public_ids(path) == public_ids(backup_file)


@sqlite_only
def test_restore_refuses_while_the_app_uses_the_database(backup_file, target):
    app, path = target
    before = public_ids(path)
    with app.app_context():
        # The app serves: its pool holds a connection open.
        db.get_session().execute(text("SELECT 1"))

        refused = app.test_cli_runner().invoke(args=["db", "restore", str(backup_file), "--yes"])

    assert refused.exit_code == 1
    assert "is in use" in refused.output and "systemctl stop advisor" in refused.output
    assert public_ids(path) == before

    app.extensions["advisor_engine"].dispose()  # the app stops
    done = app.test_cli_runner().invoke(args=["db", "restore", str(backup_file), "--yes"])
    assert done.exit_code == 0, done.output


@sqlite_only
def test_restore_refuses_a_backup_of_another_schema_version(backup_file, target):
    app, path = target
    before = public_ids(path)
    connection = sqlite3.connect(backup_file)
    with connection:
        connection.execute("UPDATE alembic_version SET version_num = '0000_older'")
    connection.close()

    outcome = app.test_cli_runner().invoke(args=["db", "restore", str(backup_file), "--yes"])

    assert outcome.exit_code == 1
    assert f"has schema revision 0000_older, this code expects {db.schema_head()}" in outcome.output
    assert "db upgrade" in outcome.output
    assert public_ids(path) == before


@pytest.mark.parametrize("content", [b"", b"not a database at all\n" * 100],
                         ids=["empty", "text"])
def test_restore_refuses_a_file_that_is_not_a_backup(target, tmp_path, content):
    app, path = target
    before = public_ids(path)
    bogus = tmp_path / "bogus.sqlite3"
    bogus.write_bytes(content)

    outcome = app.test_cli_runner().invoke(args=["db", "restore", str(bogus), "--yes"])

    assert outcome.exit_code == 1
    assert str(bogus) in outcome.output
    assert "not one of this app" in outcome.output or "not a readable" in outcome.output
    assert public_ids(path) == before


@sqlite_only
def test_restore_into_a_new_file_creates_it(backup_file, tmp_path):
    path = tmp_path / "fresh" / "advisor.sqlite3"
    app = create_app({"TESTING": True, "SECRET_KEY": "test", "DATABASE_URL": f"sqlite:///{path}"})

    outcome = app.test_cli_runner().invoke(args=["db", "restore", str(backup_file), "--yes"])

    assert outcome.exit_code == 0, outcome.output
    assert public_ids(path) == public_ids(backup_file)


@postgresql_only
@pytest.mark.parametrize("command", [["db", "backup"], ["db", "restore", "--yes"]])
def test_postgresql_is_pointed_to_pg_dump(runner, tmp_path, command):
    outcome = runner.invoke(args=[*command, str(tmp_path / "dump")])

    assert outcome.exit_code == 1
    assert "pg_dump --format=custom" in outcome.output
    assert "pg_restore" in outcome.output
    assert not (tmp_path / "dump").exists()
