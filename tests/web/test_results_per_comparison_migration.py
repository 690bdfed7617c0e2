"""Issue 19: migration 0004 gives every stored result its comparison and a score per option
(`scores`, keyed by option id) in place of `node_score` and `python_score`, and puts the
comparison in each tally's key. Every row made before it is kept, its scores the very same
numbers, on SQLite and PostgreSQL; and 0003 can be gone back to."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from alembic import command
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from advisor_web.db import alembic_config, upgrade
from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import score
from advisor_web.storage import results, tallies
from advisor_web.storage.models import StoredResult, Tally
from tests.support.answer_sets import NODE_DELIVERY
from tests.support.database import DEFAULT_COMPARISON

# Scores as a double holds them: sums that need 17 digits to read back, whole numbers,
# a negative one. Each must come through exactly, and as a float.
SCORES = [(0.1 + 0.2, 31.4), (12.299999999999999, 7.0), (42.0, -1.5), (23.45, 1e-05),
          (1 / 3, 2 / 3)]
ROWS = [
    {"public_id": f"result-number-{i:02d}-abcdefgh", "quiz_version": "2025.1",
     "answers": json.dumps({"project_type": "saas", "realtime": ("core", "none")[i % 2]}),
     "node_score": node, "python_score": python,
     "verdict": "node" if node > python else "python", "created_on": f"2025-03-0{1 + i}",
     "source": ("site", "blog")[i % 2], "helpful": "yes" if i else None,
     "building_with": "node" if i == 2 else None}
    for i, (node, python) in enumerate(SCORES)
]
TALLIES = [
    {"day": "2025-03-01", "quiz_version": "2025.1", "kind": "completed", "key": "",
     "value": "", "count": 5},
    {"day": "2025-03-01", "quiz_version": "2025.1", "kind": "verdict", "key": "node",
     "value": "", "count": 3},
    {"day": "1970-01-01", "quiz_version": "2025.1", "kind": "project_verdict",
     "key": "saas", "value": "node", "count": 3},
]


def insert_at_0003(url: str) -> None:
    """The database as 0003 left it, holding ROWS and TALLIES."""
    command.downgrade(alembic_config(url), "0003")
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO stored_result (public_id, quiz_version, answers, node_score, "
                "python_score, verdict, created_on, source, helpful, building_with) VALUES "
                "(:public_id, :quiz_version, :answers, :node_score, :python_score, :verdict, "
                ":created_on, :source, :helpful, :building_with)"), ROWS)
            connection.execute(text(
                "INSERT INTO tally (day, quiz_version, kind, key, value, count) VALUES "
                "(:day, :quiz_version, :kind, :key, :value, :count)"), TALLIES)
    finally:
        engine.dispose()


def read(url: str, query):
    engine = create_engine(url)
    try:
        with Session(engine) as session:
            return session.execute(query).all()
    finally:
        engine.dispose()


def columns(url: str, table: str) -> set[str]:
    engine = create_engine(url)
    try:
        return {c["name"] for c in inspect(engine).get_columns(table)}
    finally:
        engine.dispose()


def test_every_stored_result_keeps_its_row_with_its_scores_keyed_by_option(database_url):
    insert_at_0003(database_url)
    upgrade(database_url)

    assert {"comparison", "scores"} <= columns(database_url, "stored_result")
    assert not {"node_score", "python_score"} & columns(database_url, "stored_result")
    stored = {r.public_id: r for (r,) in read(database_url, select(StoredResult))}
    assert sorted(stored) == sorted(row["public_id"] for row in ROWS)
    for row in ROWS:
        result = stored[row["public_id"]]
        assert result.comparison == DEFAULT_COMPARISON
        assert result.scores == {"node": row["node_score"], "python": row["python_score"]}
        assert all(type(score) is float for score in result.scores.values())
        assert (result.quiz_version, result.verdict, result.created_on.isoformat(),
                result.source, result.helpful, result.building_with) == (
            row["quiz_version"], row["verdict"], row["created_on"], row["source"],
            row["helpful"], row["building_with"])
        assert result.answers == json.loads(row["answers"])


def test_every_tally_keeps_its_count_under_the_first_comparison(database_url):
    insert_at_0003(database_url)
    upgrade(database_url)

    counted = read(database_url, select(Tally.day, Tally.comparison, Tally.quiz_version,
                                        Tally.kind, Tally.key, Tally.value, Tally.count))
    assert sorted(counted) == sorted(
        (dt.date.fromisoformat(t["day"]), DEFAULT_COMPARISON, t["quiz_version"], t["kind"],
         t["key"], t["value"], t["count"]) for t in TALLIES)


def test_after_the_migration_tallies_add_up_per_comparison(database_url):
    """The new key: the same day, version and kind count apart for two comparisons, and an
    upsert on the migrated key adds to the migrated row."""
    insert_at_0003(database_url)
    upgrade(database_url)
    day = dt.date(2025, 3, 1)
    engine = create_engine(database_url)
    try:
        with engine.begin() as connection:
            tallies.add(connection, DEFAULT_COMPARISON, [(day, "2025.1", "completed", "", "")])
            tallies.add(connection, "rust-vs-go", [(day, "2025.1", "completed", "", "")] * 2)
        with Session(engine) as session:
            assert tallies.summarise(session, DEFAULT_COMPARISON, day, day).completed == 6
            assert tallies.summarise(session, "rust-vs-go", day, day).completed == 2
            assert tallies.versions(session, "rust-vs-go") == ["2025.1"]
            assert tallies.versions(session, "no-such-comparison") == []
    finally:
        engine.dispose()


def test_the_migration_can_be_gone_back_and_every_row_is_kept(database_url):
    insert_at_0003(database_url)
    upgrade(database_url)
    command.downgrade(alembic_config(database_url), "0003")

    assert {"node_score", "python_score"} <= columns(database_url, "stored_result")
    assert not {"comparison", "scores"} & columns(database_url, "stored_result")
    rows = read(database_url, text(
        "SELECT public_id, node_score, python_score FROM stored_result"))
    assert sorted(rows) == sorted((r["public_id"], r["node_score"], r["python_score"])
                                  for r in ROWS)
    counts = read(database_url, text("SELECT kind, key, count FROM tally"))
    assert sorted(counts) == sorted((t["kind"], t["key"], t["count"]) for t in TALLIES)
    upgrade(database_url)


def test_going_back_is_refused_while_another_comparison_has_results(database_url):
    """Before 0004 a result has no comparison: going back would pass another comparison's
    results off as Node.js vs Python ones, so the downgrade refuses and changes nothing."""
    outcome = score(default_quiz(), NODE_DELIVERY)
    finished = results.Finished("another-comparison-result1", outcome, dt.date(2025, 3, 1))
    engine = create_engine(database_url)
    try:
        with Session(engine) as session:
            assert results.store(session, "rust-vs-go", [finished]) == 1
    finally:
        engine.dispose()
    with pytest.raises(RuntimeError, match="other comparisons"):
        command.downgrade(alembic_config(database_url), "0003")
    assert "comparison" in columns(database_url, "stored_result")
