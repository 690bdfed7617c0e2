"""The app's database read directly (SQLite or PostgreSQL), around the app, never through it."""

from __future__ import annotations

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from advisor_web.quiz.loader import default_quiz
from advisor_web.storage.models import StoredResult, Tally

# The default comparison's slug, read from its file as the app's registry reads it: what the
# tests store results and tallies under when they write to storage directly.
DEFAULT_COMPARISON = default_quiz().slug


def stored_results(app) -> list[StoredResult]:
    """Every stored result, by day then public id."""
    with Session(app.extensions["advisor_engine"]) as session:
        by_day = select(StoredResult).order_by(StoredResult.created_on, StoredResult.public_id)
        return list(session.scalars(by_day))


def stored_columns(app) -> dict[str, str]:
    """The stored_result table's columns and their SQL types, as the database has them."""
    columns = inspect(app.extensions["advisor_engine"]).get_columns("stored_result")
    return {column["name"]: str(column["type"]) for column in columns}


def tally(app, kind: str, key: str = "", value: str = "") -> int:
    """The running count for one tally, summed over days and quiz versions."""
    with Session(app.extensions["advisor_engine"]) as session:
        total = session.scalar(select(func.sum(Tally.count)).where(
            Tally.kind == kind, Tally.key == key, Tally.value == value))
    return total or 0


def tally_rows(app) -> int:
    with Session(app.extensions["advisor_engine"]) as session:
        return session.scalar(select(func.count()).select_from(Tally))


def all_tallies(app) -> list[tuple]:
    with Session(app.extensions["advisor_engine"]) as session:
        rows = session.execute(select(Tally.day, Tally.quiz_version, Tally.kind, Tally.key,
                                      Tally.value, Tally.count).order_by(Tally.id))
        return [tuple(row) for row in rows]
