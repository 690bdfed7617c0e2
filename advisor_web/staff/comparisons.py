"""The staff list of comparisons: every file QUIZ_FILES names, listed or draft, with the
links to take it. A draft (`listed = false`) exists only for logged-in staff, who take it in a
preview (`visitor.comparisons`) that stores and counts nothing; a listed one's links are its
public pages."""

from __future__ import annotations

from dataclasses import dataclass

from flask import url_for

from ..quizzes import Registry
from ..visitor import surfaces


@dataclass(frozen=True)
class Row:
    slug: str
    title: str
    version: str
    options: tuple[str, ...]
    languages: tuple[str, ...]  # the language names, English first
    listed: bool
    default: bool
    links: tuple[tuple[str, str], ...]  # (language name, its landing page under /compare/)


def rows(registry: Registry) -> list[Row]:
    """One row per comparison, in QUIZ_FILES order (the default first)."""
    return [_row(comparison, comparison is registry.default)
            for comparison in registry.by_slug.values()]


def _row(comparison, default: bool) -> Row:
    live = comparison.live()
    names = tuple(surfaces.LANGUAGE_NAMES.get(lang, lang) for lang in comparison.languages)
    links = []
    for lang, name in zip(comparison.languages, names, strict=True):
        surface = surfaces.twin(surfaces.SITE, lang) or surfaces.SITE
        links.append((name, url_for(f"{surface.name}.landing", slug=comparison.slug)))
    return Row(comparison.slug, live.title, live.version,
               tuple(option.name for option in live.options), names, live.listed, default,
               tuple(links))
