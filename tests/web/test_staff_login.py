"""Logging in and out of the staff area. CSRF protection stays on in this file."""

import logging
import re
import time

import pytest

from advisor_web import db
from advisor_web.staff import accounts
from tests.web.staff_support import (
    PASSWORD,
    USERNAME,
    create_staff,
    csrf_token,
    location_path,
    log_in,
    log_out,
)


@pytest.fixture
def staff(app):
    create_staff(app)


def login_answer(response) -> bytes:
    """The login page without its CSRF token, which differs from one page to the next."""
    return re.sub(rb'value="[^"]*"', b"", response.data)


def test_login_goes_to_the_dashboard(client, staff):
    response = log_in(client)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/"
    dashboard = client.get("/staff/")
    assert dashboard.status_code == 200
    assert b'data-metric="completed"' in dashboard.data


def test_unknown_user_and_wrong_password_get_the_same_answer(client, staff):
    unknown = log_in(client, "mallory", PASSWORD)
    wrong = log_in(client, USERNAME, "not-the-right-one-42")
    assert unknown.status_code == wrong.status_code == 200
    assert login_answer(unknown) == login_answer(wrong)
    assert b"Unknown username or wrong password." in wrong.data


def test_an_unknown_user_costs_a_password_check_too(client, staff, monkeypatch):
    checks = []
    real_check = accounts.check_password_hash
    monkeypatch.setattr(accounts, "check_password_hash",
                        lambda *args: checks.append(args) or real_check(*args))
    log_in(client, "mallory", PASSWORD)
    assert len(checks) == 1


def test_disabled_account_cannot_log_in(app, client, staff):
    with app.app_context():
        accounts.set_active(db.get_session(), USERNAME, False)
    response = log_in(client)
    assert response.status_code == 200
    assert b"Unknown username or wrong password." in response.data
    assert client.get("/staff/").status_code == 302


def test_login_without_a_csrf_token_is_refused(client, staff):
    response = client.post("/staff/login", data={"username": USERNAME, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff/").status_code == 302


@pytest.fixture
def limited(app_config):
    app_config["RATELIMIT_ENABLED"] = True
    app_config["LOGIN_RATE_LIMIT"] = "3 per minute"
    app_config["LOGIN_ADDRESS_RATE_LIMIT"] = "3 per minute"


def test_login_attempts_are_limited_per_address(limited, client, staff):
    for attempt in range(3):
        assert log_in(client, f"guess{attempt}", "wrong-password-xx").status_code == 200
    response = log_in(client, "guess-again", "wrong-password-xx")
    assert response.status_code == 429
    # The limit holds for the right password as well: the address is out of attempts.
    assert log_in(client).status_code == 429


def test_login_page_itself_is_not_limited(limited, client):
    for _ in range(5):
        assert client.get("/staff/login").status_code == 200


def test_login_renews_the_session(client, staff):
    client.get("/staff/login")
    with client.session_transaction() as before:
        before["planted"] = "from before the login"
    log_in(client)
    with client.session_transaction() as after:
        assert "planted" not in after
        assert "_user_id" in after


def test_logout_ends_the_session_and_any_copy_of_its_cookie(app, client, staff):
    log_in(client)
    copied = client.get_cookie("session").value
    response = log_out(client)
    assert response.status_code == 303
    assert location_path(response) == "/staff/login"
    assert client.get("/staff/").status_code == 302

    thief = app.test_client()
    thief.set_cookie("session", copied)
    response = thief.get("/staff/")
    assert response.status_code == 302
    assert location_path(response) == "/staff/login"


def test_logout_needs_the_csrf_token(client, staff):
    log_in(client)
    assert client.post("/staff/logout").status_code == 400
    assert client.get("/staff/").status_code == 200


def test_logout_is_not_a_get(client, staff):
    log_in(client)
    assert client.get("/staff/logout").status_code == 405
    assert client.get("/staff/").status_code == 200


def test_an_idle_session_expires(app, client, staff):
    log_in(client)
    idle = app.config["STAFF_IDLE_MINUTES"] * 60
    with client.session_transaction() as stale:
        stale["staff_seen"] -= idle + 1
    response = client.get("/staff/")
    assert response.status_code == 302
    assert location_path(response) == "/staff/login"
    page = client.get(response.headers["Location"])
    assert b"without activity" in page.data
    assert client.get("/staff/").status_code == 302


def test_activity_keeps_the_session_alive(app, client, staff):
    log_in(client)
    idle = app.config["STAFF_IDLE_MINUTES"] * 60
    with client.session_transaction() as recent:
        recent["staff_seen"] -= idle - 60
    assert client.get("/staff/").status_code == 200
    with client.session_transaction() as renewed:
        assert renewed["staff_seen"] >= int(time.time()) - 5


@pytest.fixture
def one_idle_minute(app_config):
    app_config["STAFF_IDLE_MINUTES"] = 1


def test_the_idle_time_is_configurable(one_idle_minute, client, staff):
    log_in(client)
    with client.session_transaction() as stale:
        stale["staff_seen"] -= 61
    assert location_path(client.get("/staff/")) == "/staff/login"


@pytest.mark.parametrize("target", [
    "/staff/export.csv?from=2025-01-01",
    "/staff/?version=2025.1",
])
def test_next_may_point_to_a_page_of_this_site(client, staff, target):
    response = log_in(client, next_url=target)
    assert response.headers["Location"] == target


@pytest.mark.parametrize("target", [
    "https://evil.example/",
    "//evil.example/staff/",
    "/\\evil.example",
    "\\\\evil.example",
    "javascript:alert(1)",
    "http:/evil.example",
    "staff/",
    "/staff/\r\nSet-Cookie: x=1",
])
def test_next_never_leaves_the_site(client, staff, target):
    response = log_in(client, next_url=target)
    assert response.status_code == 303
    assert response.headers["Location"] == "/staff/"


def test_an_anonymous_visit_is_sent_to_log_in_and_back(client, staff):
    response = client.get("/staff/export.json?from=2025-01-01")
    assert location_path(response) == "/staff/login"
    page = client.get(response.headers["Location"])
    form = {"username": USERNAME, "password": PASSWORD, "csrf_token": csrf_token(page.data)}
    login_url = response.headers["Location"]
    after = client.post(login_url, data=form)
    assert after.headers["Location"] == "/staff/export.json?from=2025-01-01"


def test_a_logged_in_visit_to_the_login_page_goes_to_the_dashboard(client, staff):
    log_in(client)
    response = client.get("/staff/login")
    assert response.status_code == 302
    assert location_path(response) == "/staff/"


def test_logs_carry_no_password(client, staff, caplog):
    caplog.set_level(logging.DEBUG)
    log_in(client, USERNAME, "not-the-right-one-42")
    log_in(client)
    assert "not-the-right-one-42" not in caplog.text
    assert PASSWORD not in caplog.text
    assert "127.0.0.1" not in caplog.text


def test_a_forged_session_token_is_refused(client, staff):
    log_in(client)
    with client.session_transaction() as forged:
        user_id = forged["_user_id"]
        forged["_user_id"] = user_id.split(":")[0] + ":guessed-token"
    assert client.get("/staff/").status_code == 302


def test_an_htmx_request_after_the_session_ended_loads_the_login_page(client, staff):
    response = client.get("/staff/?by=week", headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response.headers["HX-Redirect"].startswith("/staff/login?next=")
