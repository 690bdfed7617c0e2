"""Storing finished quizzes, exactly once, with their tallies; and finding them again."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import insert_for, transaction
from ..quiz.flow import is_attempt_id
from ..quiz.funnel import completion_keys
from ..quiz.scoring import Outcome
from . import tallies
from .models import StoredResult


@dataclass(frozen=True)
class Finished:
    """A quiz to store: the id chosen when the attempt began, its outcome, and the date."""

    public_id: str
    outcome: Outcome
    day: dt.date
    # Further tallies for the same transaction (the last step's funnel events).
    also_count: tuple[tallies.TallyKey, ...] = ()
    source: str = "site"  # where the quiz was taken: the site, or an embedding page's label
    lang: str = "en"  # the language of the step that finished it (a tally, not a column)


def find(session: Session, public_id: str) -> StoredResult | None:
    if not is_attempt_id(public_id):  # a result's public id is its attempt's id
        return None
    return session.scalars(select(StoredResult).where(StoredResult.public_id == public_id)).first()


def store(session: Session, comparison: str, finished: Iterable[Finished]) -> int:
    """Store each result of `comparison` (its slug) and bump its tallies, in one transaction;
    return how many were new.

    A result whose public id is already stored (a double click, a replayed request, a
    concurrent twin) is skipped along with its tallies, so each attempt counts once.
    """
    finished = list(finished)
    if not finished:
        return 0
    rows = [
        {
            "public_id": f.public_id,
            "comparison": comparison,
            "quiz_version": f.outcome.quiz_version,
            "answers": dict(f.outcome.answers),
            "scores": dict(f.outcome.scores),
            "verdict": f.outcome.verdict,
            "created_on": f.day,
            "source": f.source,
        }
        for f in finished
    ]
    with transaction(session):
        # One executemany: SQLAlchemy sends the rows as multi-row INSERTs
        # ("insertmanyvalues") and RETURNING gives back the ids that were new; a row per
        # statement was 4x slower.
        new_ids = set(session.scalars(_insert_new(session.get_bind().dialect.name), rows))
        keys = []
        for f in finished:
            if f.public_id in new_ids:
                o = f.outcome
                keys += completion_keys(f.day, o.quiz_version, o.verdict, o.answers, f.source,
                                        f.lang)
                keys += f.also_count
        tallies.add(session.connection(), comparison, keys)
    return len(new_ids)


@cache
def _insert_new(dialect: str):
    """Insert results whose public id is not stored yet, returning the ids that were new;
    built once per dialect, as building it costs more than running it."""
    return (
        insert_for(dialect)(StoredResult)
        .on_conflict_do_nothing(index_elements=["public_id"])
        .returning(StoredResult.public_id)
    )


def store_one(session: Session, comparison: str, finished: Finished) -> bool:
    """Store one result of `comparison`; False when it was already stored."""
    return store(session, comparison, [finished]) == 1


