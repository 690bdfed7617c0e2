"""Without JavaScript: every step is a full page and every answer a POST followed by a 303.
CSRF protection stays on here: each form carries the token of the page it came from."""

import json

import pytest

from tests.web.visitor_support import (
    ALL_STEPS,
    HYBRID_LARGE_TEAM,
    NODE_DELIVERY,
    QUIZ,
    STEP_PAIRS,
    checked_answers,
    complete_quiz,
    csrf_token_in,
    id_of,
    post_step,
    public_id_of,
    radio_names,
    reach,
    shows_step,
    step_answers,
    step_form,
    step_url,
    steps_for,
    stored_results,
    tags,
)


def test_landing_page_explains_the_quiz_and_starts_it(client):
    response = client.get("/")
    assert response.status_code == 200
    assert b"anonymous" in response.data
    assert tags(response.data, "a", href="/quiz")


def test_the_quiz_begins_at_its_first_step(client):
    response = client.get("/quiz")
    assert response.status_code == 200
    assert shows_step(response.data, QUIZ.steps[0])
    assert checked_answers(response.data) == {}


@pytest.mark.parametrize("step", ALL_STEPS, ids=id_of)
def test_each_step_is_a_full_page_with_a_form_of_its_questions(client, step):
    page = reach(client, step.id, HYBRID_LARGE_TEAM)
    assert page.status_code == 200
    assert page.data.startswith(b"<!doctype html>")
    assert shows_step(page.data, step)
    assert len(tags(page.data, "form", method="post", action=step_url(step))) == 1
    assert csrf_token_in(page.data)
    assert radio_names(page.data) == list(step.question_ids)
    offered = {(i["name"], i["value"]) for i in tags(page.data, "input", type="radio")}
    assert offered == {(q, c) for q in step.question_ids for c in QUIZ.question(q).choice_ids()}


@pytest.mark.parametrize("step", ALL_STEPS, ids=id_of)
def test_each_step_offers_forward_first_then_back(client, step):
    page = reach(client, step.id, HYBRID_LARGE_TEAM)
    buttons = [(b["name"], b["value"]) for b in tags(page.data, "button", type="submit")]
    assert buttons == [("nav", "next"), ("nav", "back")]


@pytest.mark.parametrize(("step", "following"), STEP_PAIRS, ids=id_of)
def test_answering_a_step_redirects_to_the_next_step(client, step, following):
    page = reach(client, step.id, HYBRID_LARGE_TEAM)
    response = post_step(client, step, HYBRID_LARGE_TEAM, page)
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(following)
    next_page = client.get(response.headers["Location"])
    assert shows_step(next_page.data, following)


@pytest.mark.parametrize(("answers", "last_step"), [(NODE_DELIVERY, "launch"),
                                                    (HYBRID_LARGE_TEAM, "team_size")])
def test_the_last_step_redirects_to_the_stored_result(client, app, answers, last_step):
    last = steps_for(answers)[-1]
    assert last.id == last_step
    page = reach(client, last.id, answers)
    assert b"See my result" in page.data
    response = post_step(client, last, answers, page)
    assert response.status_code == 303
    public_id = public_id_of(response.headers["Location"])
    assert [row.public_id for row in stored_results(app)] == [public_id]
    assert client.get(response.headers["Location"]).status_code == 200


def test_the_whole_quiz_works_with_csrf_protection_on(client, app):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    response = complete_quiz(client, HYBRID_LARGE_TEAM)
    result = client.get(response.headers["Location"])
    assert tags(result.data, data_verdict="hybrid")


def test_a_step_posted_without_its_csrf_token_is_refused_and_taken_nowhere(client):
    first = QUIZ.steps[0]
    client.get("/quiz")
    response = client.post(step_url(first), data=step_form(first, HYBRID_LARGE_TEAM))
    assert response.status_code == 400
    # Still no attempt: a later step sends the visitor back to the start of the quiz.
    assert client.get(step_url(ALL_STEPS[1])).headers["Location"] == "/quiz"
    assert checked_answers(client.get("/quiz").data) == {}


def test_answers_in_progress_live_in_a_small_lasting_cookie_without_scores(client, app):
    page = reach(client, ALL_STEPS[-1].id, HYBRID_LARGE_TEAM)
    assert shows_step(page.data, ALL_STEPS[-1])
    cookie = client.get_cookie("session")
    assert cookie.expires is not None  # survives a browser restart
    assert len(cookie.value) < 1024
    session = app.session_interface.get_signing_serializer(app).loads(cookie.value)
    assert "score" not in json.dumps(session)
    assert set(session["draft"]) == {"v", "id", "a", "r", "d", "f", "s"}  # ids, flags, source
    earlier = {q: c for s in ALL_STEPS[:-1] for q, c in step_answers(s, HYBRID_LARGE_TEAM).items()}
    assert session["draft"]["a"] == earlier


def test_answers_in_progress_outlive_a_key_rotation_but_not_a_dropped_key(app, client):
    first, second = ALL_STEPS[0], ALL_STEPS[1]
    reach(client, second.id, HYBRID_LARGE_TEAM)  # the first step answered, under the old key
    old_key = app.secret_key
    app.secret_key = "a-rotated-secret-key-of-at-least-32-characters"
    app.config["SECRET_KEY_FALLBACKS"] = [old_key]
    shown = checked_answers(client.get(step_url(first)).data)
    assert shown == step_answers(first, HYBRID_LARGE_TEAM)

    app.config["SECRET_KEY_FALLBACKS"] = []  # the old key retired: its cookies are not read
    assert checked_answers(client.get(step_url(first)).data) == {}
