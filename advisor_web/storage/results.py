"""Storing finished quizzes, exactly once, with their tallies; and finding them again."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from ..db import insert_for, transaction
from ..quiz.flow import is_attempt_id
from ..quiz.funnel import completion_keys
from ..quiz.scoring import Outcome
from . import tallies
from .compiled import for_driver
from .models import StoredResult


@dataclass(frozen=True)
class Finished:
    """A quiz to store: its public id (`public_id_of` its attempt), its outcome, and the date."""

    public_id: str
    outcome: Outcome
    day: dt.date
    # Further tallies for the same transaction (the last step's funnel events).
    also_count: tuple[tallies.TallyKey, ...] = ()
    source: str = "site"  # where the quiz was taken: the site, or an embedding page's label
    lang: str = "en"  # the language of the step that finished it (a tally, not a column)


def public_id_of(attempt: str, key: bytes) -> str:
    """The public id of the result `attempt` makes: HMAC-SHA256 of the attempt id under `key`
    (the app's SECRET_KEY), cut to 144 bits and written in URL-safe base64, 24 characters,
    like the random ids before it.

    Why keyed: the attempt id travels in the draft, a cookie or token that is signed, not
    encrypted, and so readable by anyone who sees it (a frame's URL in a proxy log, a
    screenshot). The result's id is worked out only here, when the result is stored, and
    no one without the key can work it out from the draft. Why derived and not drawn: the
    same attempt always gives the same id, so the unique public id keeps storing
    exactly-once. Results stored before keep the ids they have.
    """
    digest = hmac.new(key, b"result-id:" + attempt.encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def find(session: Session, public_id: str) -> StoredResult | None:
    # A public id has an attempt id's shape (`public_id_of` makes 24 URL-safe characters, and
    # older results are stored under their attempt's id): anything else in a URL is not
    # looked up at all (PostgreSQL refuses a NUL byte in a text parameter with an error).
    if not is_attempt_id(public_id):
        return None
    return session.scalars(select(StoredResult).where(StoredResult.public_id == public_id)).first()


def answers_of(session: Session, public_id: str) -> dict[str, str] | None:
    """The answers the result `public_id` was stored with; None when it is not stored.

    What finishing an attempt asks on every last step (is its result stored already?): one
    column by a statement compiled once (`compiled.for_driver`), where the ORM's `find` cost
    several times the query itself (a fifth of the last step, measured in a quiz run).
    """
    if not is_attempt_id(public_id):
        return None
    connection = session.connection()
    lookup = for_driver(_answers_of, connection.dialect)
    row = connection.exec_driver_sql(lookup.sql, lookup.parameters(
        {"public_id": public_id})).first()
    return None if row is None else lookup.row(row)[0]


def _answers_of(_dialect: str):
    table = StoredResult.__table__
    return select(table.c.answers).where(table.c.public_id == bindparam("public_id"))


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
        # statement was 4x slower. A Core statement on the session's connection: the ORM's
        # bulk path would add work and nothing else (no objects are made here).
        connection = session.connection()
        new_ids = set(connection.execute(_insert_new(connection.dialect.name), rows).scalars())
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
    table = StoredResult.__table__
    return (
        insert_for(dialect)(table)
        .on_conflict_do_nothing(index_elements=["public_id"])
        .returning(table.c.public_id)
    )


def store_one(session: Session, comparison: str, finished: Finished) -> bool:
    """Store one result of `comparison`; False when it was already stored."""
    return store(session, comparison, [finished]) == 1


