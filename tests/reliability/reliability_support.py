"""Helpers for the reliability and security tests (issue 6): test-only routes that fail like a
bug or an outage, a visitor who fills in the steps with the page's CSRF token, the session
cookie opened and forged, and the database read directly."""

from __future__ import annotations

import random
import sqlite3
from collections.abc import Mapping
from functools import cache

import pytest
from sqlalchemy.exc import OperationalError

from advisor_web import create_app
from tests.support.database import all_tallies, stored_results, tally  # noqa: F401
from tests.support.pages import checked_answers, csrf_token_in, inputs  # noqa: F401
from tests.support.quiz_runner import (  # noqa: F401 (the tests import them from here)
    HTMX,
    QUIZ,
    post_step,
    reach,
    result_url,
    step_answers,
    step_form,
    steps_for,
)
from tests.support.quiz_runner import complete_quiz as _complete_quiz

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


def random_answers(rng: random.Random) -> dict[str, str]:
    """A complete, valid answer set; about a third of them reach the conditional step."""
    answers: dict[str, str] = {}
    for question in QUIZ.questions:
        choices = question.choice_ids()
        if question.id in ("realtime", "ai_ml") and rng.random() < 0.6:
            choices = ("core",)
        answers[question.id] = rng.choice(choices)
    return {q: c for q, c in answers.items() if QUIZ.is_asked(q, answers)}


# -- a visitor (tests/support's quiz runner, with this suite's answers by default) ---------


def start(client) -> str:
    """Open the quiz; return the CSRF token its first page carries."""
    page = client.get("/quiz")
    assert page.status_code == 200, page.data
    return csrf_token_in(page.data)


def answer_all_but_last(client, answers: Mapping[str, str] = EVERY_STEP_ANSWERS) -> str:
    """Start the quiz and answer every step before the last; return the CSRF token."""
    return csrf_token_in(reach(client, steps_for(answers)[-1].id, answers).data)


def post_last_step(client, token: str, answers: Mapping[str, str] = EVERY_STEP_ANSWERS, *,
                   htmx: bool = False, **headers):
    return post_step(client, steps_for(answers)[-1], answers, token, htmx=htmx, **headers)


def complete_quiz(client, answers: Mapping[str, str] = EVERY_STEP_ANSWERS, *,
                  htmx: bool = False, **headers):
    """Answer every step as a visitor would; return the last step's response."""
    return _complete_quiz(client, answers, htmx=htmx, **headers)


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


def assert_counted_once(app, answers) -> None:
    """Exactly one stored result with `answers`, and the tallies counted it exactly once."""
    results = stored_results(app)
    assert len(results) == 1, results
    assert results[0].answers == dict(answers)
    assert tally(app, "completed") == 1
    assert tally(app, "verdict", results[0].verdict) == 1
    for question, choice in answers.items():
        assert tally(app, "answer", question, choice) == 1, question
