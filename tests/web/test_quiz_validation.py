"""Per-step validation: a bad answer re-renders the step (422) with the error next to its
field and takes nothing; fields the step does not ask are ignored; nothing ever ends in a 500."""

import re

import pytest

from tests.web.visitor_support import (
    ALL_STEPS,
    HTMX,
    HYBRID_LARGE_TEAM,
    QUIZ,
    checked_answers,
    error_ids,
    id_of,
    next_step,
    progress,
    progress_of,
    reach,
    shows_step,
    step_answers,
    step_form,
    step_url,
    stored_results,
    tally_rows,
)

pytestmark = pytest.mark.usefixtures("csrf_off")

FIRST = ALL_STEPS[0]
QUESTIONS = [(step, question) for step in ALL_STEPS for question in step.question_ids]


def another_questions_choice(question_id: str) -> str:
    """A choice id of some other question that is not a choice of this one."""
    mine = set(QUIZ.question(question_id).choice_ids())
    return next(c for q in QUIZ.questions for c in q.choice_ids() if c not in mine)


BREAKAGES = {
    "missing answer": lambda form, q: form.pop(q),
    "empty answer": lambda form, q: form.update({q: ""}),
    "unknown choice": lambda form, q: form.update({q: "no_such_choice"}),
    "another question's choice": lambda form, q: form.update({q: another_questions_choice(q)}),
    "several values": lambda form, q: form.update({q: list(QUIZ.question(q).choice_ids()[:2])}),
}


def fieldset(body: bytes, question_id: str) -> bytes:
    match = re.search(rb'<fieldset id="q-%s".*?</fieldset>' % question_id.encode(), body, re.S)
    assert match, body
    return match.group(0)


def post_broken_step(client, step, question, breakage, headers):
    """Reach `step` in order, then post it with one answer broken."""
    reach(client, step.id, HYBRID_LARGE_TEAM)
    form = step_form(step, HYBRID_LARGE_TEAM)
    BREAKAGES[breakage](form, question)
    return client.post(step_url(step), data=form, headers=headers)


def assert_step_re_rendered_with_one_error(response, step, question):
    assert response.status_code == 422
    assert shows_step(response.data, step)
    assert error_ids(response.data) == {question}
    field = fieldset(response.data, question)
    assert b'id="%s-error"' % question.encode() in field
    assert b'aria-describedby="%s-error"' % question.encode() in field
    others = {q: c for q, c in step_answers(step, HYBRID_LARGE_TEAM).items() if q != question}
    shown = checked_answers(response.data)
    assert {q: c for q, c in shown.items() if q != question} == others  # the rest is kept


def assert_step_not_taken(client, app, step):
    """The step is still unanswered, the next one still closed, and nothing is stored."""
    assert checked_answers(client.get(step_url(step)).data) == {}
    following = next_step(step, HYBRID_LARGE_TEAM)
    if following is not None:
        assert client.get(step_url(following)).headers["Location"] == step_url(step)
    assert stored_results(app) == []


@pytest.mark.parametrize("breakage", BREAKAGES)
@pytest.mark.parametrize(("step", "question"), QUESTIONS, ids=[q for _, q in QUESTIONS])
def test_a_bad_answer_re_renders_the_step_with_the_error_next_to_its_field(
        client, app, breakage, step, question):
    response = post_broken_step(client, step, question, breakage, headers={})
    assert_step_re_rendered_with_one_error(response, step, question)
    assert b"<html" in response.data
    assert_step_not_taken(client, app, step)


@pytest.mark.parametrize("step", ALL_STEPS, ids=id_of)
def test_a_bad_answer_with_htmx_re_renders_only_the_step_with_the_error(client, app, step):
    question = step.question_ids[-1]
    response = post_broken_step(client, step, question, "unknown choice", headers=HTMX)
    assert_step_re_rendered_with_one_error(response, step, question)
    assert b"<html" not in response.data
    assert "HX-Push-Url" not in response.headers
    assert_step_not_taken(client, app, step)


@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_bad_answer_on_the_last_step_stores_no_result_and_counts_no_completion(
        client, app, breakage):
    last = ALL_STEPS[-1]
    reach(client, last.id, HYBRID_LARGE_TEAM)
    form = step_form(last, HYBRID_LARGE_TEAM)
    BREAKAGES[breakage](form, last.question_ids[0])
    assert client.post(step_url(last), data=form).status_code == 422
    assert stored_results(app) == []
    rows = tally_rows(app)
    assert client.post(step_url(last), data=form).status_code == 422
    assert tally_rows(app) == rows


@pytest.mark.parametrize("extra", [
    {"realtime": "core", "ai_ml": "core"},  # questions of a later step
    {"team_size": "large"},  # the conditional question, not asked yet
    {"no_such_question": "anything"},
    {"project_type_other": "rocket"},
], ids=["later step", "conditional", "unknown field", "look-alike field"])
def test_fields_the_step_does_not_ask_are_ignored(client, app, extra):
    client.get("/quiz")
    response = client.post(step_url(FIRST), data={**step_form(FIRST, HYBRID_LARGE_TEAM),
                                                  **extra})
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(ALL_STEPS[1])
    features = client.get(response.headers["Location"])
    assert checked_answers(features.data) == {}
    assert progress(features.data) == progress_of(ALL_STEPS[1], {})  # team size not asked
    assert checked_answers(client.get(step_url(FIRST)).data) == step_answers(
        FIRST, HYBRID_LARGE_TEAM)


@pytest.mark.parametrize(("form", "status", "goes_to"), [
    ({}, 303, FIRST),  # no hidden step: not this step's form
    ({"nav": "next"}, 303, FIRST),
    ({"step": FIRST.id}, 422, None),  # no button: taken as forward, but unanswered
    ({"step": FIRST.id, "nav": "sideways", "project_type": "saas"}, 303, ALL_STEPS[1]),
    ({"step": ["project", "features"], "project_type": "saas", "nav": "next"}, 303, ALL_STEPS[1]),
    ({"step": FIRST.id, "nav": "back", "project_type": ["saas", "edtech"]}, 303, None),
    ({"step": FIRST.id, "nav": "next", "project_type": "s" * 5000}, 422, None),
    ({"step": FIRST.id, "nav": "next", "project_type": "saas\x00"}, 400, None),  # refused early
    ({"step": FIRST.id, "nav": "next", "project_type": "ŝaaŝ"}, 422, None),
], ids=["empty", "button only", "no button", "odd button", "two steps", "two answers back",
        "huge value", "nul byte", "unicode"])
def test_a_malformed_post_is_handled_and_never_an_error(client, app, form, status, goes_to):
    client.get("/quiz")
    response = client.post(step_url(FIRST), data=form)
    assert response.status_code == status
    if goes_to is not None:
        assert response.headers["Location"] == step_url(goes_to)
    assert stored_results(app) == []


def test_a_post_that_is_not_a_form_is_handled(client, app):
    client.get("/quiz")
    response = client.post(step_url(FIRST), json={"project_type": "saas", "step": FIRST.id})
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(FIRST)
    assert checked_answers(client.get(step_url(FIRST)).data) == {}
