"""The quiz's flow: which step comes when, and the visitor's draft (pure values).

The server owns the order (as in django-formtools' wizard): a visitor may look at any step up
to the first one still unanswered (the frontier), never beyond it; each posted step is checked
against the draft; at the end every answer is validated again before scoring. The draft holds
only ids (attempt, quiz version, answers, steps reached and done), never scores.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from .content import Quiz, Step


def new_attempt_id() -> str:
    """An unguessable id for a new attempt: 144 random bits, URL-safe, neither sequential nor
    a UUID. The stored result's public id is a keyed hash of it (`storage.results`)."""
    return secrets.token_urlsafe(18)


# What `new_attempt_id` makes (24 URL-safe characters), with room either side. Anything else
# where an attempt or result id is expected (a draft, a URL) is refused before it is looked
# up (PostgreSQL refuses a NUL byte in a text parameter with an error, not a miss).
ATTEMPT_ID = re.compile(r"[A-Za-z0-9_-]{16,32}")


def is_attempt_id(value: object) -> bool:
    return isinstance(value, str) and ATTEMPT_ID.fullmatch(value) is not None
def next_attempt_id(attempt: str) -> str:
    """The attempt that follows a finished one when an answer is changed. Derived from it,
    not drawn afresh, so a finished draft replayed with changed answers begins the same next
    attempt every time, and so lands on one result however often it is replayed. Knowing it
    gives nothing away: the result's id is a keyed hash of it."""
    digest = hashlib.sha256(b"next-attempt:" + attempt.encode()).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


@dataclass(frozen=True)
class Draft:
    """A visitor's answers in progress. `attempt` keys the stored result (its public id is a
    keyed hash of it, never shown before the result is stored); `reached` and `done` remember
    which funnel events this attempt has counted."""

    quiz_version: str
    attempt: str
    answers: Mapping[str, str] = field(default_factory=dict)
    reached: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    finished: bool = False
    source: str = "site"  # where the attempt began: the site, or an embedding page's label

    @classmethod
    def start(cls, quiz: Quiz, answers: Mapping[str, str] | None = None,
              source: str = "site") -> Draft:
        return cls(quiz.version, new_attempt_id(), quiz.keep_asked(answers or {}),
                   source=source)

    @property
    def started(self) -> bool:
        """Whether this attempt has counted as a start (its first step answered)."""
        return bool(self.reached)


@dataclass(frozen=True)
class Position:
    """Where a step stands among the steps these answers make the visitor see."""

    step: Step
    number: int  # 1-based
    total: int
    previous: Step | None
    next: Step | None


class Flow:
    """Step order and conditions for one quiz."""

    def __init__(self, quiz: Quiz):
        self.quiz = quiz

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.quiz.steps if s.id == step_id), None)

    def is_complete(self, step: Step, answers: Mapping[str, str]) -> bool:
        return all(q in answers for q in self.quiz.asked_in(step, answers))

    def frontier(self, answers: Mapping[str, str],
                 steps: tuple[Step, ...] | None = None) -> Step | None:
        """The first step with a question still unanswered; None when every step is done."""
        steps = self.quiz.active_steps(answers) if steps is None else steps
        return next((s for s in steps if not self.is_complete(s, answers)), None)

    def current(self, answers: Mapping[str, str]) -> Step:
        """The step to show a returning visitor: the frontier, or the last step when done."""
        steps = self.quiz.active_steps(answers)
        return self.frontier(answers, steps) or steps[-1]

    def may_visit(self, step: Step, answers: Mapping[str, str]) -> bool:
        """A step is open when it is shown for these answers and no earlier step is unfinished."""
        steps = self.quiz.active_steps(answers)
        if step not in steps:
            return False
        frontier = self.frontier(answers, steps)
        return frontier is None or steps.index(step) <= steps.index(frontier)

    def position(self, step: Step, answers: Mapping[str, str]) -> Position:
        steps = self.quiz.active_steps(answers)
        index = steps.index(step)
        return Position(
            step=step,
            number=index + 1,
            total=len(steps),
            previous=steps[index - 1] if index > 0 else None,
            next=steps[index + 1] if index + 1 < len(steps) else None,
        )

    def with_answers(self, draft: Draft, new: Mapping[str, str]) -> Draft:
        """The draft with `new` merged in and normalised (`Quiz.keep_asked`). Changing an
        answer after finishing begins a new attempt (a new result, a new start)."""
        kept = self.quiz.keep_asked({**draft.answers, **new})
        if draft.finished and kept != dict(draft.answers):
            return Draft(draft.quiz_version, next_attempt_id(draft.attempt), kept,
                         source=draft.source)
        return replace(draft, answers=kept)
