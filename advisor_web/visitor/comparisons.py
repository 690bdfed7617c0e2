"""Which comparison a visitor page is about: the one home for that question.

Every surface (`surfaces`) serves every listed comparison. The default comparison keeps the
URLs it always had (`/`, `/quiz`, `/quiz/<step>`, `/quiz/restart`); each comparison, the
default too, is also served under `/compare/<slug>/` (views.py gives those endpoints a second
rule): `/compare/<slug>/`, `/compare/<slug>/quiz`, `/compare/<slug>/quiz/<step>`,
`/compare/<slug>/quiz/restart`, with the surface's prefix before it (`/ne/`, `/embed/`,
`/ne/embed/`). Results keep `/result/<id>` whatever their comparison: a result page is about
its stored result's comparison (`use`).

The URL's slug is taken off the view's arguments before any view runs (`enter`, a URL value
preprocessor), so a view asks `current()`; and `url_for` of those endpoints puts the slug back
while the page is about a comparison other than the default (`carry`, a URL defaults
function), so a template's `url_for(".step", ...)` stays on its comparison. `slug=None` given
to `url_for` leaves the comparison: `visitor_url("landing", slug=None)` is the site's `/`.

A slug that names no comparison, or a comparison without the page's language (no Nepali
file: `/ne/compare/<slug>/` does not pretend) is a 404. So is a draft (`listed = false`),
the same 404, unless a logged-in staff member asks on the site (English or Nepali): they
take it in a preview (`previewing`), which stores and counts nothing (`attempts.preview_*`)
and says so on every page. The frame never previews: it is for publishers' pages, where no
staff session belongs.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from flask import abort, current_app, g

from .. import quizzes
from ..quiz.content import Quiz
from ..quizzes import Comparison
from ..staff import accounts

SLUG = "slug"  # the URL variable of the `/compare/<slug>/...` rules


def enter(values: dict | None, lang: str, embedded: bool = False) -> None:
    """Take the comparison named in the URL (none: the default) for this request; a
    draft only as a staff member's preview."""
    slug = values.pop(SLUG, None) if values else None
    if slug is None:
        return
    found = quizzes.comparison(slug)
    if found is None or lang not in found.languages:
        abort(404)
    if not found.live().listed:
        # Asked last, and only for a draft: a listed page never loads a staff account.
        now = int(time.time())
        if embedded or not accounts.staff_present(now):
            abort(404)  # the very 404 of an unknown slug: the public cannot tell it exists
        accounts.mark_seen(now)  # previewing is staff work: the session is not idle
        g.advisor_preview = True
    g.advisor_comparison = found


def previewing() -> bool:
    """Whether this request is a staff member's preview of a draft comparison."""
    return g.get("advisor_preview", False)


def use(slug: str) -> None:
    """Make the comparison `slug` this request's (a result page: its stored result's). A
    retired one is nobody's to take: its result's links stay on the default comparison."""
    found = quizzes.registry().get(slug)
    if found is not None:
        g.advisor_comparison = found


def current() -> Comparison:
    """This request's comparison: the one its URL or its result names, else the default."""
    return g.get("advisor_comparison") or quizzes.registry().default


def is_default(comparison: Comparison) -> bool:
    return comparison is quizzes.registry().default


def draft_key() -> str | None:
    """What this request's comparison keeps its draft under, beside the others' (a visitor
    may have an attempt at each): None for the default, whose draft keeps the key it had
    before there were several comparisons, so an attempt in progress survives the upgrade."""
    found = current()
    return None if is_default(found) else found.slug


def carry(endpoint: str, values: dict) -> None:
    """Keep a URL built on a comparison's page on that comparison (see the module's doc)."""
    found = g.get("advisor_comparison")
    if found is None or SLUG in values or is_default(found):
        return
    if current_app.url_map.is_endpoint_expecting(endpoint, SLUG):
        values[SLUG] = found.slug


def live(lang: str) -> Quiz:
    """This request's comparison's live quiz in `lang`, else in English (an error page under
    /ne/ about a comparison that has no Nepali file)."""
    found = current()
    return found.live(lang if lang in found.languages else "en")


@dataclass(frozen=True)
class Choice:
    """A comparison the site's landing page offers."""

    quiz: Quiz  # its live quiz in the page's language
    default: bool  # served at the site's own URLs (/quiz)

    @property
    def slug(self) -> str | None:
        """What `url_for` takes for its pages: None for the default's own URLs."""
        return None if self.default else self.quiz.slug


def choices(lang: str) -> tuple[Choice, ...]:
    """What the site's landing page offers when visitors have a choice: every listed
    comparison there is in `lang`, in QUIZ_FILES order; nothing with only one."""
    offered = tuple(Choice(c.live(lang), is_default(c)) for c in quizzes.registry().listed()
                    if lang in c.languages)
    return offered if len(offered) > 1 else ()
