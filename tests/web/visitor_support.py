"""Helpers shared by the test-client tests of the visitor flow, the JSON API and `score`:
the shipped quiz, answer sets the article settles, a visitor who fills in the steps as a
browser would (with or without htmx), and read-only looks at the pages and the database."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from html.parser import HTMLParser

from sqlalchemy import func, inspect, select
from sqlalchemy.orm import Session

from advisor_web.models import StoredResult, Tally
from advisor_web.quiz.content import Step
from advisor_web.quiz.loader import default_quiz
from tests.answer_sets import (  # noqa: F401 (the tests import them from here)
    ANSWERS_FOR_VERDICT,
    HYBRID_LARGE_TEAM,
    NODE_DELIVERY,
    PYTHON_AI,
    SOLO_SAME_NEEDS,
)

QUIZ = default_quiz()
HTMX = {"HX-Request": "true"}

# Every step of the quiz, the conditional one included, with its place for these answers.
ALL_STEPS = QUIZ.active_steps(HYBRID_LARGE_TEAM)
assert ALL_STEPS == QUIZ.steps, "HYBRID_LARGE_TEAM must show every step"
# Each step with the one that follows it, for HYBRID_LARGE_TEAM.
STEP_PAIRS = list(zip(ALL_STEPS, ALL_STEPS[1:], strict=False))
# Steps named by a question they ask (question ids are stable, the grouping is not).
FEATURES = QUIZ.step_of("realtime")  # its answers decide whether TEAM_SIZE is asked
TEAM = QUIZ.step_of("team_language")
TEAM_SIZE = QUIZ.step_of("team_size")  # the conditional step


def id_of(step: Step) -> str:
    """Names parametrized tests after their step."""
    return step.id


# -- the quiz's steps ------------------------------------------------------------------


def steps_for(answers: Mapping[str, str]) -> tuple[Step, ...]:
    """The steps a visitor with these answers sees, in order."""
    return QUIZ.active_steps(answers)


def step_url(step: Step | str) -> str:
    return f"/quiz/{step if isinstance(step, str) else step.id}"


def next_step(step: Step, answers: Mapping[str, str]) -> Step | None:
    steps = steps_for(answers)
    index = steps.index(step)
    return steps[index + 1] if index + 1 < len(steps) else None


def progress_of(step: Step, answers: Mapping[str, str]) -> str:
    """The progress a step should show for these answers: "Step k of n"."""
    steps = steps_for(answers)
    return f"Step {steps.index(step) + 1} of {len(steps)}"


def step_answers(step: Step, answers: Mapping[str, str]) -> dict[str, str]:
    """The part of `answers` that `step` asks."""
    return {q: answers[q] for q in step.question_ids if QUIZ.is_asked(q, answers)}


def step_form(step: Step, answers: Mapping[str, str], *, nav: str = "next",
              token: str | None = None) -> dict[str, str]:
    """What the browser posts for `step`: its answers, the hidden step, the button clicked."""
    form = {**step_answers(step, answers), "step": step.id, "nav": nav}
    if token is not None:
        form["csrf_token"] = token
    return form


# -- a visitor -------------------------------------------------------------------------


def post_step(client, step: Step, answers: Mapping[str, str], page, *, htmx: bool = False,
              nav: str = "next"):
    """Submit `step` from `page` (the response showing it), carrying the page's CSRF token."""
    return client.post(step_url(step), data=step_form(step, answers, nav=nav,
                                                      token=csrf_token_in(page.data)),
                       headers=HTMX if htmx else {})


def reach(client, step_id: str, answers: Mapping[str, str], *, htmx: bool = False):
    """Start the quiz and answer every step before `step_id`; return the response showing it
    (the full page, or with htmx the fragment the last POST swapped in)."""
    page = client.get("/quiz", headers=HTMX if htmx else {})
    for step in steps_for(answers):
        if step.id == step_id:
            return page
        response = post_step(client, step, answers, page, htmx=htmx)
        assert response.status_code == (200 if htmx else 303), response.data
        page = response if htmx else client.get(response.headers["Location"])
    raise AssertionError(f"{step_id!r} is not among the steps for {dict(answers)}")


def complete_quiz(client, answers: Mapping[str, str], *, htmx: bool = False):
    """Fill in every step from `answers` as a visitor would; return the last POST's response."""
    last = steps_for(answers)[-1]
    page = reach(client, last.id, answers, htmx=htmx)
    return post_step(client, last, answers, page, htmx=htmx)


def result_url(response) -> str:
    """Where the last step sends the visitor: HX-Redirect for htmx, else the 303's Location."""
    return response.headers.get("HX-Redirect") or response.headers["Location"]


def finish_quiz(client, answers: Mapping[str, str]) -> str:
    """Complete the quiz without htmx; return the result page's URL."""
    response = complete_quiz(client, answers)
    assert response.status_code == 303, response.data
    return response.headers["Location"]


def public_id_of(url: str) -> str:
    match = re.fullmatch(r"/result/([^/]+)", url)
    assert match, url
    return match.group(1)


# -- reading pages ---------------------------------------------------------------------


class _StartTags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def tags(body: bytes, tag: str | None = None, **wanted: str) -> list[dict[str, str | None]]:
    """The attributes of each start tag in `body` named `tag` whose attributes include
    `wanted` (underscores in a keyword stand for dashes: data_verdict=...)."""
    parser = _StartTags()
    parser.feed(body.decode())
    wanted = {name.replace("_", "-"): value for name, value in wanted.items()}
    return [
        attrs for name, attrs in parser.found
        if (tag is None or name == tag)
        and all(attrs.get(key) == value for key, value in wanted.items())
    ]


def csrf_token_in(body: bytes) -> str | None:
    inputs = tags(body, "input", name="csrf_token")
    return inputs[0]["value"] if inputs else None


def checked_answers(body: bytes) -> dict[str, str]:
    """The radio buttons the page shows checked, as {question id: choice id}."""
    return {i["name"]: i["value"] for i in tags(body, "input", type="radio") if "checked" in i}


def radio_names(body: bytes) -> list[str]:
    """The question ids the page asks, in order."""
    return list(dict.fromkeys(i["name"] for i in tags(body, "input", type="radio")))


def progress(body: bytes) -> str:
    match = re.search(rb'<span id="step-progress">([^<]*)</span>', body)
    assert match, body
    return match.group(1).decode()


def heading(body: bytes) -> str:
    match = re.search(rb'<h1 id="step-heading"[^>]*>([^<]*)</h1>', body)
    assert match, body
    return html.unescape(match.group(1).decode())


def shows_step(body: bytes, step: Step) -> bool:
    """Whether `body` is `step`'s form: its heading, its hidden step and its questions."""
    hidden = tags(body, "input", name="step")
    return (heading(body) == step.title and len(hidden) == 1 and hidden[0]["value"] == step.id
            and set(radio_names(body)) <= set(step.question_ids))


def error_ids(body: bytes) -> set[str]:
    """The question ids with a field error shown next to them."""
    return {p["id"].removesuffix("-error") for p in tags(body, "p", **{"class": "field-error"})}


# -- reading the database --------------------------------------------------------------


def stored_results(app) -> list[StoredResult]:
    """Every stored result, by day then public id, read straight from the app's database."""
    with Session(app.extensions["advisor_engine"]) as session:
        by_day = select(StoredResult).order_by(StoredResult.created_on, StoredResult.public_id)
        return list(session.scalars(by_day))


def stored_columns(app) -> dict[str, str]:
    """The stored_result table's columns and their SQL types, as the database has them."""
    columns = inspect(app.extensions["advisor_engine"]).get_columns("stored_result")
    return {column["name"]: str(column["type"]) for column in columns}


def tally(app, kind: str, key: str = "", value: str = "") -> int:
    """The running count for one tally, summed over days and quiz versions."""
    with Session(app.extensions["advisor_engine"]) as session:
        total = session.scalar(select(func.sum(Tally.count)).where(
            Tally.kind == kind, Tally.key == key, Tally.value == value))
    return total or 0


def tally_rows(app) -> int:
    with Session(app.extensions["advisor_engine"]) as session:
        return session.scalar(select(func.count()).select_from(Tally))


def without(answers: Mapping[str, str], question_id: str) -> dict[str, str]:
    return {q: c for q, c in answers.items() if q != question_id}


# Answer sets the engine refuses, each with the one id it must name (the API and the CLI).
BAD_ANSWERS = {
    "unknown question": ({**NODE_DELIVERY, "favourite_colour": "blue"}, "favourite_colour"),
    "unknown choice": ({**NODE_DELIVERY, "realtime": "always"}, "realtime"),
    "another question's choice": ({**NODE_DELIVERY, "realtime": "javascript"}, "realtime"),
    "missing required answer": (without(NODE_DELIVERY, "frontend"), "frontend"),
    "choice that is not a string": ({**NODE_DELIVERY, "concurrency": 3}, "concurrency"),
}
