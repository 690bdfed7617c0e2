"""The comparisons this app serves, loaded and validated once at start-up.

`QUIZ_FILES` names them (space-separated; `QUIZ_FILE` is the one-file form), the first being
the default comparison served at `/quiz`. Each comes with the archived versions beside its
file (`quiz.versions`) and its languages: English always, another language of
`quiz.translation.LANGUAGES` when `<name>.<lang>.toml` sits beside it. The default comparison
must have them all (the whole site is served in each); another one without a Nepali file is
English only. A broken file or translation, or a duplicate slug, stops the app with one line.

A comparison leaves QUIZ_FILES to retire, and its file stays where it was (CI refuses to delete
it: permalinks are forever). So every comparison file beside a served one (`<name>.toml`, one
dot) that QUIZ_FILES does not name is loaded too, as retired: its stored results keep rendering
with their own texts, but nobody can take it. A retired file that no longer loads is left out
with a warning (its results then answer a 404 that says so) rather than stopping the app that
no longer serves it.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from flask import Flask, current_app

from .quiz.content import Quiz, QuizContentError
from .quiz.translation import LANGUAGES, translations_for
from .quiz.versions import QuizVersions

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Comparison:
    """One comparison: its versions in each of its languages."""

    slug: str
    file: Path
    by_lang: Mapping[str, QuizVersions]

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(lang for lang in LANGUAGES if lang in self.by_lang)

    def versions(self, lang: str = "en") -> QuizVersions:
        return self.by_lang[lang]

    def live(self, lang: str = "en") -> Quiz:
        return self.by_lang[lang].live


class NotServed(LookupError):
    """A comparison this app does not serve (any more), or not in the language asked for."""


@dataclass(frozen=True)
class Registry:
    """Every comparison served, by slug, the default first; and the retired ones."""

    by_slug: Mapping[str, Comparison]
    default: Comparison
    retired: Mapping[str, Comparison] = field(default_factory=dict)

    def get(self, slug: str) -> Comparison | None:
        return self.by_slug.get(slug)

    def versions_of(self, slug: str, lang: str = "en") -> QuizVersions:
        """Every version of the comparison `slug` in `lang` (what a stored result of it is
        explained with), served or retired; NotServed when there is no such comparison (any
        more), or it lacks `lang`."""
        found = self.by_slug.get(slug) or self.retired.get(slug)
        if found is None or lang not in found.by_lang:
            raise NotServed(slug, lang)
        return found.versions(lang)

    def listed(self) -> tuple[Comparison, ...]:
        """The comparisons visitors may see, in QUIZ_FILES order (drafts left out)."""
        return tuple(c for c in self.by_slug.values() if c.live().listed)


def quiz_files(config: Mapping) -> list[str]:
    return list(config.get("QUIZ_FILES") or []) or [config["QUIZ_FILE"]]


def load_registry(files: list[str]) -> Registry:
    comparisons: dict[str, Comparison] = {}
    for index, file in enumerate(files):
        found = load_comparison(Path(file), LANGUAGES if index == 0 else None)
        if found.slug in comparisons:
            raise QuizContentError(f"{found.file}: slug: {found.slug!r} is already the slug of "
                                   f"{comparisons[found.slug].file}")
        comparisons[found.slug] = found
    retired = {}
    for path in retired_files([Path(file) for file in files]):
        try:
            found = load_comparison(path)
        except QuizContentError as error:
            log.warning("retired comparison left out, its results answer 404: %s", error)
            continue
        if found.slug not in comparisons:
            retired.setdefault(found.slug, found)
    return Registry(MappingProxyType(comparisons), next(iter(comparisons.values())),
                    MappingProxyType(retired))


def load_comparison(path: Path, languages: tuple[str, ...] | None = None) -> Comparison:
    """The comparison in `path`, in `languages` (None: the translations beside it)."""
    by_lang = {}
    for lang in languages or tuple(translations_for(path)):
        versions = QuizVersions(path, lang)
        versions.check()  # a broken archived version stops start-up, as a broken live one does
        by_lang[lang] = versions
    return Comparison(by_lang["en"].live.slug, path, MappingProxyType(by_lang))


def retired_files(served: list[Path]) -> list[Path]:
    """The comparison files beside the served ones that QUIZ_FILES does not name: a
    `<name>.toml` with no other dot (`backend.ne.toml` is a translation, an archived version
    lives in archive/), in file-name order."""
    named = {path.resolve() for path in served}
    folders = dict.fromkeys(path.resolve().parent for path in served)
    return [path for folder in folders for path in sorted(folder.glob("*.toml"))
            if "." not in path.stem and path.resolve() not in named]


def init_app(app: Flask) -> None:
    app.extensions["advisor_quizzes"] = load_registry(quiz_files(app.config))


def registry() -> Registry:
    return current_app.extensions["advisor_quizzes"]


def comparison(slug: str | None = None) -> Comparison | None:
    """The comparison of `slug` (None: the default), or None when no comparison has it."""
    found = registry()
    return found.default if slug is None else found.get(slug)


def versions(lang: str = "en") -> QuizVersions:
    """Every version of the default comparison, with the texts of `lang`."""
    return registry().default.versions(lang)


def live(lang: str = "en") -> Quiz:
    """The default comparison's quiz visitors take now, in `lang`."""
    return registry().default.live(lang)
