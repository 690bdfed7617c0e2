"""Scoring: a visitor's answers -> an explained Outcome.

The arithmetic, with all the numbers taken from the quiz file:

* A factor's *importance* is its ``base_importance`` plus the ``importance`` deltas of every
  answer, floored at 0.
* ``node = sum(importance * node_stars) + sum(lean.node)``, ``python`` likewise. The sums are
  not normalised by the total importance, so making a factor matter more can only move the
  scores towards the technology that factor favours.
* Node's *lead* is ``node - python``: each answer moves it by its ``effect``,
  ``sum(delta * (node_stars - python_stars)) + lean.node - lean.python``.
* The verdict is ``hybrid`` when the quiz's hybrid rule holds, otherwise the higher score,
  with ``quiz.tie_break`` on an exact tie.

Pure: no I/O, no Flask, no SQLAlchemy; the same answers always give the same Outcome.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from types import MappingProxyType
from typing import Any

from .content import Factor, Question, Quiz

MAX_REASONS = 5

# On the scale of the quiz file's weights: a factor at its base importance (about 1) is
# "Moderate", as for any backend; an answer that makes it central (+3) makes it "Critical".
IMPORTANCE_LABELS = ((3.0, "Critical"), (1.5, "High"), (0.75, "Moderate"), (0.0, "Low"))

# On the margin |node - python| / (node + python): with every factor contributing to both
# scores, a 10 % gap is already a lead several strong answers would have to undo.
MARGIN_LABELS = ((0.1, "clear-cut"), (0.04, "leaning"), (0.0, "close call"))


class InvalidAnswers(ValueError):
    """The answers cannot be scored.

    ``errors`` maps each bad question id to a message for the visitor; ``str(exc)`` is one
    line naming every bad id, for logs and the command line.
    """

    def __init__(self, errors: Mapping[str, str], problems: list[str] | None = None) -> None:
        if problems is None:
            problems = [f"{question_id!r}: {message}" for question_id, message in errors.items()]
        super().__init__("; ".join(problems))
        self.errors = dict(errors)


@dataclass(frozen=True)
class FactorRow:
    """One row of the comparison table, weighed for these answers."""

    factor_id: str
    name: str
    importance: float
    importance_label: str
    node_stars: int
    python_stars: int
    node_label: str
    python_label: str
    contribution: float  # importance * (node_stars - python_stars); positive favours Node.js
    verdict: str


@dataclass(frozen=True)
class Reason:
    """An answer that moved the verdict, and why, in the article's words."""

    question: str
    choice: str
    text: str
    effect: float  # how much this answer moved Node's lead; negative favours Python


@dataclass(frozen=True)
class Flip:
    """A what-if: changing `question` to `choice` alone would give `verdict`."""

    question: str
    choice: str
    verdict: str


@dataclass(frozen=True)
class Outcome:
    """The verdict for one answer set, with everything needed to explain it.

    ``margin`` is ``|node - python| / (node + python)``: 0 when the scores are equal,
    approaching 1 when one technology takes everything. For a hybrid it still measures how
    far apart the two stacks' scores are, i.e. which side of the split carries more weight.
    """

    verdict: str
    scores: Mapping[str, float]
    margin: float
    margin_label: str
    factors: tuple[FactorRow, ...]
    reasons: tuple[Reason, ...]
    flips: tuple[Flip, ...]
    quiz_version: str
    answers: Mapping[str, str]


def validate(quiz: Quiz, answers: Mapping[str, str]) -> dict[str, str]:
    """Check `answers` and return them normalised: asked questions only, in quiz order.

    An answer to a question whose condition does not hold is dropped, so a visitor who goes
    back and changes an earlier answer never carries a stale one into the result.
    Raises InvalidAnswers for an unknown question or choice, a value that is not a string,
    or a missing answer to a required question that is asked.
    """
    if not isinstance(answers, Mapping):
        raise InvalidAnswers(
            {"answers": "Expected an object mapping question ids to choice ids"},
            ["answers must be an object mapping question ids to choice ids"],
        )
    errors: dict[str, str] = {}
    problems: list[str] = []
    for question_id in answers:
        if not quiz.has_question(question_id):
            errors[str(question_id)] = "Unknown question"
            problems.append(f"unknown question {_short(question_id)}")

    # Replay validates every distinct stored answer set: the happy path only looks up, and
    # the messages are written only for the answers that are wrong.
    for question in quiz.questions:
        value = answers.get(question.id)
        if value is None:
            if question.required and quiz.is_asked(question.id, answers):
                errors[question.id] = _choose(question)
                problems.append(f"missing answer for question {question.id!r}")
        elif not isinstance(value, str):
            errors[question.id] = _choose(question)
            problems.append(
                f"answer for question {question.id!r} must be a choice id, got {_short(value)}"
            )
        elif value not in question.choice_set:
            errors[question.id] = _choose(question)
            problems.append(f"unknown choice {_short(value)} for question {question.id!r}")
    if errors:
        raise InvalidAnswers(errors, problems)
    return quiz.keep_asked(answers)


def score(quiz: Quiz, answers: Mapping[str, str]) -> Outcome:
    """Validate `answers` and weigh them against the article's factors."""
    answers = validate(quiz, answers)
    tables = _tables(quiz)
    columns = tables.columns(answers)
    node, python = tables.scores(columns)
    verdict = _verdict(quiz, answers, node, python)
    margin = abs(node - python) / (node + python) if node + python > 0 else 0.0
    return Outcome(
        verdict=verdict,
        scores=MappingProxyType({"node": round(node, 2), "python": round(python, 2)}),
        margin=round(margin, 3),
        margin_label=_label(margin, MARGIN_LABELS),
        factors=_factor_rows(quiz.factors, columns),
        reasons=_reasons(quiz, tables, answers),
        flips=_flips(quiz, tables, answers, verdict),
        quiz_version=quiz.version,
        answers=MappingProxyType(answers),
    )


def verdict_of(quiz: Quiz, answers: Mapping[str, str]) -> str:
    """The verdict `score` would give, without the explanation (no flips, reasons or rows):
    what a replay of many stored answer sets needs. Raises InvalidAnswers as `score` does."""
    answers = validate(quiz, answers)
    tables = _tables(quiz)
    node, python = tables.scores(tables.columns(answers))
    return _verdict(quiz, answers, node, python)


def what_if(quiz: Quiz, answers: Mapping[str, str], question_id: str,
            choice_id: str) -> Outcome | None:
    """The outcome with one answer changed, as a flip would give it; None when the change
    is not a real alternative (an unknown question or choice, or a question these answers
    do not ask, whose answer would be dropped and leave the outcome unchanged)."""
    try:
        question = quiz.question(question_id)
        question.choice(choice_id)
    except KeyError:
        return None
    changed = {**answers, question_id: choice_id}
    if not quiz.is_asked(question_id, changed):
        return None
    try:
        return score(quiz, quiz.keep_asked(changed))
    except InvalidAnswers:
        return None


def outcome_to_dict(outcome: Outcome) -> dict[str, Any]:
    """The outcome as plain JSON-able data: what the API, the CLI and storage write."""
    return {
        "verdict": outcome.verdict,
        "scores": {"node": outcome.scores["node"], "python": outcome.scores["python"]},
        "margin": outcome.margin,
        "margin_label": outcome.margin_label,
        "factors": [asdict(row) for row in outcome.factors],
        "reasons": [asdict(reason) for reason in outcome.reasons],
        "flips": [asdict(flip) for flip in outcome.flips],
        "quiz_version": outcome.quiz_version,
        "answers": dict(outcome.answers),
    }


# -- the verdict and its explanation ----------------------------------------------------


def _verdict(quiz: Quiz, answers: Mapping[str, str], node: float, python: float) -> str:
    """The hybrid rule first, then the higher score; `answers` must be normalised."""
    rule = quiz.hybrid
    if rule is not None and answers.get(rule.question) in rule.choices:
        return "hybrid"
    if node != python:
        return "node" if node > python else "python"
    return quiz.tie_break


def _factor_rows(factors: tuple[Factor, ...], columns: list[float]) -> tuple[FactorRow, ...]:
    rows = []
    for factor, raw in zip(factors, columns, strict=False):
        importance = max(0.0, raw)
        rows.append(
            FactorRow(
                factor_id=factor.id,
                name=factor.name,
                importance=round(importance, 2),
                importance_label=_label(importance, IMPORTANCE_LABELS),
                node_stars=factor.node_stars,
                python_stars=factor.python_stars,
                node_label=factor.node_label,
                python_label=factor.python_label,
                contribution=round(importance * (factor.node_stars - factor.python_stars), 2),
                verdict=factor.verdict,
            )
        )
    # Stable sort: equally important factors keep the article's order.
    return tuple(sorted(rows, key=lambda row: -row.importance))


def _reasons(quiz: Quiz, tables: _Tables, answers: Mapping[str, str]) -> tuple[Reason, ...]:
    """The answers that moved Node's lead most, strongest first.

    The answer to the hybrid rule's question moves neither score, yet it alone decides
    between two stacks and one ("for smaller teams, pick one"), so when given it leads.
    """
    rule_question = quiz.hybrid.question if quiz.hybrid is not None else None
    decisive, weighed = [], []
    for question_id, choice_id in answers.items():
        effect = tables.effects[question_id, choice_id]
        reason = Reason(
            question=question_id,
            choice=choice_id,
            text=quiz.question(question_id).choice(choice_id).why,
            effect=round(effect, 2),
        )
        if question_id == rule_question:
            decisive.append(reason)
        elif effect:
            weighed.append(reason)
    weighed.sort(key=lambda reason: -abs(reason.effect))  # stable: ties keep quiz order
    return tuple((decisive + weighed)[:MAX_REASONS])


def _flips(quiz: Quiz, tables: _Tables, answers: dict[str, str], verdict: str) -> tuple[Flip, ...]:
    """Every single changed answer that changes the verdict.

    A change is normalised as any answer set is (`Quiz.keep_asked`): it drops the answers
    whose condition it breaks; a question it newly brings into play stays unanswered (for the
    optional team size: not known to be big enough). Each alternative is re-scored from the
    precomputed tables without re-validating.
    """
    flips = []
    for question in quiz.questions:
        if question.condition is not None and not question.condition.holds(answers):
            continue
        current = answers.get(question.id)
        for choice_id in tables.choice_ids[question.id]:
            if choice_id == current:
                continue
            changed = dict(answers)
            changed[question.id] = choice_id
            if tables.dependents[question.id]:
                # A change may drop the answers whose condition it breaks.
                changed = quiz.keep_asked(changed)
            node, python = tables.scores(tables.columns(changed))
            alternative = _verdict(quiz, changed, node, python)
            if alternative != verdict:
                flips.append(Flip(question.id, choice_id, alternative))
    return tuple(flips)


def _choose(question: Question) -> str:
    return f"Choose one of: {', '.join(question.choice_ids())}"


def _label(value: float, thresholds: tuple[tuple[float, str], ...]) -> str:
    return next(label for minimum, label in thresholds if value >= minimum)


def _short(value: object) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


# -- per-quiz lookup tables -------------------------------------------------------------


@dataclass(frozen=True)
class _Tables:
    """A quiz's weights as flat vectors, built once per loaded quiz.

    Every choice becomes one vector: its importance delta for each factor, in the quiz's
    factor order, then its lean towards Node.js and towards Python. Summing the base vector
    and the chosen vectors column by column gives every importance and both leans at once.
    """

    base: tuple[float, ...]
    vectors: Mapping[tuple[str, str], tuple[float, ...]]
    effects: Mapping[tuple[str, str], float]  # each choice's move of Node's lead
    node_stars: tuple[int, ...]
    python_stars: tuple[int, ...]
    choice_ids: Mapping[str, tuple[str, ...]]
    # For each question, the conditional questions whose condition reads it.
    dependents: Mapping[str, tuple[Question, ...]]

    @classmethod
    def build(cls, quiz: Quiz) -> _Tables:
        factor_index = {factor.id: i for i, factor in enumerate(quiz.factors)}
        width = len(quiz.factors)
        spread = [f.node_stars - f.python_stars for f in quiz.factors]
        vectors, effects = {}, {}
        for question in quiz.questions:
            for choice in question.choices:
                vector = [0.0] * (width + 2)
                for factor_id, delta in choice.importance:
                    vector[factor_index[factor_id]] += delta
                for technology, points in choice.lean:
                    vector[width + (technology == "python")] += points
                vectors[question.id, choice.id] = tuple(vector)
                effects[question.id, choice.id] = math.fsum(
                    [d * s for d, s in zip(vector, spread, strict=False)]
                    + [vector[width], -vector[width + 1]]
                )
        return cls(
            base=tuple(f.base_importance for f in quiz.factors) + (0.0, 0.0),
            vectors=vectors,
            effects=effects,
            node_stars=tuple(f.node_stars for f in quiz.factors),
            python_stars=tuple(f.python_stars for f in quiz.factors),
            choice_ids={q.id: q.choice_ids() for q in quiz.questions},
            dependents={
                q.id: tuple(
                    other
                    for other in quiz.questions
                    if other.condition is not None
                    and any(read == q.id for read, _ in other.condition.requires)
                )
                for q in quiz.questions
            },
        )

    def columns(self, answers: Mapping[str, str]) -> list[float]:
        """Raw importances (before the floor at 0), then the Node and Python leans.

        fsum makes each column exact whatever order the answers come in, so a what-if
        alternative scores exactly as the same answers would through `score`.
        """
        vectors = [self.vectors[item] for item in answers.items()]
        return list(map(math.fsum, zip(self.base, *vectors, strict=True)))

    def scores(self, columns: list[float]) -> tuple[float, float]:
        width = len(self.node_stars)
        node = python = 0.0
        for raw, node_stars, python_stars in zip(
            columns, self.node_stars, self.python_stars, strict=False
        ):
            importance = max(0.0, raw)
            node += importance * node_stars
            python += importance * python_stars
        return node + columns[width], python + columns[width + 1]


_TABLES: weakref.WeakKeyDictionary[Quiz, _Tables] = weakref.WeakKeyDictionary()


def _tables(quiz: Quiz) -> _Tables:
    tables = _TABLES.get(quiz)
    if tables is None:
        # Two threads may both build it the first time; the results are equal.
        tables = _TABLES[quiz] = _Tables.build(quiz)
    return tables
