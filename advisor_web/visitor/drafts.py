"""Where a visitor's draft is kept between requests, behind one small interface.

As in django-formtools' storage classes, the flow never knows which store is in use: the
site keeps the draft in its signed session cookie (`CookieDrafts`); the embedded mode (an
iframe, where a third-party cookie may be blocked) carries it in the page as a signed,
expiring token (`TokenDrafts`).

A store is loaded once and saved once per request, by the views' `respond`. A store holds
the draft of one comparison (`comparison`: None for the default one): the cookie keeps each
comparison's draft under its own key, so an attempt at one never clobbers an attempt at
another; a token names its comparison, and one posted to another comparison's step is no
draft there (the step then answers as to a visitor without one: its usual refusal).
"""

from __future__ import annotations

import re
from collections.abc import MutableMapping
from typing import Protocol

from itsdangerous import BadSignature, SignatureExpired

from ..quiz.flow import Draft, is_attempt_id

SESSION_KEY = "draft"
COMPARISON = "q"  # in a token: the comparison it belongs to, left out for the default
# What a source label may be: the embedding page's (embed.js's `data-source`, checked on
# entry, then carried by the draft), bounded so the values stay few.
SOURCE_LABEL = re.compile(r"[A-Za-z0-9-]{1,32}")


class DraftStore(Protocol):
    def load(self) -> Draft | None:
        """The draft this request carries, or None when it has none or it is unreadable."""

    def save(self, draft: Draft) -> None:
        """Keep `draft` for the visitor's next request."""

    def clear(self) -> None:
        """Forget the draft."""


def to_data(draft: Draft) -> dict:
    """The draft as short, JSON-able data (ids only, so it stays a few hundred bytes)."""
    return {
        "v": draft.quiz_version,
        "id": draft.attempt,
        "a": dict(draft.answers),
        "r": list(draft.reached),
        "d": list(draft.done),
        "f": draft.finished,
        "s": draft.source,
    }


def from_data(data: object) -> Draft | None:
    """The draft in `data`, or None when it is missing or malformed. Its answers are checked
    against the quiz of its version by the use cases (`Quiz.keep_asked`), not here."""
    if not isinstance(data, dict):
        return None
    version, attempt, answers = data.get("v"), data.get("id"), data.get("a")
    reached, done = data.get("r"), data.get("d")
    if not isinstance(version, str) or not is_attempt_id(attempt):
        return None
    if not isinstance(answers, dict) or not _all_str(answers.keys(), answers.values()):
        return None
    if not isinstance(reached, list) or not isinstance(done, list) or not _all_str(reached, done):
        return None
    source = data.get("s", "site")
    if not isinstance(source, str) or not SOURCE_LABEL.fullmatch(source):
        return None
    return Draft(version, attempt, dict(answers), tuple(reached), tuple(done),
                 data.get("f") is True, source)


def _all_str(*iterables) -> bool:
    return all(isinstance(item, str) for items in iterables for item in items)


class CookieDrafts:
    """The draft in Flask's signed session cookie, kept for PERMANENT_SESSION_LIFETIME."""

    def __init__(self, session: MutableMapping, comparison: str | None = None):
        self.session = session
        self.key = SESSION_KEY if comparison is None else f"{SESSION_KEY}:{comparison}"

    def load(self) -> Draft | None:
        return from_data(self.session.get(self.key))

    def save(self, draft: Draft) -> None:
        value = to_data(draft)
        if self.session.get(self.key) != value:  # unchanged: the cookie is not sent again
            self.session[self.key] = value
        if not self.session.permanent:
            self.session.permanent = True  # survives a browser restart

    def clear(self) -> None:
        self.session.pop(self.key, None)


class InvalidDraftToken(ValueError):
    """A draft token that was forged, tampered with, or has expired (a 400)."""


class TokenDrafts:
    """The draft as a signed, expiring token that travels in the page itself: a hidden form
    field, and `d` in the URLs the frame visits. For the embedded mode, where the page sits in
    another site's iframe and no cookie may be set (browsers block third-party cookies).

    `serializer` signs and dates the token (itsdangerous); `token` is what the request
    carried. The attempt id inside it keys exactly-once storage, as the cookie's does; the
    result's id is a keyed hash of it (`results.public_id_of`), so the token, readable by
    anyone who sees the frame's URL, does not give the result away.
    """

    def __init__(self, serializer, token: str | None, max_age: int,
                 comparison: str | None = None):
        self.serializer = serializer
        self.token = token or None
        self.max_age = max_age
        self.comparison = comparison
        self.checked = False  # the token was read and found good, or made here

    @property
    def checked_token(self) -> str | None:
        """The token, once it is known to be good: what links may carry on (a page that
        refused the request before reading it, a 403, does not pass on what it was sent)."""
        return self.token if self.checked else None

    def load(self) -> Draft | None:
        if self.token is None:
            return None
        try:
            data = self.serializer.loads(self.token, max_age=self.max_age)
            draft = from_data(data)
        except SignatureExpired:
            problem = "expired"
        except BadSignature:
            problem = "forged"
        else:
            problem = None if draft is not None else "malformed"
        if problem:
            self.token = None  # never handed on: the page saying so offers a fresh start
            raise InvalidDraftToken(problem)
        if data.get(COMPARISON) != self.comparison:
            self.token = None  # another comparison's: not handed on here either
            return None
        self.checked = True
        return draft

    def save(self, draft: Draft) -> None:
        data = to_data(draft)
        if self.comparison is not None:  # the default's tokens stay as they were
            data[COMPARISON] = self.comparison
        self.token = self.serializer.dumps(data)
        self.checked = True

    def clear(self) -> None:
        self.token = None
