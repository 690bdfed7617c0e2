"""Which comparison a staff page shows (`?quiz=<slug>`), and the picker's choices.

Staff see every comparison of the registry, drafts included (marked as such), and every
comparison with stored results that QUIZ_FILES no longer names: a retired comparison's
numbers stay readable, in its own words when its file stays beside the served ones (the
registry's `retired`). When even its file is gone, it is shown through a stand-in quiz with
no questions or verdict texts: the dashboard then labels its counts by their ids, as it
does for any id the live quiz no longer has.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import MappingProxyType

from ..quiz.content import Option, Quiz
from ..quizzes import Registry

LISTED, DRAFT, RETIRED = "listed", "draft", "retired"


@dataclass(frozen=True)
class Shown:
    """A comparison as the staff pages show it."""

    slug: str
    quiz: Quiz  # its live quiz, or a stand-in for a retired comparison whose file is gone
    state: str  # LISTED, DRAFT or RETIRED

    @property
    def label(self) -> str:
        """Its name in the picker and the page's headings."""
        if self.state == RETIRED:
            return f"{self.quiz.title} (retired: no longer served)"
        return f"{self.quiz.title} (draft)" if self.state == DRAFT else self.quiz.title


def stand_in(slug: str, option_ids: Iterable[str] = ()) -> Quiz:
    """A quiz with nothing but a slug and option ids, for a comparison no longer served."""
    return Quiz(slug=slug, title=slug, version="", source="",
                options=tuple(Option(o, o) for o in option_ids), questions=(), steps=(),
                factors=(), verdicts=MappingProxyType({}))


def every(registry: Registry, stored: Iterable[str]) -> tuple[Shown, ...]:
    """The registry's comparisons in QUIZ_FILES order (the default first), then the retired
    ones among `stored` (the slugs with stored results) in slug order."""
    served = tuple(
        Shown(c.slug, c.live(), LISTED if c.live().listed else DRAFT)
        for c in registry.by_slug.values())
    retired = tuple(Shown(slug, _retired(registry, slug), RETIRED)
                    for slug in sorted(set(stored) - set(registry.by_slug)))
    return served + retired


def _retired(registry: Registry, slug: str) -> Quiz:
    found = registry.retired.get(slug)
    return found.live() if found else stand_in(slug)


def chosen(choices: Iterable[Shown], slug: str | None, default: str) -> Shown | None:
    """The choice of `slug` (None or empty: the default comparison); None when no
    comparison has it."""
    wanted = slug or default
    return next((shown for shown in choices if shown.slug == wanted), None)
