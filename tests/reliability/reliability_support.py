"""Helpers for the reliability and security tests (issue 6): test-only routes that fail like a
bug or an outage, a visitor who fills in the steps with the page's CSRF token, the session
cookie opened and forged, and the database read directly."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Mapping
from functools import cache
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from advisor_web import create_app
from advisor_web.models import StoredResult, Tally
from advisor_web.quiz.content import Step
from advisor_web.quiz.loader import default_quiz

QUIZ = default_quiz()
HTMX = {"HX-Request": "true"}
QUESTION_IDS = tuple(q.id for q in QUIZ.questions)
CHOICE_IDS = tuple(sorted({c for q in QUIZ.questions for c in q.choice_ids()}))

# Large team, live features and central ML: every step is shown, the conditional one included.
EVERY_STEP_ANSWERS = {
    "project_type": "internal_tool",
    "realtime": "core",
    "ai_ml": "core",
    "data_processing": "some",
    "team_language": "both",
    "team_experience": "experienced",
    "frontend": "server_rendered",
    "crud_admin": "yes",
    "ship_speed": "long_term",
    "concurrency": "high",
    "cost_sensitive": "no",
    "team_size": "large",
}
assert QUIZ.active_steps(EVERY_STEP_ANSWERS) == QUIZ.steps

# Test-only routes, added to every app these tests build.
BOOM = "/test-only/boom"
DATABASE_DOWN = "/test-only/database-down"
# What a failing statement would carry: SQL, and a visitor's answer as its parameter.
SECRET_SQL = "INSERT INTO stored_result (answers) VALUES (?)"
SECRET_PARAMETER = "a-visitors-secret-answer"


# Every test that asks for `app` runs on SQLite and PostgreSQL (tests/conftest.py). Those about
# the web layer alone, where the database makes no difference, run on SQLite only: a fresh
# PostgreSQL database costs far more than the test.
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


class ExplodingOnPurpose(RuntimeError):
    """Raised by the test-only route, with a message no visitor may ever see."""


def add_test_only_routes(app) -> None:
    def boom(detail: str = ""):
        raise ExplodingOnPurpose(f"{SECRET_SQL} -- {app.root_path}/visitor.py")

    def database_down():
        raise OperationalError(SECRET_SQL, (SECRET_PARAMETER,),
                               sqlite3.OperationalError("database is locked"))

    app.add_url_rule(BOOM, "test_only_boom", boom)
    # The string converter takes any character but "/", a newline included.
    app.add_url_rule(f"{BOOM}/<detail>", "test_only_boom_detail", boom)
    app.add_url_rule(DATABASE_DOWN, "test_only_database_down", database_down)


# -- the app's routes, read at collection time so tests can be parametrized over them ------


@cache
def routes() -> tuple:
    """Every URL rule the app serves (its database is never opened)."""
    app = create_app({"SECRET_KEY": "routes", "DATABASE_URL": "sqlite://",
                      "RATELIMIT_ENABLED": False})
    return tuple(app.url_map.iter_rules())


# -- the quiz ------------------------------------------------------------------------------


def steps_for(answers: Mapping[str, str]) -> tuple[Step, ...]:
    return QUIZ.active_steps(answers)


def step_answers(step: Step, answers: Mapping[str, str]) -> dict[str, str]:
    """The part of `answers` that `step` asks."""
    return {q: answers[q] for q in step.question_ids if QUIZ.is_asked(q, answers)}


def random_answers(rng: random.Random) -> dict[str, str]:
    """A complete, valid answer set; about a third of them reach the conditional step."""
    answers: dict[str, str] = {}
    for question in QUIZ.questions:
        choices = question.choice_ids()
        if question.id in ("realtime", "ai_ml") and rng.random() < 0.6:
            choices = ("core",)
        answers[question.id] = rng.choice(choices)
    return {q: c for q, c in answers.items() if QUIZ.is_asked(q, answers)}


# -- reading pages -------------------------------------------------------------------------


class _Inputs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "input":
            self.inputs.append(dict(attrs))


def inputs(body: bytes | str) -> list[dict[str, str | None]]:
    parser = _Inputs()
    parser.feed(body.decode() if isinstance(body, bytes) else body)
    return parser.inputs


def csrf_token_in(body: bytes | str) -> str:
    tokens = [i["value"] for i in inputs(body) if i.get("name") == "csrf_token"]
    assert tokens, "the page has no csrf_token field"
    return tokens[0]


def checked_answers(body: bytes | str) -> dict[str, str]:
    return {i["name"]: i["value"] for i in inputs(body) if i.get("type") == "radio"
            and "checked" in i}


# -- a visitor -----------------------------------------------------------------------------


def step_form(step: Step | str, answers: Mapping[str, str], token: str | None,
              nav: str = "next") -> dict[str, str]:
    """What a browser posts for `step`: its answers, the hidden step, the button, the token."""
    step = step if isinstance(step, Step) else next(s for s in QUIZ.steps if s.id == step)
    form = {**step_answers(step, answers), "step": step.id, "nav": nav}
    if token is not None:
        form["csrf_token"] = token
    return form


def start(client) -> str:
    """Open the quiz; return the CSRF token its first page carries."""
    page = client.get("/quiz")
    assert page.status_code == 200, page.data
    return csrf_token_in(page.data)


def post_step(client, step: Step, answers: Mapping[str, str], token: str | None, *,
              htmx: bool = False, **headers):
    return client.post(f"/quiz/{step.id}", data=step_form(step, answers, token),
                       headers={**(HTMX if htmx else {}), **headers})


def answer_all_but_last(client, answers: Mapping[str, str] = EVERY_STEP_ANSWERS) -> str:
    """Start the quiz and answer every step before the last; return the CSRF token."""
    token = start(client)
    for step in steps_for(answers)[:-1]:
        response = post_step(client, step, answers, token)
        assert response.status_code == 303, response.data
    return token


def post_last_step(client, token: str, answers: Mapping[str, str] = EVERY_STEP_ANSWERS, *,
                   htmx: bool = False, **headers):
    return post_step(client, steps_for(answers)[-1], answers, token, htmx=htmx, **headers)


def complete_quiz(client, answers: Mapping[str, str] = EVERY_STEP_ANSWERS, *,
                  htmx: bool = False, **headers):
    """Answer every step as a visitor would; return the last step's response."""
    token = answer_all_but_last(client, answers)
    return post_last_step(client, token, answers, htmx=htmx, **headers)


def result_url(response) -> str:
    """Where the last step sends the visitor (HX-Redirect for htmx, else the 303)."""
    url = response.headers.get("HX-Redirect") or response.headers.get("Location", "")
    assert url.startswith("/result/"), (response.status_code, response.data)
    return url


# -- the session cookie --------------------------------------------------------------------


def session_cookie(client) -> str | None:
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def session_of(app, client) -> dict:
    """The visitor's session as the server signed it."""
    value = session_cookie(client)
    return app.session_interface.get_signing_serializer(app).loads(value) if value else {}


def draft_of(app, client) -> dict:
    return session_of(app, client).get("draft", {})


def sign_session(app, data: Mapping) -> str:
    """A session cookie value the app accepts as its own (forged with its secret key)."""
    return app.session_interface.get_signing_serializer(app).dumps(dict(data))


# -- the database, read directly (SQLite or PostgreSQL) ------------------------------------


def stored_results(app) -> list[StoredResult]:
    with Session(app.extensions["advisor_engine"]) as session:
        by_day = select(StoredResult).order_by(StoredResult.created_on, StoredResult.public_id)
        return list(session.scalars(by_day))


def tally(app, kind: str, key: str = "", value: str = "") -> int:
    """The running count for one tally, summed over days and quiz versions."""
    with Session(app.extensions["advisor_engine"]) as session:
        total = session.scalar(select(func.sum(Tally.count)).where(
            Tally.kind == kind, Tally.key == key, Tally.value == value))
    return total or 0


def all_tallies(app) -> list[tuple]:
    with Session(app.extensions["advisor_engine"]) as session:
        rows = session.execute(select(Tally.day, Tally.quiz_version, Tally.kind, Tally.key,
                                      Tally.value, Tally.count).order_by(Tally.id))
        return [tuple(row) for row in rows]


def assert_counted_once(app, answers) -> None:
    """Exactly one stored result with `answers`, and the tallies counted it exactly once."""
    results = stored_results(app)
    assert len(results) == 1, results
    assert results[0].answers == dict(answers)
    assert tally(app, "completed") == 1
    assert tally(app, "verdict", results[0].verdict) == 1
    for question, choice in answers.items():
        assert tally(app, "answer", question, choice) == 1, question
