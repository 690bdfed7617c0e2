"""The visitor's word on the advice: "Was this helpful?" on a stored result.

One vote per result: a later vote replaces the earlier one, and the tallies move with it in
the same transaction. ("You against others", read from the tallies, is `visitor/others.py`.)
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import transaction
from ..quiz import funnel
from . import results, tallies
from .models import StoredResult


class NoSuchResult(LookupError):
    """No stored result has that id (a 404)."""


def vote(dbs: Session, public_id: str, ballot: funnel.Vote) -> StoredResult:
    """Record `ballot` on the stored result `public_id`, replacing any earlier vote, and move
    its tallies in the same transaction. Raises NoSuchResult."""
    if results.find(dbs, public_id) is None:  # a malformed id is never looked up
        raise NoSuchResult(public_id)
    with transaction(dbs):
        # Locked (PostgreSQL; SQLite's writer lock already serialises): two votes at once on
        # one result must each see the other's, or both would count as a first vote.
        stored = dbs.scalars(select(StoredResult).where(StoredResult.public_id == public_id)
                             .with_for_update().execution_options(populate_existing=True)).one()
        earlier = funnel.Vote(stored.helpful, stored.building_with) if stored.helpful else None
        voted = funnel.Voted(stored.created_on, stored.quiz_version, stored.verdict,
                             stored.answers)
        tallies.add(dbs.connection(), funnel.vote_changes(voted, earlier, ballot))
        stored.helpful, stored.building_with = ballot.helpful, ballot.building_with
    return stored
