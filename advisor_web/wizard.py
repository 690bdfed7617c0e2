"""The quiz's flow: which step comes when, and the visitor's draft in the signed session cookie.

The server owns the order (as in django-formtools' wizard): a visitor may look at any step up
to the first one still unanswered (the frontier), never beyond it; each posted step is checked
against the draft; at the end every stored answer is validated again before scoring.
The draft holds only ids (attempt, quiz version, answers, steps reached), so the cookie stays
a few hundred bytes and shows no scores.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass, field, replace

from .models import new_public_id
from .quiz.content import Quiz, Step

SESSION_KEY = "draft"


@dataclass(frozen=True)
class Draft:
    """A visitor's answers in progress. `attempt` becomes the stored result's public id."""

    quiz_version: str
    attempt: str
    answers: Mapping[str, str] = field(default_factory=dict)
    reached: tuple[str, ...] = ()
    done: tuple[str, ...] = ()
    finished: bool = False

    @classmethod
    def start(cls, quiz: Quiz, answers: Mapping[str, str] | None = None) -> Draft:
        return cls(quiz.version, new_public_id(), dict(answers or {}))

    def to_cookie(self) -> dict:
        return {
            "v": self.quiz_version,
            "id": self.attempt,
            "a": dict(self.answers),
            "r": list(self.reached),
            "d": list(self.done),
            "f": self.finished,
        }

    @classmethod
    def from_cookie(cls, quiz: Quiz, data: object) -> Draft | None:
        """The draft in a session value, or None when it is missing, stale or malformed."""
        if not isinstance(data, dict) or data.get("v") != quiz.version:
            return None
        attempt, answers = data.get("id"), data.get("a")
        reached, done = data.get("r"), data.get("d")
        if not (isinstance(attempt, str) and 16 <= len(attempt) <= 32):
            return None
        if not isinstance(answers, dict) or not _all_str(answers.keys(), answers.values()):
            return None
        if not isinstance(reached, list) or not isinstance(done, list):
            return None
        if not _all_str(reached, done):
            return None
        known = {q.id: set(q.choice_ids()) for q in quiz.questions}
        clean = {q: c for q, c in answers.items() if c in known.get(q, ())}
        return cls(quiz.version, attempt, clean, tuple(reached), tuple(done),
                   data.get("f") is True)


def _all_str(*iterables) -> bool:
    return all(isinstance(item, str) for items in iterables for item in items)


def load(quiz: Quiz, session: Mapping) -> Draft | None:
    return Draft.from_cookie(quiz, session.get(SESSION_KEY))


def save(session: MutableMapping, draft: Draft) -> None:
    value = draft.to_cookie()
    if session.get(SESSION_KEY) != value:  # an unchanged draft leaves the session untouched
        session[SESSION_KEY] = value
    if not session.permanent:
        session.permanent = True  # survives a browser restart, for PERMANENT_SESSION_LIFETIME


def forget(session: MutableMapping) -> None:
    session.pop(SESSION_KEY, None)


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

    def steps(self, answers: Mapping[str, str]) -> tuple[Step, ...]:
        return self.quiz.active_steps(answers)

    def step(self, step_id: str) -> Step | None:
        return next((s for s in self.quiz.steps if s.id == step_id), None)

    def asked(self, step: Step, answers: Mapping[str, str]) -> tuple[str, ...]:
        return tuple(q for q in step.question_ids if self.quiz.is_asked(q, answers))

    def is_complete(self, step: Step, answers: Mapping[str, str]) -> bool:
        return all(q in answers for q in self.asked(step, answers))

    def frontier(self, answers: Mapping[str, str],
                 steps: tuple[Step, ...] | None = None) -> Step | None:
        """The first step with a question still unanswered; None when every step is done."""
        steps = self.steps(answers) if steps is None else steps
        return next((s for s in steps if not self.is_complete(s, answers)), None)

    def current(self, answers: Mapping[str, str]) -> Step:
        """The step to show a returning visitor: the frontier, or the last step when done."""
        steps = self.steps(answers)
        return self.frontier(answers, steps) or steps[-1]

    def may_visit(self, step: Step, answers: Mapping[str, str]) -> bool:
        """A step is open when it is shown for these answers and no earlier step is unfinished."""
        steps = self.steps(answers)
        if step not in steps:
            return False
        frontier = self.frontier(answers, steps)
        return frontier is None or steps.index(step) <= steps.index(frontier)

    def position(self, step: Step, answers: Mapping[str, str]) -> Position:
        steps = self.steps(answers)
        index = steps.index(step)
        return Position(
            step=step,
            number=index + 1,
            total=len(steps),
            previous=steps[index - 1] if index > 0 else None,
            next=steps[index + 1] if index + 1 < len(steps) else None,
        )

    def with_answers(self, draft: Draft, new: Mapping[str, str]) -> Draft:
        """The draft with `new` merged in; answers whose question is no longer asked are
        dropped. Changing an answer after finishing begins a new attempt (a new result)."""
        merged = {**draft.answers, **new}
        kept = {q.id: merged[q.id] for q in self.quiz.questions
                if q.id in merged and self.quiz.is_asked(q.id, merged)}
        if draft.finished and kept != dict(draft.answers):
            # A new attempt is a new start in the funnel, as a retake is.
            return replace(draft, attempt=new_public_id(), answers=kept, finished=False,
                           reached=(), done=())
        return replace(draft, answers=kept)
