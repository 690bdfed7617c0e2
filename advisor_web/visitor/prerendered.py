"""Step pages rendered once per kind, then filled in for each visitor.

A step page is the same for every visitor who sees the same step in the same place (surface
and host, quiz, step, its questions and position, whole page or htmx fragment), except for
three things that are never cached: the CSRF token (on the site), the draft token (in the
frame: in its form and its `hreflang` links), and which choices this visitor has checked. The
first render of a kind is made with a stand-in for each token and cut at those places and at
every radio's `checked`; later requests splice their own values into the cuts. Profiled
in-process, rendering the templates was about half of a step page's time, and macro calls
alone a quarter (issue 21).

A page with anything else of its own (a field's error, a message) is rendered in full.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass

from flask import Flask, current_app, g, render_template, request, session
from flask_wtf.csrf import generate_csrf
from markupsafe import escape

from . import surfaces

# Stand-ins for the tokens: URL-safe (a draft token is also a query parameter in the links),
# escaped by nothing, and found nowhere else in a page.
CSRF_SLOT = "csrf-token-stand-in-5b1e0c7a"
DRAFT_SLOT = "draft-token-stand-in-5b1e0c7a"
CHECKED = " checked"
MAX_KINDS = 512  # the key holds the Host header: a client could invent hosts without end


@dataclass(frozen=True)
class Cut:
    """What goes into one cut: a token, or ` checked` when `question` is answered `choice`."""

    token: str | None = None  # "csrf" or "draft"
    question: str = ""
    choice: str = ""


@dataclass(frozen=True)
class Prerendered:
    parts: tuple[str, ...]  # the page's text between the cuts, one more than the cuts
    cuts: tuple[Cut, ...]

    def fill(self, tokens: Mapping[str, str | None], answers: Mapping[str, str]) -> str:
        """The page for one visitor: their tokens (escaped like any attribute value) and
        their checked choices."""
        out = [self.parts[0]]
        for cut, part in zip(self.cuts, self.parts[1:], strict=True):
            if cut.token is not None:
                out.append(str(escape(tokens[cut.token] or "")))
            elif answers.get(cut.question) == cut.choice:
                out.append(CHECKED)
            out.append(part)
        return "".join(out)


def cut(html: str, radios: Iterable[tuple[str, str]]) -> Prerendered | None:
    """`html`, rendered with the token stand-ins, cut where each visitor's own values go; None
    when the page is not as expected (a radio not found exactly once), so it is never cached."""
    places: list[tuple[int, int, Cut]] = []  # (start, end of the text the cut replaces, cut)
    for token, stand_in in (("csrf", CSRF_SLOT), ("draft", DRAFT_SLOT)):
        start = html.find(stand_in)
        while start != -1:
            places.append((start, start + len(stand_in), Cut(token=token)))
            start = html.find(stand_in, start + 1)
    for question, choice in radios:
        radio = f'<input type="radio" name="{escape(question)}" value="{escape(choice)}"'
        start = html.find(radio)
        if start == -1 or html.find(radio, start + 1) != -1:
            return None
        end = start + len(radio)
        checked = html.startswith(CHECKED, end)
        places.append((end, end + len(CHECKED) if checked else end, Cut(None, question, choice)))
    places.sort(key=lambda place: place[0])
    parts, position = [], 0
    for start, end, _ in places:
        parts.append(html[position:start])
        position = end
    parts.append(html[position:])
    return Prerendered(tuple(parts), tuple(place[2] for place in places))


class StepPages:
    """The prerendered step pages of one app, least recently used dropped first."""

    def __init__(self, max_kinds: int = MAX_KINDS) -> None:
        self.pages: OrderedDict[Hashable, Prerendered | None] = OrderedDict()
        self.max_kinds = max_kinds
        self.lock = threading.Lock()  # the development server serves in threads

    def get(self, kind: Hashable, render: Callable[[], tuple[str, Iterable[tuple[str, str]]]]
            ) -> Prerendered | None:
        """The prerendered page of this kind, made with `render()` (the page with stand-ins,
        and its radios) the first time."""
        with self.lock:
            if kind in self.pages:
                self.pages.move_to_end(kind)
                return self.pages[kind]
        html, radios = render()
        page = cut(html, radios)
        with self.lock:
            self.pages[kind] = page
            while len(self.pages) > self.max_kinds:
                self.pages.popitem(last=False)
        return page


# -- in the app --------------------------------------------------------------------------------


@dataclass(frozen=True)
class _StandInDrafts:
    """In place of the frame's draft store while a page is prerendered: its token."""

    token: str = DRAFT_SLOT


def init_app(app: Flask) -> None:
    app.extensions["advisor_step_pages"] = StepPages()


def render_step(template: str, page, **context) -> str:
    """`template` (a step page or its fragment) for `page`, from the prerendered page of its
    kind when it has one; rendered in full when the page has something of its own."""
    form = page.form
    fields = form.question_fields()
    if page.status != 200 or any(field.errors for field in fields) or _messages_waiting():
        return render_template(template, **context)
    surface = surfaces.current()
    draft_token = getattr(g.get("drafts"), "token", None) if surface.embedded else None
    position = page.position
    quiz = context["quiz"]
    # The comparison's slug as well as the quiz: two comparisons may share step ids.
    kind = (template, surface.name, request.host_url, quiz.slug, id(quiz), page.step.id,
            tuple(field.name for field in fields), position.number, position.total,
            position.next is None, draft_token is None, bool(context.get("swapped")))

    def render():
        with _stand_ins(surface.embedded and draft_token is not None):
            html = render_template(template, **context)
        radios = [(field.name, choice.id) for field in fields
                  for choice in context["quiz"].question(field.name).choices]
        return html, radios

    prerendered = current_app.extensions["advisor_step_pages"].get(kind, render)
    if prerendered is None:
        return render_template(template, **context)
    tokens = {"csrf": None if surface.embedded else generate_csrf(), "draft": draft_token}
    return prerendered.fill(tokens, {field.name: field.data for field in fields})


def _messages_waiting() -> bool:
    """Whether the page has a message to show (flashed, or carried by the frame's URL)."""
    if surfaces.current().embedded:
        return bool(request.args.get("m") or g.get("embed_messages"))
    return bool(session.get("_flashes"))


@contextmanager
def _stand_ins(draft: bool):
    """The tokens' stand-ins in place of this request's: Flask-WTF returns the CSRF token it
    keeps in `g` (so none is made, and the session is not touched), and the frame's pages read
    the draft token from `g.drafts`."""
    saved = {name: g.get(name) for name in ("csrf_token", "drafts") if name in g}
    g.csrf_token = CSRF_SLOT
    if draft:
        g.drafts = _StandInDrafts()
    try:
        yield
    finally:
        for name in ("csrf_token", "drafts"):
            g.pop(name, None)
        for name, value in saved.items():
            setattr(g, name, value)
