"""Several comparisons through the API: `GET /api/v1/quizzes` lists them, `"quiz"` on
`POST /api/v1/score` picks one (the suite's three-option fixture here), and start-up refuses
a duplicate slug."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_web import create_app
from advisor_web.quiz.content import QuizContentError
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE
from tests.support.comparisons import draft_copy

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
SLUG = "bus-bike-or-walk"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(FIXTURE)]}


def test_the_listed_comparisons_default_first(client):
    body = client.get("/api/v1/quizzes").get_json()
    assert [q["slug"] for q in body["quizzes"]] == ["node-vs-python", SLUG]
    node_vs_python, commute = body["quizzes"]
    assert node_vs_python["languages"] == ["en", "ne"]
    assert node_vs_python["options"] == [{"id": "node", "name": "Node.js"},
                                         {"id": "python", "name": "Python"}]
    assert commute == {
        "slug": SLUG, "title": "Bus, bike or walk to work", "version": "fixture.1",
        "options": [{"id": "bus", "name": "Bus"}, {"id": "bike", "name": "Bike"},
                    {"id": "walk", "name": "Walk"}],
        "languages": ["en"],  # no commute.ne.toml beside it
    }


def test_scoring_another_comparison_by_slug(client):
    response = client.post("/api/v1/score", json={
        "quiz": SLUG, "answers": {"distance": "near", "fitness": "keen"}})
    assert response.status_code == 200
    body = response.get_json()
    assert body["verdict"] == "bike"
    assert body["scores"] == {"bus": 7.5, "bike": 16.0, "walk": 15.5}
    assert body["quiz_version"] == "fixture.1"
    assert body["factors"][0]["stars"] == {"bus": 1, "bike": 5, "walk": 4}
    rainy = client.post("/api/v1/score", json={
        "quiz": SLUG, "answers": {"distance": "far", "fitness": "keen", "weather": "rainy"}})
    assert rainy.get_json()["verdict"] == "bike_and_bus"


def test_without_a_quiz_the_default_comparison_scores(client):
    body = client.post("/api/v1/score", json={"answers": {"project_type": "saas"}}).get_json()
    assert set(body["errors"]) >= {"realtime"}  # the Node.js vs Python questions


@pytest.mark.parametrize("quiz", ["nope", "", 7, "x" * 41])
def test_an_unknown_quiz_is_a_422_naming_the_allowed_values(client, quiz):
    response = client.post("/api/v1/score", json={"quiz": quiz, "answers": {}})
    assert response.status_code == 422
    message = response.get_json()["errors"]["quiz"]
    assert message == f"Unknown quiz: use one of 'node-vs-python', '{SLUG}'."


def test_answers_of_one_comparison_are_refused_by_another(client):
    response = client.post("/api/v1/score", json={
        "quiz": SLUG, "answers": {"project_type": "saas", "distance": "near"}})
    assert response.status_code == 422
    errors = response.get_json()["errors"]
    assert errors["project_type"] == "Unknown question" and "fitness" in errors


def test_a_comparison_without_a_nepali_file_is_english_only(client):
    response = client.post("/api/v1/score", json={
        "quiz": SLUG, "lang": "ne", "answers": {"distance": "near", "fitness": "keen"}})
    assert response.status_code == 422
    assert response.get_json()["errors"]["lang"] == (
        "This quiz is not in that language: use one of 'en'.")


def test_a_draft_is_neither_listed_nor_scored(app_config, tmp_path, build_app):
    draft = draft_copy(tmp_path / "draft.toml")
    client = build_app({**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(draft)]}
                       ).test_client()
    assert [q["slug"] for q in client.get("/api/v1/quizzes").get_json()["quizzes"]] == [
        "node-vs-python"]
    response = client.post("/api/v1/score", json={"quiz": SLUG, "answers": {}})
    assert response.status_code == 422


def test_a_duplicate_slug_stops_start_up_naming_it(app_config, tmp_path):
    copy = tmp_path / "copy.toml"
    copy.write_text(FIXTURE.read_text())
    with pytest.raises(QuizContentError, match=rf"copy.toml: slug: '{SLUG}' is already the "
                                               rf"slug of .*commute.toml"):
        create_app({**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(FIXTURE),
                                                 str(copy)]})


def test_quiz_file_alone_still_serves_one_comparison(app_config, build_app):
    app = build_app({**app_config, "QUIZ_FILES": [], "QUIZ_FILE": str(DEFAULT_QUIZ_FILE)})
    body = app.test_client().get("/api/v1/quizzes").get_json()
    assert [q["slug"] for q in body["quizzes"]] == ["node-vs-python"]


def test_the_openapi_document_describes_the_quizzes_route_and_the_verdicts(client):
    document = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/quizzes" in document["paths"]
    assert document["components"]["schemas"]["Verdict"]["enum"] == ["node", "python", "hybrid"]
    assert "quiz" in document["components"]["schemas"]["ScoreRequest"]["properties"]
    assert document["components"]["schemas"]["QuizSlug"]["enum"] == ["node-vs-python", SLUG]
