"""Quiz content, the model: one comparison as frozen objects (`quiz.loader` reads a file
into them).

A comparison holds everything its quiz says and weighs: the options compared (2 to 4), the
article's factors with each option's stars, questions and choices, the combined verdicts,
the verdict texts and the weights. Nothing here knows what any option or question means.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

STARS = range(1, 6)
MIN_OPTIONS, MAX_OPTIONS = 2, 4

# Limits on a quiz file, generous for a real quiz (the shipped one has 12 questions, at most
# 12 choices to a question, 8 factors, 6 steps and no text over 400 characters). They bound
# what an upload to /staff/replay costs to load and to replay over every stored result, and
# are checked before anything that grows with them.
MAX_FILE_BYTES = 256 * 1024
MAX_QUESTIONS = 60
MAX_CHOICES = 20  # per question
MAX_FACTORS = 30
MAX_STEPS = 30
MAX_TEXT = 1_000  # characters in any one text
MAX_LIST = 20  # items in a verdict's lists, or choices a condition names
MAX_NUMBER = 1_000  # the largest weight, importance or lean, either way
MAX_ID = 40  # characters in an id


class QuizContentError(Exception):
    """The quiz file is unreadable or inconsistent; the message names file, id and problem."""


@dataclass(frozen=True)
class Choice:
    """One answer to a question, with what picking it does to the scores."""

    id: str
    label: str
    help: str = ""
    # One sentence grounded in the article, shown when this answer is among the reasons.
    why: str = ""
    # (factor_id, delta): how much more (or less) each factor matters with this answer.
    importance: tuple[tuple[str, float], ...] = ()
    # (option id, points): a direct push towards an option, outside the factor table.
    lean: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Condition:
    """Holds when every listed question has one of its listed choices."""

    requires: tuple[tuple[str, tuple[str, ...]], ...]

    def holds(self, answers: Mapping[str, str]) -> bool:
        # A plain loop: the scoring engine asks this for every what-if alternative.
        for question, choices in self.requires:
            if answers.get(question) not in choices:
                return False
        return True


@dataclass(frozen=True)
class Question:
    id: str
    prompt: str
    help: str
    choices: tuple[Choice, ...]
    required: bool
    condition: Condition | None  # None: always asked
    # Built once: validating an answer set (thousands of them in a replay) only looks up.
    _by_id: Mapping[str, Choice] = field(init=False, repr=False, compare=False)
    _ids: tuple[str, ...] = field(init=False, repr=False, compare=False)
    choice_set: frozenset[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", MappingProxyType({c.id: c for c in self.choices}))
        object.__setattr__(self, "_ids", tuple(c.id for c in self.choices))
        object.__setattr__(self, "choice_set", frozenset(self._ids))

    def choice(self, choice_id: str) -> Choice:
        return self._by_id[choice_id]

    def choice_ids(self) -> tuple[str, ...]:
        return self._ids


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    intro: str
    question_ids: tuple[str, ...]


@dataclass(frozen=True)
class Option:
    """One of the things compared, in display order."""

    id: str
    name: str


@dataclass(frozen=True)
class Factor:
    """A row of the article's side-by-side summary: every option's stars and label."""

    id: str
    name: str
    stars: Mapping[str, int]  # option id -> 1..5, in option order
    labels: Mapping[str, str]  # option id -> the summary's words for it
    verdict: str
    # How much the factor matters before any answer; answers add to or subtract from it.
    base_importance: float = 1.0


@dataclass(frozen=True)
class VerdictText:
    id: str
    title: str
    summary: str
    ideal_projects: tuple[str, ...] = ()  # optional in the file
    frameworks: tuple[str, ...] = ()
    # A combined verdict's only (optional): what taking its options together costs, as the
    # rest of a sentence "Bad, because ..." in the decision record.
    cost: str = ""


@dataclass(frozen=True)
class Combined:
    """A verdict recommending several options together (the article's split architecture).

    It is the verdict when `when` holds for the asked answers: every question it lists is
    asked and answered with one of its choices. The first combined verdict that holds wins,
    whatever the scores.
    """

    id: str
    options: tuple[str, ...]
    when: Condition


@dataclass(frozen=True)
class RecordWords:
    """The decision record's words for this comparison (the file's optional `[record]`);
    left empty, the record says it from the comparison's title."""

    subject: str = ""  # what is decided, the record's title before " — <verdict>"
    context: str = ""  # the Context section's opening sentence


# eq=False: a quiz is compared and hashed by identity, so the scoring engine can keep its
# precomputed tables per loaded quiz.
@dataclass(frozen=True, eq=False)
class Quiz:
    slug: str
    title: str
    version: str
    source: str
    options: tuple[Option, ...]
    questions: tuple[Question, ...]
    steps: tuple[Step, ...]
    factors: tuple[Factor, ...]
    verdicts: Mapping[str, VerdictText]  # option and combined id -> its text
    combined: tuple[Combined, ...] = ()
    tie_break: str = ""  # an option id: the verdict when it is among the top scores
    listed: bool = True  # False: a draft only staff preview
    record: RecordWords = RecordWords()
    _questions: Mapping[str, Question] = field(init=False, repr=False)
    _steps: Mapping[str, Step] = field(init=False, repr=False)
    # Built once: the scoring engine reads them for every what-if alternative.
    option_ids: tuple[str, ...] = field(init=False, repr=False)
    # Every verdict this quiz can give, in display order: options, then combined.
    verdict_ids: tuple[str, ...] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_id = MappingProxyType({q.id: q for q in self.questions})
        step_of = MappingProxyType({q: s for s in self.steps for q in s.question_ids})
        object.__setattr__(self, "_questions", by_id)
        object.__setattr__(self, "_steps", step_of)
        object.__setattr__(self, "option_ids", tuple(option.id for option in self.options))
        object.__setattr__(self, "verdict_ids",
                           self.option_ids + tuple(c.id for c in self.combined))

    def verdict_name(self, verdict_id: str) -> str:
        """A verdict's short name: the option's name, or the combined options' names joined."""
        names = {option.id: option.name for option in self.options}
        if verdict_id in names:
            return names[verdict_id]
        combined = next(c for c in self.combined if c.id == verdict_id)
        return " + ".join(names[o] for o in combined.options)

    def question(self, question_id: str) -> Question:
        return self._questions[question_id]

    def has_question(self, question_id: object) -> bool:
        return isinstance(question_id, str) and question_id in self._questions

    def is_asked(self, question_id: str, answers: Mapping[str, str]) -> bool:
        """Whether the question is asked, given the answers so far.

        Conditions only read earlier, unconditional questions, so the answers to those
        decide it whatever else `answers` holds.
        """
        condition = self.question(question_id).condition
        return condition is None or condition.holds(answers)

    def keep_asked(self, answers: Mapping[str, str]) -> dict[str, str]:
        """The answers normalised: known questions with a known choice, asked for these
        answers, in quiz order. The one rule for "which answers still count": a visitor who
        goes back and changes an earlier answer never carries a stale one forward."""
        return {
            q.id: answers[q.id]
            for q in self.questions
            if answers.get(q.id) in q.choice_set
            and (q.condition is None or q.condition.holds(answers))
        }

    def asked_in(self, step: Step, answers: Mapping[str, str]) -> tuple[str, ...]:
        """The questions of `step` asked for these answers (a conditional one may be out)."""
        return tuple(q for q in step.question_ids if self.is_asked(q, answers))

    def active_steps(self, answers: Mapping[str, str]) -> tuple[Step, ...]:
        """The steps that have at least one question asked, in order ("step k of n")."""
        return tuple(step for step in self.steps if self.asked_in(step, answers))

    def step_of(self, question_id: str) -> Step:
        return self._steps[question_id]

    @property
    def always_asked(self) -> tuple[Question, ...]:
        """The questions every visitor answers (no condition)."""
        return tuple(q for q in self.questions if q.condition is None)

    @property
    def fewest_steps(self) -> int:
        """How many steps a visitor sees when no conditional question is asked."""
        return sum(1 for s in self.steps
                   if any(self.question(q).condition is None for q in s.question_ids))


