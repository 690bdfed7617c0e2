"""Quiz content: a `data/*.toml` file read into validated, frozen objects.

The file holds everything the quiz says and weighs: questions and choices, the article's
factors with their star ratings, the verdict texts, the weights and the hybrid rule. Nothing
here knows what any question means. A file with a mistake stops loading with one line,
``"<file>: <id>: <problem>"``, so a bad edit fails at start-up rather than on a visitor.
"""

from __future__ import annotations

import functools
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

VERDICT_IDS = ("node", "python", "hybrid")
TECHNOLOGIES = ("node", "python")  # what a choice may lean towards, and what a tie may go to
STARS = range(1, 6)

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
    # (technology, points): a direct push towards node or python, outside the factor table.
    lean: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True)
class Condition:
    """Holds when every listed question has one of its listed choices."""

    requires: tuple[tuple[str, tuple[str, ...]], ...]

    def holds(self, answers: Mapping[str, str]) -> bool:
        return all(answers.get(question) in choices for question, choices in self.requires)


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
class Factor:
    """A row of the article's side-by-side summary."""

    id: str
    name: str
    node_stars: int
    python_stars: int
    node_label: str
    python_label: str
    verdict: str
    # How much the factor matters before any answer; answers add to or subtract from it.
    base_importance: float = 1.0


@dataclass(frozen=True)
class VerdictText:
    id: str
    title: str
    summary: str
    ideal_projects: tuple[str, ...]
    frameworks: tuple[str, ...]


@dataclass(frozen=True)
class HybridRule:
    """The article's rule for a split Node.js + Python architecture.

    The hybrid verdict holds when `question` is asked (its condition: live features and
    central ML) and answered with one of `choices` (a team big enough to run two stacks).
    """

    question: str
    choices: tuple[str, ...]


# eq=False: a quiz is compared and hashed by identity, so the scoring engine can keep its
# precomputed tables per loaded quiz.
@dataclass(frozen=True, eq=False)
class Quiz:
    version: str
    source: str
    questions: tuple[Question, ...]
    steps: tuple[Step, ...]
    factors: tuple[Factor, ...]
    verdicts: Mapping[str, VerdictText]
    hybrid: HybridRule | None = None
    tie_break: str = "python"  # the verdict when Node.js and Python score exactly the same
    _questions: Mapping[str, Question] = field(init=False, repr=False)
    _steps: Mapping[str, Step] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        by_id = MappingProxyType({q.id: q for q in self.questions})
        step_of = MappingProxyType({q: s for s in self.steps for q in s.question_ids})
        object.__setattr__(self, "_questions", by_id)
        object.__setattr__(self, "_steps", step_of)

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


# The quiz the app serves unless QUIZ_FILE names another.
DEFAULT_QUIZ_FILE = Path(__file__).resolve().parents[2] / "data" / "backend.toml"


@functools.cache
def default_quiz() -> Quiz:
    """The shipped quiz, `data/backend.toml` at the repository root."""
    return load_quiz(DEFAULT_QUIZ_FILE)


def load_quiz(path: str | os.PathLike[str]) -> Quiz:
    """Read and validate a quiz file; raise QuizContentError naming the first problem."""
    return _Loader(str(path)).load()


def parse_quiz(text: str, name: str) -> Quiz:
    """Validate a quiz file's text (an upload) as `load_quiz` does; errors name it `name`."""
    return _TextLoader(name, text).load()


# The keys each table may hold; anything else is a typo (`importanc`) worth stopping for.
_FILE_KEYS = {"version", "tie_break", "factors", "questions", "steps", "verdicts", "hybrid"}
_FACTOR_KEYS = {
    "id",
    "name",
    "node_stars",
    "python_stars",
    "node_label",
    "python_label",
    "verdict",
    "base_importance",
}
_QUESTION_KEYS = {"id", "prompt", "help", "required", "condition", "choices"}
_CHOICE_KEYS = {"id", "label", "help", "why", "importance", "lean"}
_STEP_KEYS = {"id", "title", "intro", "questions"}
_VERDICT_KEYS = {"title", "summary", "ideal_projects", "frameworks"}
_HYBRID_KEYS = {"question", "choices"}


_TABLE_LIMITS = {"factors": MAX_FACTORS, "questions": MAX_QUESTIONS, "choices": MAX_CHOICES,
                 "steps": MAX_STEPS}


class TomlReader:
    """Reads one TOML file of quiz content; `fail` turns any problem into a QuizContentError
    naming the file (shared by the quiz loader and the translation loader)."""

    def __init__(self, path: str) -> None:
        self.path = path

    def fail(self, where: str, problem: str) -> QuizContentError:
        return QuizContentError(f"{self.path}: {where}: {problem}")

    def read(self) -> dict[str, Any]:
        try:
            with open(self.path, "rb") as file:
                data = file.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            raise self.fail("file", f"cannot read: {exc.strerror or exc}") from exc
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise self.fail("file", "not UTF-8 text") from None
        return self.parse(text)

    def parse(self, text: str) -> dict[str, Any]:
        """The TOML document in `text`; every way tomllib can fail becomes one line."""
        if len(text.encode("utf-8")) > MAX_FILE_BYTES:
            raise self.fail("file", f"larger than {MAX_FILE_BYTES // 1024} KB")
        try:
            return tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise self.fail("toml", f"invalid TOML: {exc}") from None
        except RecursionError:
            # tomllib parses nested arrays and inline tables recursively.
            raise self.fail("toml", "invalid TOML: nested too deeply") from None
        except ValueError as exc:
            # int() refuses integers of more than sys.get_int_max_str_digits() digits.
            raise self.fail("toml", f"invalid TOML: {_first_line(exc)}") from None

    def keys(self, table: dict[str, Any], where: str, allowed: set[str]) -> None:
        for key in table:
            if key not in allowed:
                raise self.fail(where, f"unknown key {shown(key)}")


class _Loader(TomlReader):
    """Reads one quiz file into a validated Quiz."""

    # -- the whole file ---------------------------------------------------------------

    def load(self) -> Quiz:
        doc = self.read()
        self.keys(doc, "file", _FILE_KEYS)
        if "version" not in doc:
            raise self.fail("version", "missing `version`")
        version = self.text(doc, "version", "version")

        factors = self.factors(self.tables(doc, "factors", "factors"))
        factor_ids = {f.id for f in factors}
        questions = self.questions(self.tables(doc, "questions", "questions"), factor_ids)
        steps = self.steps(self.tables(doc, "steps", "steps"), questions)
        verdicts = self.verdicts(doc.get("verdicts"))
        hybrid = self.hybrid(doc.get("hybrid"), questions)
        self.check_every_choice_has_an_effect(questions, hybrid)

        tie_break = doc.get("tie_break", "python")
        if tie_break not in TECHNOLOGIES:
            raise self.fail(
                "tie_break", f"must be one of {', '.join(TECHNOLOGIES)}, got {tie_break!r}"
            )
        return Quiz(
            version=version,
            source=self.path,
            questions=questions,
            steps=steps,
            factors=factors,
            verdicts=MappingProxyType(verdicts),
            hybrid=hybrid,
            tie_break=tie_break,
        )

    # -- sections ---------------------------------------------------------------------

    def factors(self, tables: list[dict[str, Any]]) -> tuple[Factor, ...]:
        factors: list[Factor] = []
        seen: set[str] = set()
        for index, table in enumerate(tables):
            fid = self.ident(table, f"factors[{index}]")
            self.keys(table, fid, _FACTOR_KEYS)
            if fid in seen:
                raise self.fail(fid, "duplicate factor id")
            seen.add(fid)
            base = self.number(table.get("base_importance", 1.0), fid, "base_importance")
            if base < 0:
                raise self.fail(fid, f"base_importance must not be negative, got {base}")
            factors.append(
                Factor(
                    id=fid,
                    name=self.text(table, "name", fid),
                    node_stars=self.stars(table, "node_stars", fid),
                    python_stars=self.stars(table, "python_stars", fid),
                    node_label=self.text(table, "node_label", fid),
                    python_label=self.text(table, "python_label", fid),
                    verdict=self.text(table, "verdict", fid),
                    base_importance=base,
                )
            )
        if not factors:
            raise self.fail("factors", "no factors")
        return tuple(factors)

    def questions(self, tables: list[dict[str, Any]], factor_ids: set[str]) -> tuple[Question, ...]:
        questions: list[Question] = []
        seen: set[str] = set()
        for index, table in enumerate(tables):
            qid = self.ident(table, f"questions[{index}]")
            self.keys(table, qid, _QUESTION_KEYS)
            if qid in seen:
                raise self.fail(qid, "duplicate question id")
            seen.add(qid)
            required = table.get("required", True)
            if not isinstance(required, bool):
                raise self.fail(qid, "`required` must be true or false")
            questions.append(
                Question(
                    id=qid,
                    prompt=self.text(table, "prompt", qid),
                    help=self.text(table, "help", qid, default=""),
                    choices=self.choices(qid, self.tables(table, "choices", qid), factor_ids),
                    required=required,
                    condition=None,
                )
            )
        if not questions:
            raise self.fail("questions", "no questions")
        # Conditions are read once every question is known, to tell "unknown" from "later".
        conditional = {t["id"] for t in tables if t.get("condition") is not None}
        position = {q.id: i for i, q in enumerate(questions)}
        return tuple(
            replace(
                question,
                condition=self.condition(
                    question, table.get("condition"), questions, position, conditional),
            )
            for question, table in zip(questions, tables, strict=True)
        )

    def choices(
        self, qid: str, tables: list[dict[str, Any]], factor_ids: set[str]
    ) -> tuple[Choice, ...]:
        choices: list[Choice] = []
        seen: set[str] = set()
        for index, table in enumerate(tables):
            cid = self.ident(table, f"{qid}.choices[{index}]")
            where = f"{qid}.{cid}"
            self.keys(table, where, _CHOICE_KEYS)
            if cid in seen:
                raise self.fail(where, "duplicate choice id")
            seen.add(cid)
            importance = self.weights(table.get("importance", {}), where, "importance")
            for factor_id, _ in importance:
                if factor_id not in factor_ids:
                    raise self.fail(where, f"unknown factor {factor_id!r} in importance")
            lean = self.weights(table.get("lean", {}), where, "lean")
            for target, points in lean:
                if target not in TECHNOLOGIES:
                    raise self.fail(
                        where,
                        f"unknown lean target {target!r} (expected {' or '.join(TECHNOLOGIES)})",
                    )
                if points < 0:
                    raise self.fail(where, f"lean must not be negative, got {points}")
            choices.append(
                Choice(
                    id=cid,
                    label=self.text(table, "label", where),
                    help=self.text(table, "help", where, default=""),
                    why=self.text(table, "why", where, default=""),
                    importance=importance,
                    lean=lean,
                )
            )
        if len(choices) < 2:
            raise self.fail(qid, "a question needs at least two choices")
        return tuple(choices)

    def condition(
        self, question: Question, table: Any, questions: list[Question],
        position: Mapping[str, int], conditional: set[str],
    ) -> Condition | None:
        """A condition may only read earlier, unconditional questions.

        That keeps "is this question asked?" a function of answers the visitor has already
        given, and lets a what-if change drop at most the conditional answers that read it.
        """
        if table is None:
            return None
        qid = question.id
        if not isinstance(table, dict) or not table:
            raise self.fail(qid, "`condition` must be a table of question = [choice ids]")
        requires = []
        for other, wanted in table.items():
            if other not in position:
                raise self.fail(qid, f"condition on unknown question {shown(other)}")
            if position[other] >= position[qid]:
                raise self.fail(qid, f"condition on a question that is not earlier: {other!r}")
            read = questions[position[other]]
            if other in conditional:
                raise self.fail(qid, f"condition on conditional question {other!r}")
            wanted = self.id_list(wanted, qid, f"condition.{other}")
            for choice_id in wanted:
                if choice_id not in read.choice_set:
                    raise self.fail(
                        qid, f"condition on unknown choice {shown(choice_id)} of question {other!r}"
                    )
            requires.append((other, wanted))
        return Condition(tuple(requires))

    def steps(
        self, tables: list[dict[str, Any]], questions: tuple[Question, ...]
    ) -> tuple[Step, ...]:
        question_ids = [q.id for q in questions]
        known = set(question_ids)
        steps: list[Step] = []
        seen: set[str] = set()
        placed: dict[str, str] = {}
        for index, table in enumerate(tables):
            sid = self.ident(table, f"steps[{index}]")
            self.keys(table, sid, _STEP_KEYS)
            if sid in seen:
                raise self.fail(sid, "duplicate step id")
            seen.add(sid)
            ids = self.id_list(table.get("questions"), sid, "questions", limit=MAX_QUESTIONS)
            for qid in ids:
                if qid not in known:
                    raise self.fail(sid, f"unknown question {shown(qid)}")
                if qid in placed:
                    raise self.fail(qid, f"question is in two steps: {placed[qid]!r} and {sid!r}")
                placed[qid] = sid
            steps.append(
                Step(
                    id=sid,
                    title=self.text(table, "title", sid),
                    intro=self.text(table, "intro", sid, default=""),
                    question_ids=ids,
                )
            )
        for qid in question_ids:
            if qid not in placed:
                raise self.fail(qid, "question is in no step")
        # The steps are the order visitors see; the file's question order must agree, so
        # "earlier question" means the same thing to conditions and to the wizard.
        in_step_order = [qid for step in steps for qid in step.question_ids]
        for file_qid, step_qid in zip(question_ids, in_step_order, strict=True):
            if file_qid != step_qid:
                raise self.fail(
                    step_qid,
                    "steps list the questions in a different order "
                    f"from the file (expected {file_qid!r} here)",
                )
        return tuple(steps)

    def verdicts(self, table: Any) -> dict[str, VerdictText]:
        if not isinstance(table, dict):
            raise self.fail("verdicts", "missing [verdicts] table")
        verdicts = {}
        for vid in table:
            if vid not in VERDICT_IDS:
                raise self.fail(
                    f"verdicts.{vid}",
                    f"unknown verdict id (expected one of {', '.join(VERDICT_IDS)})",
                )
        for vid in VERDICT_IDS:
            where = f"verdicts.{vid}"
            text = table.get(vid)
            if not isinstance(text, dict):
                raise self.fail(where, "missing verdict text")
            self.keys(text, where, _VERDICT_KEYS)
            verdicts[vid] = VerdictText(
                id=vid,
                title=self.text(text, "title", where),
                summary=self.text(text, "summary", where),
                ideal_projects=self.text_list(text, "ideal_projects", where),
                frameworks=self.text_list(text, "frameworks", where),
            )
        return verdicts

    def hybrid(self, table: Any, questions: tuple[Question, ...]) -> HybridRule | None:
        if table is None:
            return None
        if not isinstance(table, dict):
            raise self.fail("hybrid", "must be a table")
        self.keys(table, "hybrid", _HYBRID_KEYS)
        qid = self.text(table, "question", "hybrid")
        question = next((q for q in questions if q.id == qid), None)
        if question is None:
            raise self.fail("hybrid", f"unknown question {qid!r}")
        choices = self.id_list(table.get("choices"), "hybrid", "choices")
        for choice_id in choices:
            if choice_id not in question.choice_set:
                raise self.fail("hybrid", f"unknown choice {shown(choice_id)} of question {qid!r}")
        return HybridRule(question=qid, choices=choices)

    def check_every_choice_has_an_effect(
        self, questions: tuple[Question, ...], hybrid: HybridRule | None
    ) -> None:
        """A choice that moves nothing is almost always a forgotten weight."""
        # Every answer to the hybrid rule's question decides between a hybrid and a single
        # stack, and so does every choice its condition names.
        decisive: set[tuple[str, str]] = set()
        if hybrid is not None:
            rule_question = next(q for q in questions if q.id == hybrid.question)
            decisive.update((rule_question.id, c) for c in rule_question.choice_ids())
            if rule_question.condition is not None:
                decisive.update(
                    (other, c) for other, wanted in rule_question.condition.requires for c in wanted
                )
        for question in questions:
            for choice in question.choices:
                moves_scores = any(w for _, w in choice.importance) or any(
                    p for _, p in choice.lean
                )
                if not moves_scores and (question.id, choice.id) not in decisive:
                    raise self.fail(
                        f"{question.id}.{choice.id}",
                        "choice has no effect (no importance, no lean, and the "
                        "hybrid rule does not name it)",
                    )

    # -- typed fields -----------------------------------------------------------------

    def tables(self, doc: dict[str, Any], key: str, where: str) -> list[dict[str, Any]]:
        value = doc.get(key)
        if value is None:
            raise self.fail(where, f"missing [[{key}]]")
        if not isinstance(value, list) or not all(isinstance(t, dict) for t in value):
            raise self.fail(where, f"`{key}` must be an array of tables")
        limit = _TABLE_LIMITS[key]
        if len(value) > limit:
            raise self.fail(where, f"more than {limit} {key} ({len(value)})")
        return value

    def ident(self, table: dict[str, Any], where: str) -> str:
        value = table.get("id")
        if not isinstance(value, str) or not value.isidentifier() or len(value) > MAX_ID:
            raise self.fail(where, f"missing or malformed `id` {shown(value)}")
        return value

    def text(
        self, table: dict[str, Any], key: str, where: str, *, default: str | None = None
    ) -> str:
        value = table.get(key, default)
        if value is None:
            raise self.fail(where, f"missing `{key}`")
        if not isinstance(value, str):
            raise self.fail(where, f"`{key}` must be a string")
        if len(value) > MAX_TEXT:
            raise self.fail(where, f"`{key}` is longer than {MAX_TEXT:,} characters")
        if default is None and not value.strip():
            raise self.fail(where, f"`{key}` is empty")
        return value

    def text_list(self, table: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
        value = table.get(key)
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(item, str) and item.strip() for item in value)
        ):
            raise self.fail(where, f"`{key}` must be a non-empty list of strings")
        if len(value) > MAX_LIST:
            raise self.fail(where, f"`{key}` has more than {MAX_LIST} items")
        for item in value:
            if len(item) > MAX_TEXT:
                raise self.fail(where, f"an item of `{key}` is longer than {MAX_TEXT:,} characters")
        return tuple(value)

    def id_list(self, value: Any, where: str, key: str, *, limit: int = MAX_LIST
                ) -> tuple[str, ...]:
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(item, str) for item in value)
        ):
            raise self.fail(where, f"`{key}` must be a non-empty list of ids")
        if len(value) > limit:
            raise self.fail(where, f"`{key}` has more than {limit} items")
        return tuple(value)

    def number(self, value: Any, where: str, key: str) -> float:
        # Bounded before float(): a 4,000-digit integer would overflow it.
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not -MAX_NUMBER <= value <= MAX_NUMBER
        ):
            raise self.fail(
                where, f"`{key}` must be a number from {-MAX_NUMBER} to {MAX_NUMBER}, "
                f"got {shown(value)}")
        return float(value)

    def stars(self, table: dict[str, Any], key: str, where: str) -> int:
        value = table.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value not in STARS:
            raise self.fail(where, f"`{key}` must be an integer from 1 to 5, got {shown(value)}")
        return value

    def weights(self, value: Any, where: str, key: str) -> tuple[tuple[str, float], ...]:
        if not isinstance(value, dict):
            raise self.fail(where, f"`{key}` must be a table of id = number")
        if len(value) > MAX_FACTORS + 4:
            raise self.fail(where, f"`{key}` has more than {MAX_FACTORS + 4} entries")
        return tuple((name, self.number(w, where, f"{key}.{shown(name)}"))
                     for name, w in value.items())


def shown(value: Any) -> str:
    """`value` for an error line: a repr cut to 40 characters, safe for any value (a repr of
    an integer of more than 4,300 digits raises, and a long one would bury the line)."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**30:
        return "an integer of more than 30 digits"
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _first_line(error: Exception) -> str:
    return str(error).splitlines()[0] if str(error) else type(error).__name__


class _TextLoader(_Loader):
    """A quiz from text in memory rather than a file."""

    def __init__(self, name: str, source: str) -> None:
        super().__init__(name)
        self.source = source

    def read(self) -> dict[str, Any]:
        return self.parse(self.source)
