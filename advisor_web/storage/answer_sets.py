"""Stored answer sets grouped in the database, for replaying them under a candidate quiz.

Identical answer sets are grouped by the database itself (GROUP BY the answers' JSON text,
with the verdict each was given), so a million results come back as the few thousand
distinct sets they hold, each with its count. A result's answers are written in quiz order
by one serializer, so equal answer sets have equal text.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator

from sqlalchemy import Text, cast, func, select
from sqlalchemy.orm import Session

from ..quiz.content import Quiz
from ..quiz.replay import AnswerGroup, Report, answers_from_text, replay
from .models import StoredResult


def groups(session: Session, comparison: str, start: dt.date | None = None,
           end: dt.date | None = None) -> Iterator[AnswerGroup]:
    """The distinct (answers, verdict) pairs of the comparison's results stored from `start`
    to `end` (both included; None: no bound), the most common first."""
    # PostgreSQL's `json` type has no equality, so it is grouped as text (SQLite keeps the
    # text as it is).
    text = cast(StoredResult.answers, Text).label("answers_text")
    count = func.count().label("results")
    query = (select(text, StoredResult.verdict, count)
             .where(StoredResult.comparison == comparison)
             .group_by(text, StoredResult.verdict)
             .order_by(count.desc(), text))
    if start is not None:
        query = query.where(StoredResult.created_on >= start)
    if end is not None:
        query = query.where(StoredResult.created_on <= end)
    for answers, verdict, results in session.execute(query):
        yield AnswerGroup(answers_from_text(answers), verdict, results)


def replay_stored(session: Session, comparison: str, candidate: Quiz,
                  start: dt.date | None = None, end: dt.date | None = None) -> Report:
    """Every stored answer set of the comparison's range re-scored under `candidate`, timed."""
    started = time.perf_counter()
    report = replay(candidate, groups(session, comparison, start, end))
    session.rollback()  # end the read: nothing was written
    return Report(**{**report.__dict__, "seconds": time.perf_counter() - started})
