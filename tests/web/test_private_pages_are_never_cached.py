"""Issue 18.1: every page showing a visitor's answers or result, and every staff page, says
`Cache-Control: no-store` on every surface (the site, /ne/, /embed/ and /ne/embed/): the
rule follows the view, whatever the URL's prefix."""

from __future__ import annotations

import re

import pytest

from tests.support.answer_sets import NODE_DELIVERY
from tests.web.staff_support import create_staff, log_in
from tests.web.visitor_support import HTMX, QUIZ, finish_quiz, public_id_of, step_answers

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
SURFACES = ["", "/ne", "/embed", "/ne/embed"]
FIRST = QUIZ.active_steps(NODE_DELIVERY)[0]


@pytest.fixture
def app_config(app_config):
    return {**app_config, "EMBED_ORIGINS": ["http://localhost:8765"]}


@pytest.fixture
def public_id(client) -> str:
    return public_id_of(finish_quiz(client, NODE_DELIVERY))


def draft_token(body: bytes) -> dict[str, str]:
    """The embedded mode's draft field, or nothing on the site (its draft is the cookie)."""
    found = re.search(rb'name="draft" value="([^"]+)"', body)
    return {"draft": found.group(1).decode()} if found else {}


def assert_no_store(response, what):
    assert response.status_code < 500, what
    assert response.headers.get("Cache-Control") == "no-store", (what, response.status_code)


@sqlite_only
@pytest.mark.parametrize("surface", SURFACES)
def test_a_result_its_what_ifs_and_its_decision_record_are_never_cached(client, public_id,
                                                                        surface):
    result = f"{surface}/result/{public_id}"
    for url in [result, f"{result}/what-if/realtime/none", f"{result}/decision-record.md",
                f"{surface}/result/AAAAAAAAAAAAAAAAAAAAAAAA"]:
        response = client.get(url)
        assert response.status_code in (200, 404), url
        assert_no_store(response, url)
    assert_no_store(client.get(result, headers=HTMX), "htmx")


@sqlite_only
@pytest.mark.parametrize("surface", SURFACES)
def test_the_quiz_steps_and_their_answers_are_never_cached(csrf_off, client, surface):
    start = client.get(f"{surface}/quiz")
    assert_no_store(start, "start")
    page = client.get(f"{surface}/quiz/{FIRST.id}")
    assert page.status_code == 200
    assert_no_store(page, "step")
    form = {"step": FIRST.id, "nav": "next", **draft_token(page.data),
            **step_answers(FIRST, NODE_DELIVERY)}
    answered = client.post(f"{surface}/quiz/{FIRST.id}", data=form)
    assert answered.status_code == 303
    assert_no_store(answered, "answer")
    assert_no_store(client.post(f"{surface}/quiz/{FIRST.id}", data=form, headers=HTMX), "htmx")


@sqlite_only
def test_the_api_s_decision_record_is_never_cached(client, public_id):
    response = client.get(f"/api/v1/results/{public_id}/decision-record")
    assert response.status_code == 200
    assert_no_store(response, "api")


@sqlite_only
def test_every_staff_answer_is_never_cached_even_a_refusal(app, client):
    create_staff(app)
    assert_no_store(client.get("/staff/"), "logged out: a redirect to the login")
    log_in(client)
    for url in ["/staff/", "/staff/replay", "/staff/export.csv"]:
        response = client.get(url)
        response.close()  # an export streams: end it, as a server does after sending
        assert_no_store(response, url)


@sqlite_only
def test_pages_the_same_for_everyone_stay_cacheable(client, public_id):
    for url in ["/healthz", "/robots.txt", "/static/app.css", "/embed.js"]:
        assert "no-store" not in client.get(url).headers.get("Cache-Control", ""), url
    card = client.get(f"/ne/result/{public_id}/card.png")
    assert card.status_code == 200
    assert "no-store" not in card.headers["Cache-Control"]
