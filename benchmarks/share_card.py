"""A share card drawn against one served from cache, and how big the PNG is.

"Draw" is Pillow drawing one card (English and Nepali, fonts already loaded, as in a running
worker). "Served from cache" is the whole request through the app (the result looked up, the
ETag worked out) for a card the worker's memo holds, and for a client that holds it (a 304);
each is the median of DRAWS requests through the test client on a one-result SQLite database.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from advisor_web import create_app, db, languages
from advisor_web.db import upgrade
from advisor_web.quiz import score
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, default_quiz
from advisor_web.quiz.versions import QuizVersions
from advisor_web.storage.models import StoredResult

from .scoring import ANSWERS

DRAWS = 21


def median_ms(action, times: int = DRAWS) -> float:
    action()  # fonts, templates and the database page loaded once, as a running server has
    spent = []
    for _ in range(times):
        started = time.perf_counter()
        action()
        spent.append(time.perf_counter() - started)
    return statistics.median(spent) * 1000


def drawing() -> tuple[float, float, int]:
    """Median ms to draw an English and a Nepali card, and the English card's size in bytes."""
    from advisor_web.share_card import ENGLISH, draw_share_card

    english = default_quiz()
    nepali = QuizVersions(DEFAULT_QUIZ_FILE, "ne").live
    cards = {}
    for lang, quiz in (("en", english), ("ne", nepali)):
        outcome, texts = score(quiz, ANSWERS), languages.translated(ENGLISH, lang)
        cards[lang] = median_ms(lambda q=quiz, o=outcome, t=texts: draw_share_card(q, o, t))
    size = len(draw_share_card(english, score(english, ANSWERS)))
    return cards["en"], cards["ne"], size


def serving(directory: Path) -> tuple[float, float]:
    """Median ms of a memoised card's GET and of a 304, through the app."""
    url = f"sqlite:///{directory / 'cards.sqlite3'}"
    upgrade(url)
    app = create_app({"SECRET_KEY": "benchmark", "DATABASE_URL": url,
                      "RATELIMIT_ENABLED": False})
    try:
        outcome = app.test_cli_runner().invoke(args=["demo-data", "--results", "1",
                                                     "--days", "1", "--seed", "1"])
        if outcome.exit_code != 0:
            raise RuntimeError(outcome.output)
        with app.app_context():
            public_id = db.get_session().scalar(select(StoredResult.public_id))
        client = app.test_client()
        card = f"/ne/result/{public_id}/card.png"
        first = client.get(card)
        assert first.status_code == 200, first.status_code
        held = {"If-None-Match": first.headers["ETag"]}

        def from_memo():
            assert client.get(card).status_code == 200

        def not_modified():
            assert client.get(card, headers=held).status_code == 304

        return median_ms(from_memo), median_ms(not_modified)
    finally:
        app.extensions["advisor_engine"].dispose()


def main():
    english, nepali, size = drawing()
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as directory:
        memo, revalidated = serving(Path(directory))
    return [
        (f"share card: draw one, English / Nepali (ms, median of {DRAWS})",
         f"{english:.0f} / {nepali:.0f}", "≤ 100"),
        (f"share card: served from cache, memo / 304, Nepali, whole request (ms, median of "
         f"{DRAWS})", f"{memo:.1f} / {revalidated:.1f}", ""),
        ("share card: Nepali draw ÷ served from the memo", f"{nepali / memo:.0f}×", ""),
        ("share card: PNG size (kB)", f"{size / 1000:.0f}", "≤ 100"),
    ]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
