"""`GET /api/v1/openapi.json` (issue 14): an OpenAPI 3.1 document generated from the routes
and their models. It covers every /api/v1 route, errors included; its Answers schema lists the
live quiz's ids and accepts exactly the answer sets the scoring core scores."""

import datetime as dt
import json
import re

import jsonschema_rs
import pytest
from flask import Flask
from hypothesis import given, settings
from hypothesis import strategies as st

from advisor_web import events
from advisor_web.api.bodies import Outcome
from advisor_web.api.openapi import document
from advisor_web.quiz.scoring import InvalidAnswers, validate
from tests.web.visitor_support import ANSWERS_FOR_VERDICT, BAD_ANSWERS, QUIZ

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def spec(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def answers_validator(spec):
    """The document's Answers schema, its references resolved within the document."""
    return jsonschema_rs.validator_for({**spec, "$ref": "#/components/schemas/Answers"})


@sqlite_only
def test_the_document_is_openapi_3_1_and_describes_every_api_route(app, spec):
    assert spec["openapi"].startswith("3.1.")
    # Flask's `<name>` is OpenAPI's `{name}`.
    served = {(re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule), method.lower())
              for rule in app.url_map.iter_rules()
              if rule.rule.startswith("/api/v1/")
              for method in rule.methods - {"HEAD", "OPTIONS"}}
    described = {(path, method) for path, operations in spec["paths"].items()
                 for method in operations}
    assert described == served
    assert ("/api/v1/score", "post") in described


@sqlite_only
def test_every_operation_describes_its_errors_as_json(spec):
    for operations in spec["paths"].values():
        for operation in operations.values():
            responses = operation["responses"]
            assert {"429", "500", "503"} <= set(responses)
            for status, response in responses.items():
                if status.startswith(("4", "5")):  # a success may be Markdown; errors are JSON
                    schema = response["content"]["application/json"]["schema"]
                    assert schema["$ref"].rsplit("/", 1)[1] in {"Error", "AnswerErrors"}
            assert responses["503"]["headers"]["Retry-After"]["required"]
    score = spec["paths"]["/api/v1/score"]["post"]
    assert {"200", "400", "413", "422"} <= set(score["responses"])
    assert score["requestBody"]["content"]["application/json"]["schema"]["$ref"] \
        == "#/components/schemas/ScoreRequest"


@sqlite_only
def test_the_answers_schema_lists_the_live_quizs_question_and_choice_ids(spec):
    answers = spec["components"]["schemas"]["Answers"]
    assert list(answers["properties"]) == [q.id for q in QUIZ.questions]
    assert answers["additionalProperties"] is False
    for question in QUIZ.questions:
        schema = answers["properties"][question.id]
        choices = schema if "enum" in schema else schema["anyOf"][0]
        assert choices["enum"] == list(question.choice_ids())


@sqlite_only
@pytest.mark.parametrize("verdict", sorted(ANSWERS_FOR_VERDICT))
def test_a_scored_outcome_matches_the_outcome_schema(client, spec, verdict):
    body = client.post("/api/v1/score", json={"answers": ANSWERS_FOR_VERDICT[verdict]}).get_json()
    Outcome.model_validate(body)  # extra="forbid": a field the model lacks fails here
    assert answers_validator(spec).is_valid(ANSWERS_FOR_VERDICT[verdict])


@sqlite_only
@pytest.mark.parametrize(("answers", "bad_id"), BAD_ANSWERS.values(), ids=list(BAD_ANSWERS))
def test_the_answers_schema_refuses_what_the_api_refuses(spec, answers, bad_id):
    assert not answers_validator(spec).is_valid(answers)


# Answer sets near the valid ones: each question left out, null, a valid choice, another
# question's choice or junk; sometimes an unknown question.
near_answers = st.fixed_dictionaries({}, optional={
    question.id: st.one_of(st.none(), st.sampled_from(question.choice_ids()),
                           st.sampled_from(["core", "yes", "large", "blue", ""]), st.integers())
    for question in QUIZ.questions
} | {"favourite_colour": st.just("blue")})


@settings(max_examples=300, deadline=None)
@given(answers=near_answers)
def test_the_answers_schema_accepts_exactly_what_the_scoring_core_accepts(answers):
    spec = document(Flask(__name__), QUIZ)  # no API routes, but the same Answers schema
    try:
        validate(QUIZ, answers)
        scored = True
    except InvalidAnswers:
        scored = False
    assert answers_validator(spec).is_valid(answers) is scored, json.dumps(answers)


def test_a_route_served_without_its_contract_cannot_be_described():
    app = Flask(__name__)
    app.add_url_rule("/api/v1/undocumented", "undocumented", lambda: "")
    with pytest.raises(LookupError, match="undocumented"):
        document(app, QUIZ)


@sqlite_only
def test_the_webhooks_section_describes_both_events_and_their_signed_headers(spec):
    assert set(spec["webhooks"]) == {"consultation.requested", "consultation.withdrawn"}
    for operation in (spec["webhooks"][name]["post"] for name in spec["webhooks"]):
        headers = {p["name"] for p in operation["parameters"] if p["in"] == "header"}
        assert headers == {"webhook-id", "webhook-timestamp", "webhook-signature"}
        assert {"2XX", "410", "default"} <= set(operation["responses"])


@sqlite_only
@pytest.mark.parametrize("event_type", ["consultation.requested", "consultation.withdrawn"])
def test_a_queued_event_matches_its_webhook_schema(app, spec, event_type):
    from tests.support.webhooks import requested

    data = requested() if event_type == "consultation.requested" else {"request_id": "req_1"}
    body = events.event(event_type, data, dt.datetime.now(dt.UTC))
    schema = spec["webhooks"][event_type]["post"]["requestBody"]["content"]["application/json"]
    validator = jsonschema_rs.validator_for({**spec, "$ref": schema["schema"]["$ref"]})
    assert validator.is_valid(body)
    assert not validator.is_valid({**body, "type": "consultation.other"})
    assert not validator.is_valid({**body, "data": {**body["data"], "request_id": 7}})
