"""Quiz translations: `backend.<lang>.toml` beside a quiz file, holding only its texts.

A translation repeats no weight, id list, condition or combined verdict: those come from the
English file, so every language scores the same answers the same way. It carries the English
file's `version` and the texts of the title and of every option, question, choice, step,
factor and verdict, keyed by their ids::

    version = "2025.1"
    lang = "ne"
    title = "..."
    [options.<option id>]                   name
    [questions.<question id>]               prompt, help
    [questions.<question id>.choices.<id>]  label, help, why
    [steps.<step id>]                       title, intro
    [factors.<factor id>]                   name, labels = { <option id> = "..." }, verdict
    [verdicts.<verdict id>]                 title, summary, ideal_projects, frameworks, cost
    [record]                                subject, context (when the English file has them)

A text the English leaves empty (an optional `help`) stays out; every other one is required,
and the two lists have as many lines as the English ones. A mistake stops loading with one
line, ``"<file>: <where>: <problem>"``, as in content.py; `<where>` is the table's path in the
translation file (`questions.team_size` and `steps.team_size` are different things).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .content import Choice, Factor, Option, Question, Quiz, Step, VerdictText
from .loader import TomlReader

LANGUAGES = ("en", "ne")  # English is the quiz file itself; the others are translations of it


def N_(message: str) -> str:
    """Mark an English phrase for the interface's catalog (`make messages` extracts it); the
    web layer translates it into the language of the page that shows it."""
    return message

# Which texts each kind of item has, in the order they are read.
_QUESTION_TEXTS = ("prompt", "help")
_CHOICE_TEXTS = ("label", "help", "why")
_STEP_TEXTS = ("title", "intro")
_FACTOR_TEXTS = ("name", "verdict")  # and `labels`, one per option
_OPTION_TEXTS = ("name",)
_VERDICT_TEXTS = ("title", "summary", "cost")
_VERDICT_LISTS = ("ideal_projects", "frameworks")
_RECORD_TEXTS = ("subject", "context")
_FILE_KEYS = {"version", "lang", "title", "options", "questions", "steps", "factors", "verdicts",
              "record"}


def translations_for(quiz_path: str | os.PathLike[str]) -> dict[str, Path]:
    """The languages a quiz file can be shown in, each with the file holding its texts.

    English is the quiz file itself; a translation is `<stem>.<lang>.toml` beside it, so
    `data/backend.toml` has `data/backend.ne.toml` and an archived `data/archive/2025.1.toml`
    has `data/archive/2025.1.ne.toml`. Only languages of LANGUAGES are looked for.
    """
    path = Path(quiz_path)
    found = {"en": path}
    for lang in LANGUAGES[1:]:
        candidate = path.with_name(f"{path.stem}.{lang}{path.suffix}")
        if candidate.is_file():
            found[lang] = candidate
    return found


def load_translation(quiz: Quiz, path: str | os.PathLike[str]) -> Quiz:
    """A new Quiz with `quiz`'s ids, weights, conditions, hybrid rule and version, and the
    texts read from the translation at `path`; raise QuizContentError naming the first problem.

    The new quiz's `source` is the translation file, so a problem found later names it.
    """
    return _TranslationLoader(str(path), quiz).load()


def quiz_texts(quiz: Quiz) -> dict[str, str]:
    """Every visible text of a quiz, keyed by where it lives (`questions.realtime.prompt`,
    `verdicts.node.ideal_projects[0]`); texts left empty are left out.

    The keys are the same for a quiz and its translations, which is how tests and tools
    compare one language with another.
    """
    return dict(_walk_texts(quiz))


def _walk_texts(quiz: Quiz) -> Iterator[tuple[str, str]]:
    def present(where: str, item: object, keys: tuple[str, ...]) -> Iterator[tuple[str, str]]:
        for key in keys:
            text = getattr(item, key)
            if text:
                yield f"{where}.{key}", text

    yield "title", quiz.title
    yield from present("record", quiz.record, _RECORD_TEXTS)
    for option in quiz.options:
        yield from present(f"options.{option.id}", option, _OPTION_TEXTS)
    for question in quiz.questions:
        yield from present(f"questions.{question.id}", question, _QUESTION_TEXTS)
        for choice in question.choices:
            where = f"questions.{question.id}.choices.{choice.id}"
            yield from present(where, choice, _CHOICE_TEXTS)
    for step in quiz.steps:
        yield from present(f"steps.{step.id}", step, _STEP_TEXTS)
    for factor in quiz.factors:
        yield from present(f"factors.{factor.id}", factor, _FACTOR_TEXTS)
        for option, label in factor.labels.items():
            yield f"factors.{factor.id}.labels.{option}", label
    for vid, verdict in quiz.verdicts.items():
        yield from present(f"verdicts.{vid}", verdict, _VERDICT_TEXTS)
        for key in _VERDICT_LISTS:
            for index, line in enumerate(getattr(verdict, key)):
                yield f"verdicts.{vid}.{key}[{index}]", line


class _TranslationLoader(TomlReader):
    """Reads one translation against its English quiz; `fail` names the file in every error."""

    def __init__(self, path: str, english: Quiz) -> None:
        super().__init__(path)
        self.english = english

    def load(self) -> Quiz:
        doc = self.read()
        self.keys(doc, "file", _FILE_KEYS)
        self.check_version(doc)
        self.check_lang(doc)
        english = self.english
        title = doc.get("title")
        if not isinstance(title, str) or not title.strip():
            raise self.fail("title", "missing `title`")
        return replace(
            english,
            source=self.path,
            title=title,
            options=self.options(self.section(doc, "options", english.options)),
            questions=self.questions(self.section(doc, "questions", english.questions)),
            steps=self.steps(self.section(doc, "steps", english.steps)),
            factors=self.factors(self.section(doc, "factors", english.factors)),
            verdicts=MappingProxyType(
                self.verdicts(self.section(doc, "verdicts", english.verdicts.values()))
            ),
            record=self.record(doc.get("record", {})),
        )

    def record(self, table: Any) -> Any:
        if not isinstance(table, dict):
            raise self.fail("record", "must be a table")
        return self.translated(table, "record", self.english.record, _RECORD_TEXTS)

    # -- the whole file ---------------------------------------------------------------

    def check_version(self, doc: dict[str, Any]) -> None:
        # Stored results carry the version; texts written for other weights or choices
        # would explain a result they did not produce.
        version = doc.get("version")
        if version is None:
            raise self.fail("version", "missing `version`")
        if version != self.english.version:
            raise self.fail(
                "version",
                f"is {version!r} but the English file's is {self.english.version!r}",
            )

    def check_lang(self, doc: dict[str, Any]) -> None:
        lang = doc.get("lang")
        if lang is None:
            raise self.fail("lang", "missing `lang`")
        if lang not in LANGUAGES[1:]:
            raise self.fail(
                "lang", f"unknown language {lang!r} (expected {' or '.join(LANGUAGES[1:])})"
            )

    def section(self, doc: dict[str, Any], name: str, items: Any) -> dict[str, dict[str, Any]]:
        """The `[name.<id>]` tables, checked to hold exactly the English ids."""
        table = doc.get(name)
        if table is None:
            raise self.fail(name, f"missing [{name}] tables")
        if not isinstance(table, dict):
            raise self.fail(name, f"`{name}` must be a table of ids")
        return self.by_id(table, name, [item.id for item in items])

    def by_id(self, table: dict[str, Any], where: str, ids: list[str]) -> dict[str, dict[str, Any]]:
        for key in table:
            if key not in ids:
                raise self.fail(f"{where}.{key}", "unknown id (not in the English file)")
        for item_id in ids:
            if item_id not in table:
                raise self.fail(f"{where}.{item_id}", "missing translation")
            if not isinstance(table[item_id], dict):
                raise self.fail(f"{where}.{item_id}", "must be a table of texts")
        return table

    # -- sections ---------------------------------------------------------------------

    def questions(self, tables: dict[str, dict[str, Any]]) -> tuple[Question, ...]:
        translated = []
        for question in self.english.questions:
            where = f"questions.{question.id}"
            table = tables[question.id]
            self.keys(table, where, {*_QUESTION_TEXTS, "choices"})
            choices = table.get("choices")
            if choices is None:
                raise self.fail(where, "missing [choices] tables")
            if not isinstance(choices, dict):
                raise self.fail(where, "`choices` must be a table of ids")
            choice_tables = self.by_id(choices, f"{where}.choices", list(question.choice_ids()))
            translated.append(
                replace(
                    question,
                    **self.texts(table, where, question, _QUESTION_TEXTS),
                    choices=tuple(
                        self.choice(choice_tables[c.id], f"{where}.choices.{c.id}", c)
                        for c in question.choices
                    ),
                )
            )
        return tuple(translated)

    def choice(self, table: dict[str, Any], where: str, choice: Choice) -> Choice:
        self.keys(table, where, set(_CHOICE_TEXTS))
        return replace(choice, **self.texts(table, where, choice, _CHOICE_TEXTS))

    def steps(self, tables: dict[str, dict[str, Any]]) -> tuple[Step, ...]:
        return tuple(
            self.translated(tables[step.id], f"steps.{step.id}", step, _STEP_TEXTS)
            for step in self.english.steps
        )

    def options(self, tables: dict[str, dict[str, Any]]) -> tuple[Option, ...]:
        return tuple(
            self.translated(tables[option.id], f"options.{option.id}", option, _OPTION_TEXTS)
            for option in self.english.options
        )

    def factors(self, tables: dict[str, dict[str, Any]]) -> tuple[Factor, ...]:
        translated = []
        for factor in self.english.factors:
            where = f"factors.{factor.id}"
            table = tables[factor.id]
            self.keys(table, where, {*_FACTOR_TEXTS, "labels"})
            labels = table.get("labels")
            if not isinstance(labels, dict):
                raise self.fail(where, "missing `labels` (a table of option = text)")
            self.by_id({o: {} for o in labels}, f"{where}.labels", list(factor.labels))
            texts = {}
            for option in factor.labels:
                label = labels[option]
                if not isinstance(label, str) or not label.strip():
                    raise self.fail(f"{where}.labels", f"`{option}` must be a non-empty string")
                texts[option] = label
            translated.append(replace(factor, **self.texts(table, where, factor, _FACTOR_TEXTS),
                                      labels=MappingProxyType(texts)))
        return tuple(translated)

    def verdicts(self, tables: dict[str, dict[str, Any]]) -> dict[str, VerdictText]:
        verdicts = {}
        for vid, verdict in self.english.verdicts.items():
            where = f"verdicts.{vid}"
            table = tables[vid]
            self.keys(table, where, {*_VERDICT_TEXTS, *_VERDICT_LISTS})
            lists = {
                key: self.lines(table, where, key, getattr(verdict, key)) for key in _VERDICT_LISTS
            }
            verdicts[vid] = replace(
                verdict, **self.texts(table, where, verdict, _VERDICT_TEXTS), **lists
            )
        return verdicts

    # -- texts ------------------------------------------------------------------------

    def translated(
        self, table: dict[str, Any], where: str, item: Any, keys: tuple[str, ...]
    ) -> Any:
        self.keys(table, where, set(keys))
        return replace(item, **self.texts(table, where, item, keys))

    def texts(
        self, table: dict[str, Any], where: str, english: Any, keys: tuple[str, ...]
    ) -> dict[str, str]:
        """The translated value of each text the English item has; none of those it leaves empty."""
        texts = {}
        for key in keys:
            if not getattr(english, key):
                if key in table:
                    raise self.fail(where, f"`{key}` has no English text to translate")
                continue
            value = table.get(key)
            if value is None:
                raise self.fail(where, f"missing `{key}`")
            if not isinstance(value, str):
                raise self.fail(where, f"`{key}` must be a string")
            if not value.strip():
                raise self.fail(where, f"`{key}` is empty")
            texts[key] = value
        return texts

    def lines(
        self, table: dict[str, Any], where: str, key: str, english: tuple[str, ...]
    ) -> tuple[str, ...]:
        value = table.get(key)
        if value is None:
            raise self.fail(where, f"missing `{key}`")
        if not isinstance(value, list) or not all(
            isinstance(line, str) and line.strip() for line in value
        ):
            raise self.fail(where, f"`{key}` must be a list of non-empty strings")
        if len(value) != len(english):
            raise self.fail(
                where, f"`{key}` has {len(value)} lines but the English file has {len(english)}"
            )
        return tuple(value)
