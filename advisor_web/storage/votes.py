"""The visitor's word on the advice: "Was this helpful?" on a stored result.

One vote per result: a later vote replaces the earlier one, and the tallies move with it in
the same transaction. ("You against others", read from the tallies, is `visitor/others.py`.)
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import bindparam, select, update
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
                             .with_for_update().execution_options(populate_existing=True)
                             ).one_or_none()
        if stored is None:  # purged since the lookup above: as if never found
            raise NoSuchResult(public_id)
        earlier = funnel.Vote(stored.helpful, stored.building_with) if stored.helpful else None
        voted = funnel.Voted(stored.created_on, stored.quiz_version, stored.verdict,
                             stored.answers)
        tallies.add(dbs.connection(), stored.comparison,
                    funnel.vote_changes(voted, earlier, ballot))
        stored.helpful, stored.building_with = ballot.helpful, ballot.building_with
    return stored


def first_votes(dbs: Session, comparison: str,
                ballots: Iterable[tuple[str, funnel.Voted, funnel.Vote]]) -> int:
    """Record many first votes on results of `comparison` at once, each (public id, the
    result voted on, the vote), with their tallies, in one transaction: demo data's votes on
    the results it has just stored (a visitor's vote is `vote`). A result that has a vote
    already keeps it, uncounted again. Returns how many were recorded."""
    ballots = list(ballots)
    if not ballots:
        return 0
    table = StoredResult.__table__
    statement = (update(table)
                 .where(table.c.public_id == bindparam("voted_id"),
                        table.c.comparison == comparison, table.c.helpful.is_(None))
                 .values(helpful=bindparam("voted_helpful"),
                         building_with=bindparam("voted_building_with")))
    with transaction(dbs):
        # An UPDATE per ballot, so that only the rows it changed are counted.
        connection = dbs.connection()
        recorded = [(voted, ballot) for public_id, voted, ballot in ballots
                    if connection.execute(statement, {
                        "voted_id": public_id, "voted_helpful": ballot.helpful,
                        "voted_building_with": ballot.building_with}).rowcount]
        tallies.add(connection, comparison, [key for voted, ballot in recorded
                                 for key in funnel.vote_keys(voted, ballot)])
    return len(recorded)
