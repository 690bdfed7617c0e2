"""Issue 6.4: forged and tampered input never gets a 500 and is never stored. A forged answer
is refused with the step shown again; a tampered or stale session cookie is dropped and the
visitor starts cleanly; a result id that does not exist is a 404."""

import pytest
from werkzeug.datastructures import MultiDict

from tests.reliability.reliability_support import (
    EVERY_STEP_ANSWERS,
    HTMX,
    QUIZ,
    answer_all_but_last,
    checked_answers,
    draft_of,
    inputs,
    post_last_step,
    result_url,
    session_cookie,
    session_of,
    sign_session,
    sqlite_only,
    start,
    step_answers,
    step_form,
    stored_results,
)

FIRST, SECOND = QUIZ.steps[0], QUIZ.steps[1]
LAST = QUIZ.steps[-1]


def another_questions_choice(question_id: str) -> str:
    mine = set(QUIZ.question(question_id).choice_ids())
    return next(c for q in QUIZ.questions for c in q.choice_ids() if c not in mine)


FORGED_ANSWERS = {
    "an unknown choice": lambda q: "no_such_choice",
    "another question's choice": another_questions_choice,
    "several values": lambda q: list(QUIZ.question(q).choice_ids()[:2]),
    "the same value twice": lambda q: [QUIZ.question(q).choice_ids()[0]] * 2,
    "an empty value": lambda q: "",
    "a choice id with trailing junk": lambda q: QUIZ.question(q).choice_ids()[0] + " \u200b",
}


@sqlite_only
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("forgery", FORGED_ANSWERS)
def test_a_forged_answer_is_refused_and_not_taken(app, client, forgery, htmx):
    token = start(client)
    question = FIRST.question_ids[0]
    form = {**step_form(FIRST, EVERY_STEP_ANSWERS, token),
            question: FORGED_ANSWERS[forgery](question)}

    response = client.post(f"/quiz/{FIRST.id}", data=form, headers=HTMX if htmx else {})

    assert response.status_code == 422, response.data
    assert f'id="q-{question}"'.encode() in response.data  # the step again, with its error
    assert draft_of(app, client)["a"] == {}


@sqlite_only
@pytest.mark.parametrize("forgery", FORGED_ANSWERS)
def test_a_forged_last_answer_stores_nothing(app, client, forgery):
    token = answer_all_but_last(client)
    question = LAST.question_ids[0]
    form = {**step_form(LAST, EVERY_STEP_ANSWERS, token),
            question: FORGED_ANSWERS[forgery](question)}

    response = client.post(f"/quiz/{LAST.id}", data=form)

    assert response.status_code == 422
    assert stored_results(app) == []


@sqlite_only
def test_extra_fields_are_ignored_and_never_reach_the_draft(app, client):
    token = start(client)
    form = {**step_form(FIRST, EVERY_STEP_ANSWERS, token),
            "realtime": "none", "team_size": "solo", "draft": "{}", "is_admin": "1",
            "verdict": "node", "a": "x"}
    response = client.post(f"/quiz/{FIRST.id}", data=form)
    assert response.status_code == 303
    assert draft_of(app, client)["a"] == step_answers(FIRST, EVERY_STEP_ANSWERS)


@sqlite_only
def test_extra_fields_on_the_last_step_cannot_change_earlier_answers(app, client):
    """An earlier answer smuggled into the last step's form is not what gets stored."""
    token = answer_all_but_last(client)
    form = {**step_form(LAST, EVERY_STEP_ANSWERS, token), "ai_ml": "none", "realtime": "none",
            "team_language": "javascript", "verdict": "node", "node_score": "99"}
    response = client.post(f"/quiz/{LAST.id}", data=form)
    assert response.status_code == 303
    (stored,) = stored_results(app)
    assert stored.answers == EVERY_STEP_ANSWERS


@sqlite_only
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_huge_body_gets_413_and_changes_nothing(app, client, htmx):
    token = start(client)
    before = session_cookie(client)
    form = {**step_form(FIRST, EVERY_STEP_ANSWERS, token), "padding": "x" * 32_000}

    response = client.post(f"/quiz/{FIRST.id}", data=form, headers=HTMX if htmx else {})

    assert response.status_code == 413
    assert b"Too much data" in response.data
    assert (b"<html" in response.data) is not htmx
    assert session_cookie(client) == before
    assert stored_results(app) == []


@sqlite_only
def test_a_huge_body_to_the_api_gets_413(client):
    response = client.post("/api/v1/score", data=b'{"answers": {}, "x": "' + b"x" * 32_000 + b'"}',
                           content_type="application/json")
    assert response.status_code == 413


@sqlite_only
def test_many_small_fields_get_413_too(client):
    token = start(client)
    form = MultiDict([("csrf_token", token), *((f"f{i}", "") for i in range(3000))])
    response = client.post(f"/quiz/{FIRST.id}", data=form)
    assert response.status_code == 413


@sqlite_only
@pytest.mark.parametrize("step", QUIZ.steps[1:], ids=lambda s: s.id)
def test_a_step_posted_out_of_order_is_not_taken(app, client, step):
    token = start(client)
    response = client.post(f"/quiz/{step.id}", data=step_form(step, EVERY_STEP_ANSWERS, token))
    assert response.status_code == 303
    assert response.headers["Location"] == f"/quiz/{FIRST.id}"
    assert draft_of(app, client).get("a", {}) == {}  # no attempt was begun
    assert stored_results(app) == []


@sqlite_only
def test_a_form_for_another_step_is_not_taken(app, client):
    """The hidden `step` field guards against a form posted to another step's URL."""
    token = start(client)
    form = {**step_form(SECOND, EVERY_STEP_ANSWERS, token), **step_answers(FIRST,
                                                                           EVERY_STEP_ANSWERS)}
    response = client.post(f"/quiz/{FIRST.id}", data={**form, "step": SECOND.id})
    assert response.status_code == 303
    assert draft_of(app, client)["a"] == {}


@pytest.mark.parametrize("path", ["/quiz/no-such-step", "/quiz/..%2f..%2fetc",
                                  "/quiz/" + "x" * 2000, "/quiz/%C3%A9tape", "/quiz/step%00"])
@sqlite_only
def test_an_unknown_step_is_a_404(client, path):
    token = start(client)
    assert client.get(path).status_code == 404
    assert client.post(path, data={"csrf_token": token, "step": "x"}).status_code == 404


NUL_BYTES = {
    "in an answer": lambda c, token: c.post(f"/quiz/{FIRST.id}", data={
        **step_form(FIRST, EVERY_STEP_ANSWERS, token), FIRST.question_ids[0]: "saas\x00"}),
    "in a field name": lambda c, token: c.post(f"/quiz/{FIRST.id}", data={
        **step_form(FIRST, EVERY_STEP_ANSWERS, token), "x\x00": "1"}),
    "in a staff username": lambda c, token: c.post("/staff/login", data={
        "csrf_token": token, "username": "admin\x00", "password": "a password\x00"}),
    "in a result id": lambda c, token: c.get("/result/AAAAAAAAAAAAAAAAAAAAA%00"),
    "in a query string": lambda c, token: c.get("/staff/?version=%00&start=2024-01-01"),
}


@pytest.mark.parametrize("where", NUL_BYTES)
def test_a_nul_byte_anywhere_is_refused_before_it_reaches_the_database(app, client, where):
    """PostgreSQL cannot hold one: it used to turn these into a 500."""
    response = NUL_BYTES[where](client, start(client))
    assert response.status_code in (400, 404), response.status_code
    assert stored_results(app) == []


# -- the session cookie --------------------------------------------------------------------


def flip_a_byte(value: str, where: float) -> str:
    at = int(len(value) * where)
    return value[:at] + ("A" if value[at] != "A" else "B") + value[at + 1:]


TAMPERINGS = {
    "a flipped byte in the payload": lambda app, value: flip_a_byte(value, 0.3),
    "a flipped byte in the signature": lambda app, value: flip_a_byte(value, 0.97),
    "cut short": lambda app, value: value[: len(value) // 2],
    "not a cookie at all": lambda app, value: "garbage",
    "signed with another key": lambda app, value: _signed_with("another-key", app, value),
}


def _signed_with(key, app, value):
    original = app.secret_key
    data = app.session_interface.get_signing_serializer(app).loads(value)
    app.secret_key = key
    try:
        return sign_session(app, data)
    finally:
        app.secret_key = original


def assert_starts_cleanly(app, client, old_attempt: str) -> None:
    """The quiz opens on its first step with nothing checked, as a new attempt."""
    page = client.get("/quiz")
    assert page.status_code == 200
    assert [i["value"] for i in inputs(page.data) if i.get("name") == "step"] == [FIRST.id]
    assert checked_answers(page.data) == {}
    draft = draft_of(app, client)  # none until the first answer begins an attempt
    assert draft.get("a", {}) == {} and draft.get("id") != old_attempt


@sqlite_only
@pytest.mark.parametrize("tampering", TAMPERINGS)
def test_a_tampered_cookie_is_dropped_and_the_visitor_starts_cleanly(app, client, tampering):
    token = answer_all_but_last(client)
    old = draft_of(app, client)
    client.set_cookie("session", TAMPERINGS[tampering](app, session_cookie(client)))

    # The last step posted with the tampered cookie: the token went with the session.
    response = post_last_step(client, token)
    assert response.status_code == 400
    assert stored_results(app) == []
    assert_starts_cleanly(app, client, old["id"])


STALE_DRAFTS = {
    "another quiz version": lambda draft: {**draft, "v": "1999.1"},
    "no version": lambda draft: {k: v for k, v in draft.items() if k != "v"},
    "not a mapping": lambda draft: ["a", "list"],
    "answers that are not a mapping": lambda draft: {**draft, "a": "realtime=core"},
    "an attempt id too short": lambda draft: {**draft, "id": "1"},
    "an attempt id that is a number": lambda draft: {**draft, "id": 12345678901234567890},
    "steps that are not a list": lambda draft: {**draft, "r": "project", "d": None},
}


@sqlite_only
@pytest.mark.parametrize("stale", STALE_DRAFTS)
def test_a_stale_draft_is_dropped_and_the_visitor_starts_cleanly(app, client, stale):
    """A cookie the app itself signed, from an older quiz or an older app: still dropped."""
    token = answer_all_but_last(client)
    session = session_of(app, client)
    old = session["draft"]
    client.set_cookie("session", sign_session(app, {**session, "draft": STALE_DRAFTS[stale](old)}))

    response = post_last_step(client, token)

    assert response.status_code == 303
    assert response.headers["Location"] == f"/quiz/{FIRST.id}"
    assert stored_results(app) == []
    assert_starts_cleanly(app, client, old["id"])


@sqlite_only
def test_answers_in_a_stale_cookie_that_the_quiz_does_not_offer_are_dropped(app, client):
    """A draft of the right version with an unknown question or choice keeps only the rest."""
    token = answer_all_but_last(client)
    session = session_of(app, client)
    draft = {**session["draft"], "a": {**session["draft"]["a"], "realtime": "always",
                                      "favourite_colour": "blue"}}
    client.set_cookie("session", sign_session(app, {**session, "draft": draft}))
    response = post_last_step(client, token)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/quiz/{SECOND.id}"  # where realtime is asked
    assert stored_results(app) == []


# -- results -------------------------------------------------------------------------------


UNKNOWN_RESULT_IDS = ["AAAAAAAAAAAAAAAAAAAAAAAA", "1", "x" * 1000, "%C3%A9t%C3%A9", "%00",
                      "..%2f..%2fetc%2fpasswd", "' OR '1'='1", "%0aforged"]


@pytest.mark.parametrize("public_id", UNKNOWN_RESULT_IDS)
def test_a_result_id_that_does_not_exist_is_a_404(client, public_id):
    token = start(client)
    assert client.get(f"/result/{public_id}").status_code == 404
    assert client.get(f"/result/{public_id}/what-if/realtime/none").status_code == 404
    response = client.post(f"/result/{public_id}/change",
                           data={"csrf_token": token, "question": "realtime"})
    assert response.status_code == 404


@pytest.mark.parametrize(("question", "choice"), [("realtime", "always"), ("nope", "core"),
                                                  ("realtime", "javascript")])
@sqlite_only
def test_a_what_if_for_an_answer_the_quiz_does_not_offer_is_a_404(client, question, choice):
    token = answer_all_but_last(client)
    url = result_url(post_last_step(client, token))
    assert client.get(f"{url}/what-if/{question}/{choice}").status_code == 404


@sqlite_only
@pytest.mark.parametrize("question", ["", "nope", "x" * 500, "team_size\n"])
def test_changing_a_result_at_a_question_that_does_not_exist_is_a_400(app, client, question):
    token = answer_all_but_last(client)
    url = result_url(post_last_step(client, token))
    draft = draft_of(app, client)
    response = client.post(f"{url}/change", data={"csrf_token": token, "question": question})
    assert response.status_code == 400
    assert draft_of(app, client) == draft
