"""Issue 18.2: a share card is drawn once and then served from what was drawn, or not at all.

A second request with the card's ETag is a 304, HEAD draws nothing, a query string draws
nothing new, the card never varies by cookie, caches keep it no longer than its result may
live, a purged result's card is a 404 however recently it was drawn, and only fresh draws
count against SHARE_CARD_RATE_LIMIT."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from sqlalchemy import delete

from advisor_web import share_card
from advisor_web.db import writing
from advisor_web.storage.models import StoredResult
from advisor_web.visitor.cards import ONE_YEAR, CardMemo, cache_control, design
from tests.support.answer_sets import HYBRID_LARGE_TEAM, NODE_DELIVERY
from tests.web.visitor_support import finish_quiz

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
DAY = 24 * 3600


@pytest.fixture
def app_config(app_config):
    return {**app_config, "EMBED_ORIGINS": ["http://localhost:8765"]}


@pytest.fixture
def draws(monkeypatch) -> list[str]:
    """Each card drawn, by its verdict title, as it is drawn."""
    drawn = []
    draw = share_card.draw_share_card

    def counted(quiz, outcome, texts):
        drawn.append(outcome.verdict)
        return draw(quiz, outcome, texts)

    monkeypatch.setattr(share_card, "draw_share_card", counted)
    return drawn


@pytest.fixture
def card(client) -> str:
    return f"{finish_quiz(client, NODE_DELIVERY)}/card.png"


def max_age(response) -> int:
    [age] = [d for d in response.headers["Cache-Control"].split(", ") if d.startswith("max-age=")]
    return int(age.removeprefix("max-age="))


@sqlite_only
def test_a_card_s_second_request_is_a_304_and_draws_nothing(client, card, draws):
    first = client.get(card)
    assert first.status_code == 200 and first.mimetype == "image/png"
    assert first.headers["ETag"].startswith('"')
    again = client.get(card, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.data == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == first.headers["Cache-Control"]
    weakened = client.get(card, headers={"If-None-Match": f"W/{first.headers['ETag']}"})
    assert weakened.status_code == 304  # a proxy that compresses may weaken the tag
    assert draws == ["node"]


@sqlite_only
def test_another_worker_or_a_restart_answers_the_same_etag_without_drawing(
        app_config, build_app, client, card, draws):
    tag = client.get(card).headers["ETag"]
    other = build_app(app_config)  # a worker of its own, with an empty memo
    assert other.test_client().get(card, headers={"If-None-Match": tag}).status_code == 304
    assert draws == ["node"]


@sqlite_only
def test_head_is_answered_without_drawing(client, card, draws):
    head = client.head(card)
    assert head.status_code == 200
    assert head.mimetype == "image/png" and head.headers["ETag"]
    assert "Content-Length" not in head.headers  # not drawn, so its length is unknown
    assert draws == []
    assert client.get(card).headers["ETag"] == head.headers["ETag"]
    assert draws == ["node"]


@sqlite_only
def test_a_query_string_does_not_force_a_new_draw(client, card, draws):
    tags = {client.get(f"{card}?v={n}").headers["ETag"] for n in range(5)}
    assert len(tags) == 1
    assert draws == ["node"]


@sqlite_only
def test_each_language_has_its_own_card_and_the_frame_shares_its_language_s(client, card,
                                                                             draws):
    english, nepali = client.get(card), client.get(f"/ne{card}")
    assert english.status_code == nepali.status_code == 200
    assert english.headers["ETag"] != nepali.headers["ETag"]
    assert english.data != nepali.data
    assert client.get(f"/embed{card}").headers["ETag"] == english.headers["ETag"]
    assert client.get(f"/ne/embed{card}").headers["ETag"] == nepali.headers["ETag"]
    assert len(draws) == 2


@sqlite_only
def test_a_card_never_varies_by_cookie(client, card):
    client.get("/quiz")  # a visitor with a session cookie
    assert client.get_cookie("session")
    for url in [card, f"/ne{card}", f"/embed{card}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Cookie" not in response.vary, url
        assert "Set-Cookie" not in response.headers, url
        revalidated = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert "Cookie" not in revalidated.vary, url


@sqlite_only
def test_results_kept_for_ever_give_cards_cached_for_a_year(client, card):
    assert client.get(card).headers["Cache-Control"] == f"public, max-age={ONE_YEAR}, immutable"


@sqlite_only
def test_with_a_retention_period_caches_keep_a_card_no_longer_than_its_result(app_config,
                                                                            build_app):
    client = build_app({**app_config, "RESULT_RETENTION_DAYS": 30}).test_client()
    response = client.get(f"{finish_quiz(client, NODE_DELIVERY)}/card.png")
    assert "immutable" not in response.headers["Cache-Control"]
    # Stored today: it may be purged from the start of the 31st day after today.
    assert 30 * DAY < max_age(response) <= 31 * DAY


@pytest.mark.parametrize(("now", "seconds"), [
    (dt.datetime(2026, 1, 1, 0, 0, tzinfo=dt.UTC), 31 * DAY),
    (dt.datetime(2026, 1, 31, 12, 0, tzinfo=dt.UTC), DAY // 2),
    (dt.datetime(2026, 2, 1, 0, 0, tzinfo=dt.UTC), 0),  # purgeable now
    (dt.datetime(2026, 6, 1, 0, 0, tzinfo=dt.UTC), 0),  # purge overdue: revalidate
])
def test_a_card_is_cached_until_the_first_moment_a_purge_may_delete_its_result(now, seconds):
    # `flask results purge --older-than 30` on 2026-02-01 deletes results stored before
    # 2026-01-02: one stored on 2026-01-01 lives through 2026-01-31.
    assert cache_control(dt.date(2026, 1, 1), 30, now) == f"public, max-age={seconds}"
    assert cache_control(dt.date(2026, 1, 1), 36_500, now) == f"public, max-age={ONE_YEAR}"


def test_a_purged_result_s_card_is_a_404_though_a_worker_still_holds_it(app, client, card):
    tag = client.get(card).headers["ETag"]
    with writing(app.extensions["advisor_engine"]) as connection:  # as a purge would
        connection.execute(delete(StoredResult))
    assert client.get(card).status_code == 404
    assert client.get(card, headers={"If-None-Match": tag}).status_code == 404
    assert client.head(card).status_code == 404


@sqlite_only
def test_only_fresh_draws_count_against_the_rate_limit(app_config, build_app, draws):
    client = build_app({**app_config, "RATELIMIT_ENABLED": True,
                        "SHARE_CARD_RATE_LIMIT": "2 per minute"}).test_client()
    node, hybrid, another = (f"{finish_quiz(client, answers)}/card.png"
                             for answers in (NODE_DELIVERY, HYBRID_LARGE_TEAM, NODE_DELIVERY))
    tag = client.get(node).headers["ETag"]
    assert client.get(f"/ne{hybrid}").status_code == 200  # the second draw: none left
    for _ in range(3):  # held, revalidated or only looked at: free
        assert client.get(node).status_code == 200
        assert client.get(node, headers={"If-None-Match": tag}).status_code == 304
        assert client.head(another).status_code == 200
    refused = client.get(another)
    assert refused.status_code == 429 and "Retry-After" in refused.headers
    elsewhere = client.get(another, environ_base={"REMOTE_ADDR": "192.0.2.7"})
    assert elsewhere.status_code == 200
    assert draws == ["node", "hybrid", "node"]


def test_the_memo_keeps_the_most_recently_asked_for_cards():
    memo = CardMemo(size=2)
    memo.put("a", b"A")
    memo.put("b", b"B")
    assert memo.get("a") == b"A"  # now the most recent
    memo.put("c", b"C")
    assert (memo.get("a"), memo.get("b"), memo.get("c")) == (b"A", None, b"C")
    assert len(memo) == 2



def test_a_changed_quiz_text_changes_every_card_s_etag(tmp_path):
    """A fixed typo in a translation redraws the cards, although no version changed."""
    from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE

    before, after = tmp_path / "before", tmp_path / "after"
    for copy in (before, after):
        shutil.copytree(DEFAULT_QUIZ_FILE.parent, copy)
    nepali = after / f"{DEFAULT_QUIZ_FILE.stem}.ne.toml"
    nepali.write_text(nepali.read_text(encoding="utf-8") + "\n# a fixed typo\n", "utf-8")
    same = design(str(before / DEFAULT_QUIZ_FILE.name))
    assert same == design(str(DEFAULT_QUIZ_FILE))
    assert design(str(after / DEFAULT_QUIZ_FILE.name)) != same
