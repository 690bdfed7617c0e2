"""The visitor's word on the advice, and where their result stands among others'.

* `vote`: "Was this helpful?" on a stored result. One vote per result: a later vote replaces
  the earlier one, and the tallies move with it in the same transaction.
* `others`: "Of the N people building <this project type>, P% were told Node.js, ...", from
  the all-time tallies of the live quiz version, only when the group is big enough that it
  tells nothing about anyone in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import tallies
from ..db import transaction
from ..models import StoredResult
from ..quiz import funnel
from ..quiz.content import Quiz
from . import results


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


@dataclass(frozen=True)
class Share:
    verdict: str
    label: str
    share: float  # of the group, 0..1


@dataclass(frozen=True)
class Others:
    """How this visitor's result compares with everyone's under the live quiz."""

    project: str  # the project type's label, as the quiz words it
    group: int  # results with the same project type
    shares: tuple[Share, ...]  # what that group was told, in the quiz's verdict order
    verdict_label: str
    same_verdict: float  # this visitor's verdict's share of all results, 0..1


def others(dbs: Session, quiz: Quiz, answers: Mapping[str, str], verdict: str,
           min_count: int) -> Others | None:
    """The comparison for a result with `answers` and `verdict`, from the tallies of the live
    `quiz`; None when its group holds fewer than `min_count` results (or it has no project
    type the live quiz knows)."""
    project = answers.get(funnel.PROJECT_QUESTION)
    try:
        question = quiz.question(funnel.PROJECT_QUESTION)
        label = question.choice(project).label
    except KeyError:
        return None
    counts = tallies.project_verdicts(dbs, quiz.version)
    group = counts.get(project, {})
    size = sum(group.values())
    if size < max(min_count, 1) or verdict not in quiz.verdicts:
        return None
    everyone = sum(sum(told.values()) for told in counts.values())
    told_same = sum(told.get(verdict, 0) for told in counts.values())
    shares = tuple(Share(v, quiz.verdicts[v].title, group.get(v, 0) / size)
                   for v in quiz.verdict_ids)
    return Others(label, size, shares, quiz.verdicts[verdict].title, told_same / everyone)
