"""Issue 11.14: a staff session ends STAFF_SESSION_HOURS after its login however busy it is, and
its cookie carries no hash of the IP address or user agent (Flask-Login's "_id")."""

import time

import pytest
from flask.sessions import SecureCookieSessionInterface

from tests.web.staff_support import create_staff, location_path, log_in

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def staff_client(app, client):
    create_staff(app)
    log_in(client, environ_base={"REMOTE_ADDR": "198.51.100.23"},
           headers={"User-Agent": "Staff Browser/1.0"})
    return client


def decoded_cookie(app, client) -> dict:
    """The session cookie as anyone holding it can read it: signed, not encrypted."""
    serializer = SecureCookieSessionInterface().get_signing_serializer(app)
    return serializer.loads(client.get_cookie("session").value)


@sqlite_only
def test_the_staff_cookie_carries_no_hash_of_address_or_browser(app, staff_client):
    assert staff_client.get("/staff/").status_code == 200
    cookie = decoded_cookie(app, staff_client)
    assert "_user_id" in cookie
    assert "_id" not in cookie
    assert set(cookie) <= {"_user_id", "_fresh", "staff_seen", "staff_since", "csrf_token",
                           "_flashes"}


@sqlite_only
def test_a_session_survives_a_change_of_address(staff_client):
    moved = {"environ_base": {"REMOTE_ADDR": "203.0.113.80"},
             "headers": {"User-Agent": "Staff Browser/1.1"}}
    assert staff_client.get("/staff/", **moved).status_code == 200


@sqlite_only
def test_a_busy_session_still_ends_after_its_lifetime(app, staff_client):
    hours = app.config["STAFF_SESSION_HOURS"]
    assert hours == 12
    with staff_client.session_transaction() as old:
        old["staff_since"] = int(time.time()) - hours * 3600 - 1
        old["staff_seen"] = int(time.time())  # active a moment ago
    response = staff_client.get("/staff/")
    assert location_path(response) == "/staff/login"
    page = staff_client.get(response.headers["Location"])
    assert b"time limit" in page.data
    assert staff_client.get("/staff/").status_code == 302


@sqlite_only
def test_a_session_within_its_lifetime_goes_on(app, staff_client):
    with staff_client.session_transaction() as recent:
        recent["staff_since"] = int(time.time()) - app.config["STAFF_SESSION_HOURS"] * 3600 + 60
    assert staff_client.get("/staff/").status_code == 200
