"""Replaying stored answer sets under a candidate quiz: which verdicts would change.

Pure: groups of identical answer sets (with the verdict they were given and how many results
share them) in, a `Report` out. Each distinct answer set is scored once, without flips
(`scoring.verdict_of`), so a million stored results cost as many scorings as there are
distinct answer sets.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from .content import Quiz
from .funnel import PROJECT_QUESTION
from .scoring import InvalidAnswers, verdict_of

EXAMPLES_PER_TRANSITION = 3


@dataclass(frozen=True)
class AnswerGroup:
    """Stored results with the same answers and verdict: `count` of them."""

    answers: Mapping[str, str]
    verdict: str
    count: int


@dataclass(frozen=True)
class Report:
    results: int  # every result replayed, scorable or not
    changed: int
    transitions: Mapping[str, int]  # "node->python" -> results, most first
    by_project_type: Mapping[str, int]  # project type -> results whose verdict changed
    examples: Mapping[str, tuple[Mapping[str, str], ...]]  # transition -> a few answer sets
    unscorable: int  # results the candidate cannot score (an unknown or missing id)
    problems: Mapping[str, int] = field(default_factory=dict)  # why, -> results
    seconds: float = 0.0

    def to_json(self) -> dict:
        """The report as `flask quiz replay --json` prints it."""
        return {
            "results": self.results, "changed": self.changed,
            "transitions": dict(self.transitions), "by_project_type": dict(self.by_project_type),
            "examples": {t: [dict(a) for a in sets] for t, sets in self.examples.items()},
            "unscorable": self.unscorable, "problems": dict(self.problems),
            "seconds": round(self.seconds, 3),
        }


def transition(before: str, after: str) -> str:
    return f"{before}->{after}"


def replay(candidate: Quiz, groups: Iterable[AnswerGroup]) -> Report:
    """Score each group's answers under `candidate` and count the verdicts that change."""
    results = changed = unscorable = 0
    transitions: Counter[str] = Counter()
    by_project: Counter[str] = Counter()
    problems: Counter[str] = Counter()
    examples: dict[str, list[Mapping[str, str]]] = {}
    for group in groups:
        results += group.count
        try:
            verdict = verdict_of(candidate, group.answers)
        except InvalidAnswers as error:
            unscorable += group.count
            problems[str(error)] += group.count
            continue
        if verdict == group.verdict:
            continue
        name = transition(group.verdict, verdict)
        changed += group.count
        transitions[name] += group.count
        by_project[group.answers.get(PROJECT_QUESTION, "")] += group.count
        shown = examples.setdefault(name, [])
        if len(shown) < EXAMPLES_PER_TRANSITION:
            shown.append(group.answers)
    return Report(
        results=results, changed=changed,
        transitions=dict(transitions.most_common()),
        by_project_type=dict(by_project.most_common()),
        examples={name: tuple(sets) for name, sets in examples.items()},
        unscorable=unscorable, problems=dict(problems.most_common()),
    )


def answers_from_text(text: str) -> dict[str, str]:
    """A stored answer set as the database returns its JSON text."""
    return json.loads(text)
