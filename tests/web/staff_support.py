"""Helpers for the staff tests: an account, and logging in as a browser would."""

from __future__ import annotations

import re

from advisor_web import db
from advisor_web.staff import accounts

USERNAME = "alice"
PASSWORD = "violet-Kettle-93-harbour"


def create_staff(app, username: str = USERNAME, password: str = PASSWORD) -> None:
    with app.app_context():
        accounts.create(db.get_session(), username, password)


def csrf_token(body: bytes) -> str:
    """The page's CSRF token; empty when the test turned CSRF protection off."""
    match = re.search(rb'name="csrf_token" type="hidden" value="([^"]+)"', body) or re.search(
        rb'name="csrf_token" value="([^"]+)"', body)
    return match.group(1).decode() if match else ""


def log_in(client, username: str = USERNAME, password: str = PASSWORD, next_url=None,
           **kwargs):
    """GET the login form, then POST it with its CSRF token; return the POST's response."""
    query = {"next": next_url} if next_url else {}
    page = client.get("/staff/login", query_string=query, **kwargs)
    form = {"username": username, "password": password, "csrf_token": csrf_token(page.data)}
    return client.post("/staff/login", query_string=query, data=form, **kwargs)


def log_out(client):
    page = client.get("/staff/")
    return client.post("/staff/logout", data={"csrf_token": csrf_token(page.data)})


def location_path(response) -> str:
    return response.headers["Location"].split("?")[0]
