"""What the embedded mode needs from a request: its draft token, its source label, and
messages that travel in the URL (no cookie may be set inside another site's iframe, so
neither the session nor flashed messages can carry anything).

Why no CSRF token under /embed/: CSRF rides on an ambient credential, a cookie the browser
adds by itself. The embedded pages set and read none; the draft is a signed token in the form,
so a forged request from another site could only carry a draft its author already holds.
"""

from __future__ import annotations

from flask import current_app, request
from itsdangerous import URLSafeTimedSerializer

from .drafts import SOURCE_LABEL, TokenDrafts
from .messages import MESSAGES

UNLISTED = "other"  # a well-formed label not in EMBED_SOURCES


class BadSource(ValueError):
    """A `source` that is not a label (markup, or too long): a 400."""


def store(comparison: str | None = None) -> TokenDrafts:
    """The request's draft token for `comparison` (None: the default's): the form's `draft`
    field, or `d` in the URL (a GET)."""
    token = request.form.get("draft") or request.args.get("d")
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    return TokenDrafts(_serializer(), token, int(lifetime), comparison)


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="advisor-embed-draft")


def source() -> str:
    """The embedding page's label, as the request carries it: `source` in the URL (from
    embed.js's `data-source`) or in a form of the frame. One of EMBED_SOURCES, or "other" for
    any other well-formed label (and when there is none), never a referrer."""
    label = request.values.get("source", UNLISTED)
    if not SOURCE_LABEL.fullmatch(label):
        raise BadSource(label[:40])
    return label if label in current_app.config["EMBED_SOURCES"] else UNLISTED


def source_or_other() -> str:
    """`source()`, where a malformed label must not stop the page (an error page's links)."""
    try:
        return source()
    except BadSource:
        return UNLISTED


def url_state(token: str | None, messages: list[str], source: str | None) -> dict[str, object]:
    """What a URL inside the frame carries: the draft token, the source label (so that an
    attempt begun or begun again from it, even after its token has expired, is counted for
    the page that embeds it) and the messages to show."""
    state: dict[str, object] = {"d": token} if token else {}
    if source:
        state["source"] = source
    if messages:
        state["m"] = [MESSAGES.index(m) for m in messages if m in MESSAGES]
    return state


def messages_in_url() -> list[str]:
    shown = []
    for index in request.args.getlist("m"):
        if index.isdigit() and int(index) < len(MESSAGES):
            shown.append(MESSAGES[int(index)])
    return shown
