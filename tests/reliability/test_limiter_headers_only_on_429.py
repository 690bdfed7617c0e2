"""Issue 11.10: Flask-Limiter's headers (Retry-After, X-RateLimit-*) appear on 429s only. A 503
on a limited route keeps its own Retry-After of 5 s, and a page that passed the limit carries
none of them."""

import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from advisor_web.errors import RETRY_AFTER
from advisor_web.extensions import limiter
from tests.reliability.reliability_support import sqlite_only

LIMITER_HEADERS = ("X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset")


@pytest.fixture
def app_config(app_config):
    app_config["RATELIMIT_ENABLED"] = True
    return app_config


@pytest.fixture
def limited_routes(app):
    """Two routes under a limit of 3 a minute: one answers, one meets a locked database."""
    def fine():
        return "fine"

    def locked():
        raise OperationalError("BEGIN IMMEDIATE", None, sqlite3.OperationalError("locked"))

    app.add_url_rule("/test-only/limited-fine", "limited_fine",
                     limiter.limit("3 per minute")(fine))
    app.add_url_rule("/test-only/limited-locked", "limited_locked",
                     limiter.limit("3 per minute")(locked))


@sqlite_only
def test_a_503_on_a_limited_route_keeps_its_own_retry_after(limited_routes, client):
    response = client.get("/test-only/limited-locked")
    assert response.status_code == 503
    assert response.headers["Retry-After"] == str(RETRY_AFTER)
    assert not any(name in response.headers for name in LIMITER_HEADERS)


@sqlite_only
def test_a_page_within_its_limit_carries_no_limiter_headers(limited_routes, client):
    response = client.get("/test-only/limited-fine")
    assert response.status_code == 200
    assert "Retry-After" not in response.headers
    assert not any(name in response.headers for name in LIMITER_HEADERS)


@sqlite_only
def test_a_429_says_when_to_come_back(limited_routes, client):
    for _ in range(3):
        client.get("/test-only/limited-fine")
    response = client.get("/test-only/limited-fine")
    assert response.status_code == 429
    assert 0 < int(response.headers["Retry-After"]) <= 60
    assert response.headers["X-RateLimit-Limit"] == "3"
    assert response.headers["X-RateLimit-Remaining"] == "0"
