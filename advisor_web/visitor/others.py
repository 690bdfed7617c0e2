""""You against others": where a result stands among everyone's under the live quiz.

"Of the N people building <this project type>, P% were told Node.js, ...", from the
all-time tallies of the live quiz version, only when the group is big enough that it tells
nothing about anyone in it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ..quiz import funnel
from ..quiz.content import Quiz
from ..storage import Session, tallies


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


def compare_with_others(dbs: Session, comparison: str, quiz: Quiz, answers: Mapping[str, str],
                        verdict: str, min_count: int) -> Others | None:
    """The comparison for a result of `comparison` with `answers` and `verdict`, from the
    tallies of the live `quiz` of that comparison; None when its group holds fewer than
    `min_count` results (or it has no project type the live quiz knows)."""
    project = answers.get(funnel.PROJECT_QUESTION)
    try:
        question = quiz.question(funnel.PROJECT_QUESTION)
        label = question.choice(project).label
    except KeyError:
        return None
    counts = tallies.project_verdicts(dbs, comparison, quiz.version)
    group = counts.get(project, {})
    size = sum(group.values())
    if size < max(min_count, 1) or verdict not in quiz.verdicts:
        return None
    everyone = sum(sum(told.values()) for told in counts.values())
    told_same = sum(told.get(verdict, 0) for told in counts.values())
    shares = tuple(Share(v, quiz.verdicts[v].title, group.get(v, 0) / size)
                   for v in quiz.verdict_ids)
    return Others(label, size, shares, quiz.verdicts[verdict].title, told_same / everyone)
