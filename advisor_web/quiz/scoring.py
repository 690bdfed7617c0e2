"""Scoring: a visitor's answers -> an explained Outcome.

The arithmetic, with all the numbers taken from the quiz file:

* A factor's *importance* is its ``base_importance`` plus the ``importance`` deltas of every
  answer, floored at 0.
* An option's score is ``sum(importance * its stars) + sum(every answer's lean for it)``. The
  sums are not normalised by the total importance, so making a factor matter more can only
  move the scores towards the options that factor favours.
* The verdict is the first combined verdict whose ``when`` holds, otherwise the option with
  the highest score; a tie goes to ``quiz.tie_break`` when it is among the tied, else to the
  first tied option in file order.
* What a factor row or an answer *favours* is the option it helps most, and its
  ``contribution`` or ``effect`` is how much more it gives that option than the next best one:
  ``importance * (top stars - second stars)`` for a row, ``sum(delta * (stars_a - stars_b)) +
  lean_a - lean_b`` for an answer. With two options that is exactly the old signed "Node's
  lead", split into a side and a size.
* The margin is ``(best - second) / (best + second)`` over the two highest scores.

Pure: no I/O, no Flask, no SQLAlchemy; the same answers always give the same Outcome.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import reduce
from operator import add, mul
from types import MappingProxyType
from typing import Any

from .content import Question, Quiz

MAX_REASONS = 5

# On the scale of the quiz file's weights: a factor at its base importance (about 1) is
# "Moderate", as for any backend; an answer that makes it central (+3) makes it "Critical".
IMPORTANCE_LABELS = ((3.0, "Critical"), (1.5, "High"), (0.75, "Moderate"), (0.0, "Low"))

# On the margin (best - second) / (best + second): with every factor contributing to every
# score, a 10 % gap is already a lead several strong answers would have to undo.
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
    stars: Mapping[str, int]  # option id -> stars, in option order
    labels: Mapping[str, str]
    favours: str  # the option with the most stars; "" when the row moves nothing
    contribution: float  # importance * (its stars - the next best's); never negative
    verdict: str


@dataclass(frozen=True)
class Reason:
    """An answer that moved the verdict, and why, in the article's words."""

    question: str
    choice: str
    text: str
    favours: str  # the option this answer helped most; "" when it moved no score
    effect: float  # how much more it gave that option than the next best one; never negative


@dataclass(frozen=True)
class Flip:
    """A what-if: changing `question` to `choice` alone would give `verdict`."""

    question: str
    choice: str
    verdict: str


@dataclass(frozen=True)
class Outcome:
    """The verdict for one answer set, with everything needed to explain it.

    ``margin`` is ``(best - second) / (best + second)`` over the two highest scores: 0 when
    they are equal, approaching 1 when one option takes everything. For a combined verdict it
    still measures how far apart the two leading options are.
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


def score(quiz: Quiz, answers: Mapping[str, str], *, explain: bool = True) -> Outcome:
    """Validate `answers` and weigh them against the article's factors.

    `explain=False` leaves `factors`, `reasons` and `flips` empty: what storing a finished
    quiz needs (the verdict and the scores; its page explains it again from the stored
    answers). The flips re-score every other choice of every question, 30 times the rest.
    """
    answers = validate(quiz, answers)
    tables = _tables(quiz)
    columns = tables.columns(answers)
    scores = tables.scores(columns)
    verdict = _verdict(quiz, answers, scores)
    best, second = sorted(scores, reverse=True)[:2]
    margin = abs(best - second) / (best + second) if best + second > 0 else 0.0
    return Outcome(
        verdict=verdict,
        scores=MappingProxyType({o: round(v, 2) for o, v in zip(quiz.option_ids, scores,
                                                                 strict=True)}),
        margin=round(margin, 3),
        margin_label=_label(margin, MARGIN_LABELS),
        factors=_factor_rows(quiz, tables, columns) if explain else (),
        reasons=_reasons(quiz, tables, answers) if explain else (),
        flips=_flips(quiz, tables, answers, verdict) if explain else (),
        quiz_version=quiz.version,
        answers=MappingProxyType(answers),
    )


def verdict_of(quiz: Quiz, answers: Mapping[str, str]) -> str:
    """The verdict `score` would give, without the explanation (no flips, reasons or rows):
    what a replay of many stored answer sets needs. Raises InvalidAnswers as `score` does."""
    answers = validate(quiz, answers)
    tables = _tables(quiz)
    return _verdict(quiz, answers, tables.scores(tables.columns(answers)))


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
        "scores": dict(outcome.scores),
        "margin": outcome.margin,
        "margin_label": outcome.margin_label,
        # Not asdict, which would try to deep-copy the read-only mappings.
        "factors": [{**{f.name: getattr(row, f.name) for f in fields(row)},
                     "stars": dict(row.stars), "labels": dict(row.labels)}
                    for row in outcome.factors],
        "reasons": [asdict(reason) for reason in outcome.reasons],
        "flips": [asdict(flip) for flip in outcome.flips],
        "quiz_version": outcome.quiz_version,
        "answers": dict(outcome.answers),
    }


# -- the verdict and its explanation ----------------------------------------------------


def _verdict(quiz: Quiz, answers: Mapping[str, str], scores: list[float]) -> str:
    """The first combined verdict that holds, then the highest score; `answers` must be
    normalised (an unasked question's answer is gone, so `when` cannot read it)."""
    for rule in quiz.combined:
        if rule.when.holds(answers):
            return rule.id
    top = max(scores)
    if scores.count(top) == 1:  # the common case, without building the list of the tied
        return quiz.option_ids[scores.index(top)]
    tied = [o for o, v in zip(quiz.option_ids, scores, strict=True) if v == top]
    return quiz.tie_break if quiz.tie_break in tied else tied[0]


def _factor_rows(quiz: Quiz, tables: _Tables, columns: list[float]) -> tuple[FactorRow, ...]:
    rows = []
    for factor, raw, (best, gap) in zip(quiz.factors, columns, tables.leaders, strict=False):
        importance = max(0.0, raw)
        contribution = round(importance * gap, 2)
        favours = best if contribution else ""
        rows.append(
            FactorRow(
                factor_id=factor.id,
                name=factor.name,
                importance=round(importance, 2),
                importance_label=_label(importance, IMPORTANCE_LABELS),
                stars=factor.stars,
                labels=factor.labels,
                favours=favours,
                contribution=contribution,
                verdict=factor.verdict,
            )
        )
    # Stable sort: equally important factors keep the article's order.
    return tuple(sorted(rows, key=lambda row: -row.importance))


def _reasons(quiz: Quiz, tables: _Tables, answers: Mapping[str, str]) -> tuple[Reason, ...]:
    """The answers that moved the scores apart most, strongest first.

    An answer a combined verdict reads may move no score, yet it alone decides between
    several options and one ("for smaller teams, pick one"), so when given it leads.
    """
    rule_questions = {qid for rule in quiz.combined for qid, _ in rule.when.requires}
    decisive, weighed = [], []
    for question_id, choice_id in answers.items():
        favours, effect = tables.effects[question_id, choice_id]
        reason = Reason(
            question=question_id,
            choice=choice_id,
            text=quiz.question(question_id).choice(choice_id).why,
            favours=favours,
            effect=round(effect, 2),
        )
        if question_id in rule_questions:
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
            alternative = _verdict(quiz, changed, tables.scores(tables.columns(changed)))
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
    factor order, then its lean towards each option, in option order. Summing the base vector
    and the chosen vectors column by column gives every importance and every lean at once.
    """

    base: tuple[float, ...]
    vectors: Mapping[tuple[str, str], tuple[float, ...]]
    # Each choice's (favoured option, how far it moves it ahead of the next best).
    effects: Mapping[tuple[str, str], tuple[str, float]]
    stars: tuple[tuple[int, ...], ...]  # per option, per factor
    # Per factor: the option with the most stars (the first in option order on a tie) and
    # how many more it has than the next best.
    leaders: tuple[tuple[str, int], ...]
    choice_ids: Mapping[str, tuple[str, ...]]
    # For each question, the conditional questions whose condition reads it.
    dependents: Mapping[str, tuple[Question, ...]]

    @classmethod
    def build(cls, quiz: Quiz) -> _Tables:
        factor_index = {factor.id: i for i, factor in enumerate(quiz.factors)}
        option_index = {option: i for i, option in enumerate(quiz.option_ids)}
        width = len(quiz.factors)
        stars = tuple(tuple(f.stars[o] for f in quiz.factors) for o in quiz.option_ids)
        vectors, effects = {}, {}
        for question in quiz.questions:
            for choice in question.choices:
                vector = [0.0] * (width + len(stars))
                for factor_id, delta in choice.importance:
                    vector[factor_index[factor_id]] += delta
                for option, points in choice.lean:
                    vector[width + option_index[option]] += points
                vectors[question.id, choice.id] = tuple(vector)
                effects[question.id, choice.id] = _effect(quiz.option_ids, stars, vector, width)
        return cls(
            base=tuple(f.base_importance for f in quiz.factors) + (0.0,) * len(stars),
            vectors=vectors,
            effects=effects,
            stars=stars,
            leaders=tuple(_leader(f.stars) for f in quiz.factors),
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
        """Raw importances (before the floor at 0), then each option's lean.

        fsum makes each column exact whatever order the answers come in, so a what-if
        alternative scores exactly as the same answers would through `score`.
        """
        vectors = [self.vectors[item] for item in answers.items()]
        return list(map(math.fsum, zip(self.base, *vectors, strict=True)))

    def scores(self, columns: list[float]) -> list[float]:
        """Each option's score, in option order (summed factor by factor, then the lean)."""
        width = len(self.stars[0])
        importances = [max(0.0, raw) for raw in columns[:width]]
        # Added one factor after the other, as the two-option engine did: not sum(), which
        # compensates rounding on Python 3.12 and would move a score by a last bit.
        return [reduce(add, map(mul, importances, option_stars), 0.0) + columns[width + index]
                for index, option_stars in enumerate(self.stars)]


def _leader(stars: Mapping[str, int]) -> tuple[str, int]:
    ranked = sorted(stars.values(), reverse=True)
    return max(stars, key=stars.__getitem__), ranked[0] - ranked[1]


def _effect(option_ids: tuple[str, ...], stars: tuple[tuple[int, ...], ...],
            vector: list[float], width: int) -> tuple[str, float]:
    """The option a choice's vector helps most, and by how much more than the next best."""

    def lead(a: int, b: int) -> float:
        return math.fsum([d * (sa - sb) for d, sa, sb in zip(vector, stars[a], stars[b],
                                                               strict=False)]
                         + [vector[width + a], -vector[width + b]])

    gains = [math.fsum([d * s for d, s in zip(vector, option_stars, strict=False)]
                       + [vector[width + i]]) for i, option_stars in enumerate(stars)]
    order = sorted(range(len(gains)), key=lambda i: -gains[i])  # stable: file order on ties
    first, second = order[0], order[1]
    effect = lead(first, second)
    if effect < 0:  # the gains were rounded apart the wrong way; the exact lead decides
        first, second, effect = second, first, -effect
    return (option_ids[first] if effect else ""), effect


_TABLES: weakref.WeakKeyDictionary[Quiz, _Tables] = weakref.WeakKeyDictionary()


def _tables(quiz: Quiz) -> _Tables:
    tables = _TABLES.get(quiz)
    if tables is None:
        # Two threads may both build it the first time; the results are equal.
        tables = _TABLES[quiz] = _Tables.build(quiz)
    return tables
