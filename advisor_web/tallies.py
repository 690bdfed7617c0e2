"""Running counts behind the staff dashboard, bumped in the same transaction as their event.

Every event adds to a handful of `Tally` rows keyed by day, quiz version, kind, key and value,
with an upsert (`INSERT ... ON CONFLICT DO UPDATE`), so concurrent writers on SQLite and
PostgreSQL add up instead of overwriting each other.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .models import Tally

# What a tally counts (the `kind` column).
STARTED = "started"
COMPLETED = "completed"
VERDICT = "verdict"
ANSWER = "answer"
STEP_REACHED = "step_reached"
STEP_DONE = "step_done"

TallyKey = tuple[dt.date, str, str, str, str]  # day, quiz version, kind, key, value


def completion_keys(
    day: dt.date, quiz_version: str, verdict: str, answers: Mapping[str, str]
) -> list[TallyKey]:
    """The tallies one stored result adds to."""
    keys = [
        (day, quiz_version, COMPLETED, "", ""),
        (day, quiz_version, VERDICT, verdict, ""),
    ]
    keys += [(day, quiz_version, ANSWER, question, choice) for question, choice in answers.items()]
    return keys


def step_keys(day: dt.date, quiz_version: str, kind: str, step_id: str) -> list[TallyKey]:
    """The tallies one step event adds to; reaching the first step also counts as a start."""
    return [(day, quiz_version, kind, step_id, "")]


def add(session: Session, keys: Iterable[TallyKey]) -> None:
    """Add one to each tally in `keys` (a key listed twice adds two), in `session`'s transaction."""
    counts = Counter(keys)
    if not counts:
        return
    rows = [
        {"day": day, "quiz_version": version, "kind": kind, "key": key, "value": value, "count": n}
        for (day, version, kind, key, value), n in sorted(counts.items())
    ]
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = insert(Tally)
    statement = statement.on_conflict_do_update(
        index_elements=["day", "quiz_version", "kind", "key", "value"],
        set_={"count": Tally.count + statement.excluded.count},
    )
    # Sorted rows: concurrent writers take row locks in the same order (no deadlocks).
    session.execute(statement, rows)
