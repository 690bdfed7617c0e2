"""The stored results an export streams, read in batches (the CSV and JSON are
`staff/exports.py`'s)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import StoredResult

ROWS_PER_READ = 1000


def option_ids(session: Session, comparison: str) -> tuple[str, ...]:
    """The option ids a stored result of the comparison was scored on (its newest one's): the
    score columns of a comparison no longer served, whose file the app has not loaded."""
    scores = session.scalar(select(StoredResult.scores)
                            .where(StoredResult.comparison == comparison)
                            .order_by(StoredResult.created_on.desc()).limit(1))
    return tuple(scores or ())


def stored_rows(session: Session, comparison: str, start: dt.date, end: dt.date,
                version: str | None = None, source: str | None = None) -> Iterator[dict]:
    """Each stored result of the comparison and range as a flat dict (each option's score as
    `<option>_score`), read from the database in batches."""
    query = (
        select(StoredResult.created_on, StoredResult.quiz_version, StoredResult.verdict,
               StoredResult.scores, StoredResult.answers,
               StoredResult.source, StoredResult.helpful, StoredResult.building_with)
        .where(StoredResult.comparison == comparison,
               StoredResult.created_on >= start, StoredResult.created_on <= end)
        # By day, then by the random public id: the order of completions within a day is
        # not told (a sequential id or a time of day would tell it).
        .order_by(StoredResult.created_on, StoredResult.public_id)
        .execution_options(yield_per=ROWS_PER_READ)
    )
    if version:
        query = query.where(StoredResult.quiz_version == version)
    if source:
        query = query.where(StoredResult.source == source)
    for (day, quiz_version, verdict, scores, answers, source_, helpful,
         building_with) in session.execute(query):
        # The fixed columns last: an answer can never stand in for one of them.
        yield {**answers, **{f"{option}_score": score for option, score in scores.items()},
               "date": day.isoformat(), "quiz_version": quiz_version, "verdict": verdict,
               "source": source_, "helpful": helpful, "building_with": building_with}
