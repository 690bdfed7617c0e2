"""Issue 11.15: `stored_result.id` was sequential and told the order of completions within a
day. Migration 0002 makes the random public id the primary key, keeping every row, on SQLite
(copy-and-move) and PostgreSQL alike, and 0001 can be gone back to."""

from alembic import command
from sqlalchemy import create_engine, inspect, text

from advisor_web.db import alembic_config, upgrade

ROW = {"public_id": "Zq3x-lS0aFh2mWc_9k1PbT7y", "quiz_version": "2025.1", "answers": "{}",
       "node_score": 1.5, "python_score": 2.5, "verdict": "python", "created_on": "2025-03-01"}


def shape(url: str) -> tuple[list[str], list[str], list[tuple]]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            table = inspect(connection)
            columns = [c["name"] for c in table.get_columns("stored_result")]
            key = table.get_pk_constraint("stored_result")["constrained_columns"]
            rows = connection.execute(text(
                "SELECT public_id, verdict, created_on FROM stored_result")).all()
        return columns, key, [(p, v, str(d)) for p, v, d in rows]
    finally:
        engine.dispose()


def test_the_public_id_becomes_the_key_and_every_row_is_kept(database_url):
    command.downgrade(alembic_config(database_url), "0001")
    engine = create_engine(database_url)
    with engine.begin() as connection:
        connection.execute(text(
            "INSERT INTO stored_result (public_id, quiz_version, answers, node_score, "
            "python_score, verdict, created_on) VALUES (:public_id, :quiz_version, :answers, "
            ":node_score, :python_score, :verdict, :created_on)"), ROW)
    engine.dispose()
    assert shape(database_url)[1] == ["id"]

    upgrade(database_url)
    columns, key, rows = shape(database_url)
    assert "id" not in columns
    assert key == ["public_id"]
    assert rows == [(ROW["public_id"], "python", "2025-03-01")]

    command.downgrade(alembic_config(database_url), "0001")
    columns, key, rows = shape(database_url)
    assert key == ["id"] and rows == [(ROW["public_id"], "python", "2025-03-01")]
    upgrade(database_url)
