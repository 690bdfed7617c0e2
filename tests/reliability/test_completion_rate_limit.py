"""Issue 6.9: completions are rate-limited per client address (COMPLETION_RATE_LIMIT). Going
over the limit gets a friendly 429 page, or fragment for htmx, and the answers are kept;
replaying an attempt already stored costs nothing; another address has its own budget."""

import logging

import pytest

from tests.reliability.reliability_support import (
    EVERY_STEP_ANSWERS,
    answer_all_but_last,
    complete_quiz,
    draft_of,
    post_last_step,
    result_url,
    session_cookie,
    sqlite_only,
    stored_results,
)
from tests.support.quiz_runner import complete_quiz as complete_quiz_on


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_ENABLED"] = True
    app_config["RATELIMIT_STORAGE_URI"] = "memory://"
    app_config["COMPLETION_RATE_LIMIT"] = "2 per hour"
    app_config["EMBED_ORIGINS"] = ["https://blog.example"]  # every surface is served
    return app_config


def visitor_at(app, address: str):
    """A new visitor (no cookie yet) whose requests come from `address`."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


@sqlite_only
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_the_third_completion_from_one_address_gets_a_friendly_429(app, htmx, caplog):
    caplog.set_level(logging.INFO)
    for _ in range(2):
        assert complete_quiz(visitor_at(app, "192.0.2.7")).status_code == 303

    third = visitor_at(app, "192.0.2.7")
    response = complete_quiz(third, htmx=htmx)

    assert response.status_code == 429
    body = response.get_data(as_text=True)
    assert "Slow down a little" in body
    assert ("<html" in body) is not htmx
    assert len(stored_results(app)) == 2
    assert draft_of(app, third)["a"] == EVERY_STEP_ANSWERS  # kept for later
    assert "exceeded" in caplog.text  # the breach is logged, without the address
    assert "192.0.2.7" not in caplog.text


@sqlite_only
def test_replays_of_a_stored_attempt_do_not_count(app):
    visitor = visitor_at(app, "192.0.2.8")
    token = answer_all_but_last(visitor)
    before_the_last_step = session_cookie(visitor)
    first = post_last_step(visitor, token)
    for _ in range(3):
        visitor.set_cookie("session", before_the_last_step)
        replay = post_last_step(visitor, token)
        assert replay.status_code == 303
        assert result_url(replay) == result_url(first)

    assert complete_quiz(visitor_at(app, "192.0.2.8")).status_code == 303
    assert complete_quiz(visitor_at(app, "192.0.2.8")).status_code == 429


@sqlite_only
def test_another_address_has_its_own_budget_and_a_forged_forwarded_for_changes_nothing(app):
    for _ in range(2):
        complete_quiz(visitor_at(app, "192.0.2.9"))
    spoofed = complete_quiz(visitor_at(app, "192.0.2.9"),
                            **{"X-Forwarded-For": "198.51.100.1"})
    assert spoofed.status_code == 429  # no proxy configured: the header is not trusted
    assert complete_quiz(visitor_at(app, "192.0.2.10")).status_code == 303


@sqlite_only
@pytest.mark.parametrize("prefix", ["/ne", "/embed", "/ne/embed"])
def test_one_budget_covers_every_surface(app, prefix):
    for _ in range(2):
        assert complete_quiz(visitor_at(app, "192.0.2.11")).status_code == 303

    elsewhere = complete_quiz_on(visitor_at(app, "192.0.2.11"), EVERY_STEP_ANSWERS,
                                 prefix=prefix)

    assert elsewhere.status_code == 429
    assert len(stored_results(app)) == 2
