"""Serving a result's share card so that asking again costs next to nothing.

A Nepali card takes about 67 ms to draw (an English one 23 ms), and link-preview fetchers,
chat apps and a determined visitor ask for the same card again and again: four connections
asking for one card kept both workers busy at 25 cards/s. So, for `GET .../card.png`:

- The result is looked up first, every time: a purged result's card is a 404 at once, even
  while a worker still holds it in its memo.
- Its ETag names what the card is drawn from: the result, the language, the quiz version,
  and `design` (the drawing code, its fixed words and the quiz files). Every worker, and a
  restarted one, agrees on it without drawing, so `If-None-Match` gets a 304 and HEAD gets
  the headers, neither of them drawing anything. A query string is no part of it.
- A card drawn is kept in the app's `CardMemo` (the last MEMO_SIZE cards) under its ETag.
- Only a fresh draw costs the address one of SHARE_CARD_RATE_LIMIT; a memo hit, a 304 and a
  HEAD cost nothing.
- Caches may keep the card until its result may be purged (RESULT_RETENTION_DAYS after the
  day it was stored), for at most a year; `immutable` only when results are kept for ever.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
from collections import OrderedDict
from functools import cache
from pathlib import Path

from flask import Flask, Response, current_app, request

from ..extensions import limiter
from ..quiz.versions import ARCHIVE
from .result_pages import ShareCard

# 256 cards of 22-25 kB (a Nepali one 24-28 kB): at most 7 MB per worker, under a tenth of
# its 80 MB budget. A shared link is fetched by a burst of preview bots within minutes, then
# seldom (and by then caches hold it, for the max-age below), so the cards worth keeping are
# the ones being shared right now: a few hundred is plenty, and a flood of other ids only
# pushes out cards that are cheap to draw again, each new draw counted by
# SHARE_CARD_RATE_LIMIT. (Sized by memory; no hit rate from real traffic backs it yet.)
MEMO_SIZE = 256
ONE_YEAR = 365 * 24 * 3600
EXTENSION = "advisor_card_memo"
PACKAGE = Path(__file__).resolve().parent.parent
# Read, not imported: the drawing module loads Pillow, which a worker loads with its first
# draw only (5 MB of its 80 MB budget). Its fixed words are catalog entries, its digits
# the locale's numerals.
DRAWN_BY = (PACKAGE / "share_card.py", PACKAGE / "quiz" / "numerals.py",
            *sorted(PACKAGE.glob("translations/*/LC_MESSAGES/messages.po")))
FONTS = PACKAGE / "fonts"


class CardMemo:
    """The last `size` cards drawn, by ETag; the least recently asked for goes first.

    An OrderedDict under a lock (the app may run threaded): the standard library's
    `functools.lru_cache` memoises a function of its arguments, and a card is drawn from
    objects that are no part of its key."""

    def __init__(self, size: int = MEMO_SIZE):
        self.size = size
        self._cards: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, etag: str) -> bytes | None:
        with self._lock:
            png = self._cards.get(etag)
            if png is not None:
                self._cards.move_to_end(etag)
            return png

    def put(self, etag: str, png: bytes) -> None:
        with self._lock:
            self._cards[etag] = png
            self._cards.move_to_end(etag)
            while len(self._cards) > self.size:
                self._cards.popitem(last=False)

    def __len__(self) -> int:
        return len(self._cards)


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = CardMemo()


def memo() -> CardMemo:
    return current_app.extensions[EXTENSION]


@cache
def design(quiz_file: str) -> str:
    """A digest of everything a card is drawn from besides its result: the drawing code and
    its fonts' names, the card's fixed words, and every quiz file and translation beside
    QUIZ_FILE and in its archive (a fixed typo in a verdict's title changes the cards it is
    on). Read once per process."""
    digest = hashlib.sha256()
    beside = Path(quiz_file).resolve().parent
    quiz_files = sorted([*beside.glob("*.toml"), *(beside / ARCHIVE).glob("*.toml")])
    for path in [*DRAWN_BY, *quiz_files]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    digest.update("\0".join(sorted(font.name for font in FONTS.iterdir())).encode())
    return digest.hexdigest()


def etag(card: ShareCard) -> str:
    key = "\0".join([card.public_id, card.lang, card.quiz_version,
                     design(current_app.config["QUIZ_FILE"])])
    return hashlib.sha256(key.encode()).hexdigest()[:32]


def cache_control(stored_on: dt.date, retention_days: int | None, now: dt.datetime) -> str:
    """How long caches may keep a card whose result was stored on `stored_on`: until the first
    moment a purge with `retention_days` may delete the result (the start of the day after
    its last day kept, `retention.cutoff`), and never more than a year."""
    if not retention_days:
        return f"public, max-age={ONE_YEAR}, immutable"
    purgeable = dt.datetime.combine(stored_on + dt.timedelta(days=retention_days + 1),
                                    dt.time(), dt.UTC)
    left = int((purgeable - now).total_seconds())
    return f"public, max-age={max(0, min(left, ONE_YEAR))}"


# Shared: a plain limit's count is per endpoint, and the card has one per surface (/, /ne/,
# /embed/, /ne/embed/), which would give an address four budgets.
@limiter.shared_limit(lambda: current_app.config["SHARE_CARD_RATE_LIMIT"], scope="share-card")
def _count_draw() -> None:
    """A fresh draw costs one of the address's SHARE_CARD_RATE_LIMIT (RateLimitExceeded, a
    429, once spent); nothing else about a card does."""


def respond(card: ShareCard) -> Response:
    """The card as a response: a 304 when the client holds it, the headers alone for HEAD,
    else the PNG, from the memo or drawn (and counted) now."""
    tag = etag(card)
    now = dt.datetime.now(dt.UTC)
    headers = {"Cache-Control": cache_control(card.stored_on,
                                              current_app.config.get("RESULT_RETENTION_DAYS"),
                                              now)}
    if request.if_none_match.contains_weak(tag):
        return _headers_only(304, tag, headers)
    png = memo().get(tag)
    if png is None and request.method == "HEAD":
        return _headers_only(200, tag, headers)
    if png is None:
        _count_draw()
        png = card.draw()
        memo().put(tag, png)
    response = Response(png, mimetype="image/png", headers=headers)
    response.set_etag(tag)
    return response


def _headers_only(status: int, tag: str, headers: dict) -> Response:
    response = Response(status=status, mimetype="image/png", headers=headers)
    response.set_etag(tag)
    # No body was made: a Content-Length of 0 would say the card is empty.
    response.automatically_set_content_length = False
    return response
