"""The quiz loader: a comparison's `data/*.toml` file read into validated `content` objects.

The format is the contract in DESIGN.md ("Contracts added with the third wave"). A file with
a mistake stops loading with one line, ``"<file>: <id>: <problem>"``, so a bad edit fails at
start-up (or in `flask quiz check`) rather than on a visitor. Every size is bounded by the
limits in `content` before anything that grows with it runs.
"""

from __future__ import annotations

import functools
import os
import re
import string
import tomllib
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..resources import resource
from .content import (
    MAX_CHOICES,
    MAX_FACTORS,
    MAX_FILE_BYTES,
    MAX_ID,
    MAX_LIST,
    MAX_NUMBER,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MAX_STEPS,
    MAX_TEXT,
    MIN_OPTIONS,
    STARS,
    Choice,
    Combined,
    Condition,
    Factor,
    Option,
    Question,
    Quiz,
    QuizContentError,
    RecordWords,
    Step,
    VerdictText,
)

SLUG = re.compile(r"[a-z0-9-]{2,40}")
OPTION_ID = re.compile(r"[a-z][a-z0-9_]{0,15}")
# The app's top-level path segments: a comparison's slug names `/compare/<slug>/` and may one
# day stand at the top level too, so it may not be one of these (a test holds this list
# against the app's routes).
RESERVED_SLUGS = frozenset({
    "api", "compare", "consultation", "embed", "favicon-ico", "healthz", "metrics", "ne",
    "preview", "privacy", "quiz", "readyz", "result", "robots-txt", "static", "staff",
})

# The quiz the app serves unless QUIZ_FILE names another.
DEFAULT_QUIZ_FILE = resource("data") / "backend.toml"


@functools.cache
def default_quiz() -> Quiz:
    """The shipped quiz, `data/backend.toml` (in the checkout or the installed package)."""
    return load_quiz(DEFAULT_QUIZ_FILE)


def load_quiz(path: str | os.PathLike[str]) -> Quiz:
    """Read and validate a quiz file; raise QuizContentError naming the first problem."""
    return _Loader(str(path)).load()


SCAFFOLD = Path(__file__).with_name("scaffold.toml")


def scaffold(slug: str, name: str) -> str:
    """A new comparison's file text for `slug`, checked as any file is (a bad or reserved
    slug raises QuizContentError, naming `name`)."""
    text = string.Template(SCAFFOLD.read_text(encoding="utf-8")).safe_substitute(slug=slug)
    parse_quiz(text, name)
    return text


def parse_quiz(text: str, name: str) -> Quiz:
    """Validate a quiz file's text (an upload) as `load_quiz` does; errors name it `name`."""
    return _TextLoader(name, text).load()


# The keys each table may hold; anything else is a typo (`importanc`) worth stopping for.
_FILE_KEYS = {"slug", "title", "version", "tie_break", "listed", "options", "factors",
              "questions", "steps", "combined", "verdicts", "record"}
_RECORD_KEYS = ("subject", "context")
_OPTION_KEYS = {"id", "name"}
_FACTOR_KEYS = {"id", "name", "stars", "labels", "verdict", "base_importance"}
_QUESTION_KEYS = {"id", "prompt", "help", "required", "condition", "choices"}
_CHOICE_KEYS = {"id", "label", "help", "why", "importance", "lean"}
_STEP_KEYS = {"id", "title", "intro", "questions"}
_VERDICT_KEYS = {"title", "summary", "ideal_projects", "frameworks", "cost"}
_COMBINED_KEYS = {"id", "options", "when"}


_TABLE_LIMITS = {"factors": MAX_FACTORS, "questions": MAX_QUESTIONS, "choices": MAX_CHOICES,
                 "steps": MAX_STEPS, "options": MAX_OPTIONS, "combined": MAX_OPTIONS * 4}


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

    def strings(self, value: Any, where: str, key: str | None = None) -> tuple[str, ...]:
        """`value`, which must be a non-empty list of non-blank strings (the list `key`, when
        the error line names one)."""
        if (
            not isinstance(value, list)
            or not value
            or not all(isinstance(item, str) and item.strip() for item in value)
        ):
            named = f"`{key}` " if key else ""
            raise self.fail(where, f"{named}must be a non-empty list of strings")
        return tuple(value)


class _Loader(TomlReader):
    """Reads one quiz file into a validated Quiz."""

    # -- the whole file ---------------------------------------------------------------

    def load(self) -> Quiz:
        doc = self.read()
        self.keys(doc, "file", _FILE_KEYS)
        if "version" not in doc:
            raise self.fail("version", "missing `version`")
        version = self.text(doc, "version", "version")
        slug = self.slug(doc)
        title = self.text(doc, "title", "title")
        listed = doc.get("listed", True)
        if not isinstance(listed, bool):
            raise self.fail("listed", "must be true or false")

        options = self.options(self.tables(doc, "options", "options"))
        option_ids = tuple(o.id for o in options)
        factors = self.factors(self.tables(doc, "factors", "factors"), option_ids)
        factor_ids = {f.id for f in factors}
        questions = self.questions(
            self.tables(doc, "questions", "questions"), factor_ids, set(option_ids))
        steps = self.steps(self.tables(doc, "steps", "steps"), questions)
        combined = self.combined(doc.get("combined", []), questions, option_ids)
        verdict_ids = option_ids + tuple(c.id for c in combined)
        verdicts = self.verdicts(doc.get("verdicts"), verdict_ids, option_ids)
        self.check_every_choice_has_an_effect(questions, combined)

        tie_break = doc.get("tie_break", "")
        if tie_break != "" and tie_break not in option_ids:
            raise self.fail(
                "tie_break", f"must be an option id ({', '.join(option_ids)}), "
                f"got {shown(tie_break)}")
        return Quiz(
            slug=slug,
            title=title,
            version=version,
            source=self.path,
            options=options,
            questions=questions,
            steps=steps,
            factors=factors,
            verdicts=MappingProxyType(verdicts),
            combined=combined,
            tie_break=tie_break,
            listed=listed,
            record=self.record(doc.get("record", {})),
        )

    def record(self, table: Any) -> RecordWords:
        """The optional `[record]`: the decision record's subject and opening sentence."""
        if not isinstance(table, dict):
            raise self.fail("record", "must be a table")
        self.keys(table, "record", set(_RECORD_KEYS))
        return RecordWords(**{key: self.text(table, key, "record") for key in table})

    def slug(self, doc: dict[str, Any]) -> str:
        slug = doc.get("slug")
        if slug is None:
            raise self.fail("slug", "missing `slug`")
        if not isinstance(slug, str) or not SLUG.fullmatch(slug):
            raise self.fail("slug", f"must be 2 to 40 of a-z, 0-9 and -, got {shown(slug)}")
        if slug in RESERVED_SLUGS:
            raise self.fail("slug", f"{slug!r} is reserved (a top-level route of the site)")
        return slug

    # -- sections ---------------------------------------------------------------------

    def options(self, tables: list[dict[str, Any]]) -> tuple[Option, ...]:
        options: list[Option] = []
        seen: set[str] = set()
        for index, table in enumerate(tables):
            oid = table.get("id")
            if not isinstance(oid, str) or not OPTION_ID.fullmatch(oid):
                raise self.fail(f"options[{index}]", f"missing or malformed `id` {shown(oid)} "
                                "(a-z, then up to 15 of a-z, 0-9 and _)")
            self.keys(table, f"options.{oid}", _OPTION_KEYS)
            if oid in seen:
                raise self.fail(f"options.{oid}", "duplicate option id")
            seen.add(oid)
            options.append(Option(id=oid, name=self.text(table, "name", f"options.{oid}")))
        if len(options) < MIN_OPTIONS:
            raise self.fail("options", f"at least {MIN_OPTIONS} options are needed, "
                            f"got {len(options)}")
        return tuple(options)

    def factors(self, tables: list[dict[str, Any]], option_ids: tuple[str, ...]
                ) -> tuple[Factor, ...]:
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
                    stars=self.per_option(table, "stars", fid, option_ids, self.star),
                    labels=self.per_option(table, "labels", fid, option_ids, self.label),
                    verdict=self.text(table, "verdict", fid),
                    base_importance=base,
                )
            )
        if not factors:
            raise self.fail("factors", "no factors")
        return tuple(factors)

    def questions(self, tables: list[dict[str, Any]], factor_ids: set[str],
                  option_ids: set[str]) -> tuple[Question, ...]:
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
                    choices=self.choices(
                        qid, self.tables(table, "choices", qid), factor_ids, option_ids),
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
        self, qid: str, tables: list[dict[str, Any]], factor_ids: set[str], option_ids: set[str]
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
                    raise self.fail(where, f"unknown factor {shown(factor_id)} in importance")
            lean = self.weights(table.get("lean", {}), where, "lean")
            for target, points in lean:
                if target not in option_ids:
                    raise self.fail(
                        where,
                        f"unknown option {shown(target)} in lean "
                        f"(expected one of {', '.join(sorted(option_ids))})",
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

    def verdicts(self, table: Any, verdict_ids: tuple[str, ...],
                 option_ids: tuple[str, ...] = ()) -> dict[str, VerdictText]:
        if not isinstance(table, dict):
            raise self.fail("verdicts", "missing [verdicts] table")
        verdicts = {}
        for vid in table:
            if vid not in verdict_ids:
                raise self.fail(
                    f"verdicts.{vid[:MAX_ID]}",
                    f"unknown verdict id (expected one of {', '.join(verdict_ids)})",
                )
        for vid in verdict_ids:
            where = f"verdicts.{vid}"
            text = table.get(vid)
            if not isinstance(text, dict):
                raise self.fail(where, "missing verdict text")
            self.keys(text, where, _VERDICT_KEYS)
            if "cost" in text and vid in option_ids:
                raise self.fail(where, "`cost` is for a combined verdict (what taking its "
                                       "options together costs), not an option's")
            verdicts[vid] = VerdictText(
                id=vid,
                title=self.text(text, "title", where),
                summary=self.text(text, "summary", where),
                ideal_projects=self.text_list(text, "ideal_projects", where, optional=True),
                frameworks=self.text_list(text, "frameworks", where, optional=True),
                cost=self.text(text, "cost", where) if "cost" in text else "",
            )
        return verdicts

    def combined(self, tables: Any, questions: tuple[Question, ...],
                 option_ids: tuple[str, ...]) -> tuple[Combined, ...]:
        if not isinstance(tables, list) or not all(isinstance(t, dict) for t in tables):
            raise self.fail("combined", "`combined` must be an array of tables")
        if len(tables) > _TABLE_LIMITS["combined"]:
            raise self.fail("combined", f"more than {_TABLE_LIMITS['combined']} combined verdicts")
        by_id = {q.id: q for q in questions}
        combined: list[Combined] = []
        seen: set[str] = set(option_ids)
        for index, table in enumerate(tables):
            cid = table.get("id")
            if not isinstance(cid, str) or not OPTION_ID.fullmatch(cid):
                raise self.fail(f"combined[{index}]", f"missing or malformed `id` {shown(cid)}")
            where = f"combined.{cid}"
            self.keys(table, where, _COMBINED_KEYS)
            if cid in seen:
                raise self.fail(where, "id already names an option or a combined verdict")
            seen.add(cid)
            names = self.id_list(table.get("options"), where, "options", limit=MAX_OPTIONS)
            for option in names:
                if option not in option_ids:
                    raise self.fail(where, f"unknown option {shown(option)}")
            if len(set(names)) < 2:
                raise self.fail(where, "`options` must name at least two different options")
            when = table.get("when")
            if not isinstance(when, dict) or not when:
                raise self.fail(where, "`when` must be a table of question = [choice ids]")
            requires = []
            for qid, wanted in when.items():
                question = by_id.get(qid)
                if question is None:
                    raise self.fail(where, f"unknown question {shown(qid)} in `when`")
                wanted = self.id_list(wanted, where, f"when.{qid}")
                for choice_id in wanted:
                    if choice_id not in question.choice_set:
                        raise self.fail(
                            where, f"unknown choice {shown(choice_id)} of question {qid!r}")
                requires.append((qid, wanted))
            combined.append(Combined(id=cid, options=names, when=Condition(tuple(requires))))
        return tuple(combined)

    def check_every_choice_has_an_effect(
        self, questions: tuple[Question, ...], combined: tuple[Combined, ...]
    ) -> None:
        """A choice that moves nothing is almost always a forgotten weight."""
        # Every answer to a question a combined verdict reads decides between several options
        # and one, and so does every choice the condition of such a question names.
        by_id = {q.id: q for q in questions}
        decisive: set[tuple[str, str]] = set()
        for rule in combined:
            for qid, _ in rule.when.requires:
                question = by_id[qid]
                decisive.update((qid, c) for c in question.choice_ids())
                if question.condition is not None:
                    decisive.update((other, c) for other, wanted in question.condition.requires
                                    for c in wanted)
        for question in questions:
            for choice in question.choices:
                moves_scores = any(w for _, w in choice.importance) or any(
                    p for _, p in choice.lean
                )
                if not moves_scores and (question.id, choice.id) not in decisive:
                    raise self.fail(
                        f"{question.id}.{choice.id}",
                        "choice has no effect (no importance, no lean, and no combined "
                        "verdict reads it)",
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

    def text_list(self, table: dict[str, Any], key: str, where: str, *,
                  optional: bool = False) -> tuple[str, ...]:
        value = table.get(key)
        if value is None and optional:
            return ()
        value = self.strings(value, where, key)
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

    def per_option(self, table: dict[str, Any], key: str, where: str,
                   option_ids: tuple[str, ...], read) -> Mapping[str, Any]:
        """`key = { <option> = value, ... }` covering exactly the options, in option order."""
        value = table.get(key)
        if not isinstance(value, dict):
            raise self.fail(where, f"missing `{key}` (a table of option = value)")
        for option in value:
            if option not in option_ids:
                raise self.fail(where, f"unknown option {shown(option)} in `{key}`")
        for option in option_ids:
            if option not in value:
                raise self.fail(where, f"option {option!r} missing from `{key}`")
        return MappingProxyType({o: read(value[o], where, f"{key}.{o}") for o in option_ids})

    def star(self, value: Any, where: str, key: str) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or value not in STARS:
            raise self.fail(where, f"`{key}` must be an integer from 1 to 5, got {shown(value)}")
        return value

    def label(self, value: Any, where: str, key: str) -> str:
        return self.text({key: value}, key, where)

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
