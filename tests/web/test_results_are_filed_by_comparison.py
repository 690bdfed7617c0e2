"""A result, its tallies, its vote and the staff's export belong to the comparison the visitor
took: the quiz's own slug reaches storage, not a fixed one. The shipped quiz is served here
under another slug, as a copy beside its Nepali translation."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_web.storage.models import StoredResult, Tally
from tests.support.answer_sets import NODE_DELIVERY
from tests.support.comparisons import shipped_copy
from tests.support.quiz_runner import finish_quiz, public_id_of
from tests.web.staff_support import create_staff, log_in

SLUG = "node-or-python-again"


@pytest.fixture
def app_config(app_config, tmp_path):
    served = shipped_copy(tmp_path / "quizzes", SLUG)
    return {**app_config, "QUIZ_FILES": [str(served)]}


def test_a_result_and_its_tallies_are_stored_under_the_quiz_s_slug(app, client):
    url = finish_quiz(client, NODE_DELIVERY)
    assert client.get(url).status_code == 200
    with Session(app.extensions["advisor_engine"]) as session:
        stored = session.scalars(select(StoredResult)).one()
        assert stored.public_id == public_id_of(url)
        assert stored.comparison == SLUG
        assert set(session.scalars(select(Tally.comparison))) == {SLUG}


def test_the_staff_export_finds_the_results_of_the_served_comparison(app, client):
    finish_quiz(client, NODE_DELIVERY)
    create_staff(app)
    log_in(client)
    lines = client.get("/staff/export.csv").data.decode().splitlines()
    assert lines[0].split(",")[:5] == ["date", "quiz_version", "verdict", "node_score",
                                       "python_score"]
    assert len(lines) == 2  # the one result
