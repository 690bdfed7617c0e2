"""Queries on consultation requests: storing one exactly once, spending the form and the
proof of work it came with, the staff list, and finding requests to withdraw, erase or purge.

Each function runs in the caller's transaction (`db.transaction`), so a request, its
tallies and its outbox rows are written, or dropped, together.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator
from functools import cache

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from ..db import insert_for
from .consultation_models import ConsultationRequest, UsedChallenge
from .models import StoredResult

STATUSES = ("new", "answered", "closed")


class Replayed(Exception):
    """The form or the proof of work was already spent on an earlier request."""


def find(dbs: Session, request_id: str) -> ConsultationRequest | None:
    return dbs.get(ConsultationRequest, request_id)


def find_by_nonce(dbs: Session, nonce: str) -> ConsultationRequest | None:
    return dbs.scalars(select(ConsultationRequest)
                       .where(ConsultationRequest.form_nonce == nonce)).first()


def insert(dbs: Session, row: dict) -> ConsultationRequest:
    """Store the request in `row`, unless one from the same rendered form (its nonce) is
    stored already: then that one, whichever transaction stored it (a double click)."""
    new = dbs.scalars(_insert_new(dbs.get_bind().dialect.name), [row]).first()
    # The statement on a twin's conflict waited for the twin's transaction and now sees it.
    found = find(dbs, new) if new else find_by_nonce(dbs, row["form_nonce"])
    return found


@cache
def _insert_new(dialect: str):
    return (insert_for(dialect)(ConsultationRequest)
            .on_conflict_do_nothing(index_elements=["form_nonce"])
            .returning(ConsultationRequest.id))


def spend(dbs: Session, keys: Iterable[str], expires_at: dt.datetime, now: dt.datetime) -> None:
    """Mark `keys` (a form's nonce, a solved challenge) spent until `expires_at`; Replayed
    when one was spent already. Forgets keys whose time is up, which could not be sent again
    anyway (their form or challenge has expired)."""
    dbs.execute(delete(UsedChallenge).where(UsedChallenge.expires_at < now))
    rows = [{"key": key, "expires_at": expires_at} for key in keys]
    spent = dbs.scalars(_insert_unused(dbs.get_bind().dialect.name), rows).all()
    if len(spent) != len(rows):
        raise Replayed


@cache
def _insert_unused(dialect: str):
    return (insert_for(dialect)(UsedChallenge).on_conflict_do_nothing(index_elements=["key"])
            .returning(UsedChallenge.key))


def remove(dbs: Session, request_id: str) -> tuple[ConsultationRequest, StoredResult | None] | None:
    """Delete a request; it and its result (None when purged since), or None when there was
    no such request (withdrawn already)."""
    found = dbs.execute(select(ConsultationRequest, StoredResult)
                        .outerjoin(StoredResult,
                                   StoredResult.public_id == ConsultationRequest.result_id)
                        .where(ConsultationRequest.id == request_id)
                        .with_for_update(of=ConsultationRequest)).first()
    if found is None:
        return None
    dbs.execute(delete(ConsultationRequest).where(ConsultationRequest.id == request_id))
    return found[0], found[1]


def set_status(dbs: Session, request_id: str, status: str) -> bool:
    """Set a request's status; False when there is no such request."""
    if status not in STATUSES:
        raise ValueError(status)
    changed = dbs.execute(update(ConsultationRequest).where(ConsultationRequest.id == request_id)
                          .values(status=status))
    return changed.rowcount == 1


def ids_for_email(dbs: Session, email: str) -> list[str]:
    """Every request made with `email`, whatever the case of its letters."""
    return list(dbs.scalars(select(ConsultationRequest.id)
                            .where(func.lower(ConsultationRequest.email) == email.lower())))


def ids_older_than(dbs: Session, before: dt.datetime) -> list[str]:
    """Every request whose consent was given before `before`."""
    return list(dbs.scalars(select(ConsultationRequest.id)
                            .where(ConsultationRequest.consent_given_at < before)))


def delete_all(dbs: Session, request_ids: list[str]) -> int:
    if not request_ids:
        return 0
    return dbs.execute(delete(ConsultationRequest)
                       .where(ConsultationRequest.id.in_(request_ids))).rowcount


def total(dbs: Session) -> int:
    return dbs.scalar(select(func.count()).select_from(ConsultationRequest))


def newest(dbs: Session, limit: int | None = None,
           offset: int = 0) -> list[tuple[ConsultationRequest, StoredResult | None]]:
    """Requests newest first, each with its result (None when the result was purged)."""
    query = (select(ConsultationRequest, StoredResult)
             .outerjoin(StoredResult, StoredResult.public_id == ConsultationRequest.result_id)
             .order_by(ConsultationRequest.consent_given_at.desc(), ConsultationRequest.id)
             .offset(offset))
    if limit is not None:
        query = query.limit(limit)
    return [(request, result) for request, result in dbs.execute(query)]


def every(dbs: Session) -> Iterator[tuple[ConsultationRequest, StoredResult | None]]:
    """Every request newest first, read in batches (the staff export)."""
    query = (select(ConsultationRequest, StoredResult)
             .outerjoin(StoredResult, StoredResult.public_id == ConsultationRequest.result_id)
             .order_by(ConsultationRequest.consent_given_at.desc(), ConsultationRequest.id)
             .execution_options(yield_per=500))
    for row in dbs.execute(query):
        yield row[0], row[1]
