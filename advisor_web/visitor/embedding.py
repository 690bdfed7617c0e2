"""What the embedded mode needs from a request: its draft token, its source label, and
messages that travel in the URL (no cookie may be set inside another site's iframe, so
neither the session nor flashed messages can carry anything).

Why no CSRF token under /embed/: CSRF rides on an ambient credential, a cookie the browser
adds by itself. The embedded pages set and read none; the draft is a signed token in the form,
so a forged request from another site could only carry a draft its author already holds.
"""

from __future__ import annotations

import functools
import re

from flask import abort, current_app, request
from itsdangerous import URLSafeTimedSerializer

from . import attempts
from .drafts import TokenDrafts

# What `data-source` may be: the label of the embedding page, bounded so the values stay few.
SOURCE_LABEL = re.compile(r"[A-Za-z0-9-]{1,32}")
UNLISTED = "other"  # a well-formed label not in EMBED_SOURCES


class BadSource(ValueError):
    """A `source` that is not a label (markup, or too long): a 400."""


def store() -> TokenDrafts:
    """The request's draft token: the form's `draft` field, or `d` in the URL (a GET)."""
    token = request.form.get("draft") or request.args.get("d")
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return TokenDrafts(_serializer(), token, int(lifetime))


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="advisor-embed-draft")


def source() -> str:
    """The embedding page's label (`?source=`, from embed.js's `data-source`): one of
    EMBED_SOURCES, or "other" for any other well-formed label, never a referrer."""
    label = request.args.get("source", UNLISTED)
    if not SOURCE_LABEL.fullmatch(label):
        raise BadSource(label[:40])
    return label if label in current_app.config["EMBED_SOURCES"] else UNLISTED


def url_state(token: str | None, messages: list[str], source: str) -> dict[str, object]:
    """What a URL inside the frame carries: the draft token (or, with none, the source the
    next attempt begins with) and the messages to show."""
    state: dict[str, object] = {"d": token} if token else {"source": source}
    if messages:
        state["m"] = [attempts.MESSAGES.index(m) for m in messages if m in attempts.MESSAGES]
    return state


def messages_in_url() -> list[str]:
    shown = []
    for index in request.args.getlist("m"):
        if index.isdigit() and int(index) < len(attempts.MESSAGES):
            shown.append(attempts.MESSAGES[int(index)])
    return shown


def same_origin_only(view):
    """Refuse a POST that a browser says came from another site's page (a 403).

    The embedded mode's forms carry no CSRF token (nothing there rides on a cookie), so a
    form that writes something of its own, such as a consultation request, checks where it
    came from: `Sec-Fetch-Site`, or else `Origin`, which browsers send with every POST. A
    client that sends neither (curl, a test) is no browser tricked by a page, and passes.
    Note for the merge: h18-embed builds the same check for every POST under /embed/; this
    one is meant to give way to it.
    """

    @functools.wraps(view)
    def checked(*args, **kwargs):
        if not from_this_site():
            abort(403)
        return view(*args, **kwargs)

    return checked


def from_this_site() -> bool:
    fetched_from = request.headers.get("Sec-Fetch-Site")
    if fetched_from is not None:
        return fetched_from in ("same-origin", "none")
    origin = request.headers.get("Origin")
    return origin is None or origin == request.host_url.rstrip("/")
