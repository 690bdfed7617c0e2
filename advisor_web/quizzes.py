"""The comparisons this app serves, loaded and validated once at start-up.

`QUIZ_FILES` names them (space-separated; `QUIZ_FILE` is the one-file form), the first being
the default comparison served at `/quiz`. Each comes with the archived versions beside its
file (`quiz.versions`) and its languages: English always, another language of
`quiz.translation.LANGUAGES` when `<name>.<lang>.toml` sits beside it. The default comparison
must have them all (the whole site is served in each); another one without a Nepali file is
English only. A broken file or translation, or a duplicate slug, stops the app with one line.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

from flask import Flask, current_app

from .quiz.content import Quiz, QuizContentError
from .quiz.translation import LANGUAGES, translations_for
from .quiz.versions import QuizVersions


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
    """Every comparison by slug, the default first."""

    by_slug: Mapping[str, Comparison]
    default: Comparison

    def get(self, slug: str) -> Comparison | None:
        return self.by_slug.get(slug)

    def versions_of(self, slug: str, lang: str = "en") -> QuizVersions:
        """Every version of the comparison `slug` in `lang` (what a stored result of it is
        explained with); NotServed when QUIZ_FILES no longer names it, or it lacks `lang`."""
        found = self.by_slug.get(slug)
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
        path = Path(file)
        wanted = LANGUAGES if index == 0 else tuple(translations_for(path))
        by_lang = {}
        for lang in wanted:
            versions = QuizVersions(path, lang)
            versions.check()  # a broken archived version stops start-up, as a broken live one does
            by_lang[lang] = versions
        slug = by_lang["en"].live.slug
        if slug in comparisons:
            raise QuizContentError(
                f"{path}: slug: {slug!r} is already the slug of {comparisons[slug].file}")
        comparisons[slug] = Comparison(slug, path, MappingProxyType(by_lang))
    return Registry(MappingProxyType(comparisons), next(iter(comparisons.values())))


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
