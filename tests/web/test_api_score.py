"""`POST /api/v1/score`: an answer set in, the outcome out as JSON; 422 naming each bad id.
Stateless: it needs no CSRF token (CSRF stays on here), sets no cookie, stores nothing."""

import json

import pytest

from advisor_web.quiz.scoring import outcome_to_dict, score
from tests.web.visitor_support import (
    ANSWERS_FOR_VERDICT,
    BAD_ANSWERS,
    HYBRID_LARGE_TEAM,
    QUIZ,
    reach,
    stored_results,
    tally_rows,
)

URL = "/api/v1/score"
OUTCOME_KEYS = {"verdict", "scores", "margin", "factors", "reasons", "flips", "quiz_version"}


def post_json(client, body):
    return client.post(URL, data=json.dumps(body), content_type="application/json")


@pytest.mark.parametrize("verdict", sorted(ANSWERS_FOR_VERDICT))
def test_score_returns_the_outcome_as_json(client, app, verdict):
    assert app.config.get("WTF_CSRF_ENABLED", True)
    answers = ANSWERS_FOR_VERDICT[verdict]
    response = post_json(client, {"answers": answers})
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert OUTCOME_KEYS <= set(body)
    assert body["verdict"] == verdict
    assert set(body["scores"]) == {"node", "python"}
    assert body["quiz_version"] == QUIZ.version
    assert len(body["factors"]) == len(QUIZ.factors)
    assert body == outcome_to_dict(score(QUIZ, answers))


def test_flips_are_a_list_of_question_choice_and_verdict(client):
    body = post_json(client, {"answers": HYBRID_LARGE_TEAM}).get_json()
    expected = score(QUIZ, HYBRID_LARGE_TEAM).flips
    assert expected
    assert body["flips"] == [{"question": f.question, "choice": f.choice, "verdict": f.verdict}
                             for f in expected]


@pytest.mark.parametrize(("answers", "bad_id"), BAD_ANSWERS.values(), ids=list(BAD_ANSWERS))
def test_a_bad_answer_set_gets_422_naming_the_bad_id(client, answers, bad_id):
    response = post_json(client, {"answers": answers})
    assert response.status_code == 422
    body = response.get_json()
    assert set(body) == {"error", "errors"}
    assert list(body["errors"]) == [bad_id]
    assert isinstance(body["errors"][bad_id], str) and body["errors"][bad_id]


def test_every_bad_id_is_named_at_once(client):
    answers = {**HYBRID_LARGE_TEAM, "realtime": "always", "favourite_colour": "blue"}
    del answers["frontend"]
    errors = post_json(client, {"answers": answers}).get_json()["errors"]
    assert set(errors) == {"realtime", "favourite_colour", "frontend"}


@pytest.mark.parametrize("raw", [
    json.dumps([HYBRID_LARGE_TEAM]),
    json.dumps("answers"),
    json.dumps(42),
    json.dumps(None),
    json.dumps(HYBRID_LARGE_TEAM),  # the answers without their envelope
    json.dumps({"answers": list(HYBRID_LARGE_TEAM.items())}),
    json.dumps({"answers": None}),
    "{not json",
    "",
], ids=["list", "string", "number", "null", "bare answers", "answers as pairs",
        "null answers", "invalid JSON", "empty"])
def test_a_body_that_is_not_an_answers_object_gets_422(client, raw):
    response = client.post(URL, data=raw, content_type="application/json")
    assert response.status_code == 422
    assert set(response.get_json()) == {"error", "errors"}
    assert "answers" in response.get_json()["errors"]


def test_a_form_encoded_body_gets_422(client):
    response = client.post(URL, data=HYBRID_LARGE_TEAM)
    assert response.status_code == 422
    assert "answers" in response.get_json()["errors"]


@pytest.mark.parametrize("body", [{"answers": HYBRID_LARGE_TEAM},
                                  {"answers": BAD_ANSWERS["unknown choice"][0]}],
                         ids=["scored", "refused"])
def test_scoring_sets_no_cookie_and_stores_nothing(client, app, body):
    response = post_json(client, body)
    assert response.status_code in (200, 422)
    assert "Set-Cookie" not in response.headers
    assert stored_results(app) == []
    assert tally_rows(app) == 0


def test_scoring_ignores_the_visitors_quiz_in_progress(client, app):
    reach(client, "team", HYBRID_LARGE_TEAM)
    cookie = client.get_cookie("session").value
    rows = tally_rows(app)
    response = post_json(client, {"answers": HYBRID_LARGE_TEAM})
    assert response.status_code == 200
    assert response.get_json() == outcome_to_dict(score(QUIZ, HYBRID_LARGE_TEAM))
    assert "Set-Cookie" not in response.headers
    assert client.get_cookie("session").value == cookie
    assert tally_rows(app) == rows


def test_score_only_accepts_post(client):
    assert client.get(URL).status_code == 405
