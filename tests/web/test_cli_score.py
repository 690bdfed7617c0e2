"""`flask score --answers '<json>'`: the article's verdicts from the command line, the outcome
as JSON on stdout; a bad answer set exits non-zero with one line on stderr naming the bad id."""

import json

import pytest

from advisor_web.quiz.scoring import outcome_to_dict, score
from tests.web.visitor_support import (
    BAD_ANSWERS,
    HYBRID_LARGE_TEAM,
    NODE_DELIVERY,
    PYTHON_AI,
    QUIZ,
    SOLO_SAME_NEEDS,
)


@pytest.fixture
def database_url(sqlite_database_url):
    """The command touches no database, so one kind of database is enough."""
    return sqlite_database_url


def run_score(runner, answers):
    text = answers if isinstance(answers, str) else json.dumps(answers)
    return runner.invoke(args=["score", "--answers", text])


@pytest.mark.parametrize(("answers", "verdict"), [
    (NODE_DELIVERY, "node"),
    (PYTHON_AI, "python"),
    (HYBRID_LARGE_TEAM, "hybrid"),
], ids=["real-time delivery tracking, JavaScript team, React front end",
        "AI recommendations, Python team",
        "large team, central real-time and central ML"])
def test_score_gives_the_articles_verdict(runner, answers, verdict):
    result = run_score(runner, answers)
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)
    assert outcome["verdict"] == verdict
    assert {"verdict", "scores", "margin", "factors", "reasons", "flips",
            "quiz_version"} <= set(outcome)
    assert outcome == outcome_to_dict(score(QUIZ, answers))


def test_a_solo_developer_with_the_same_needs_is_told_to_pick_one(runner):
    result = run_score(runner, SOLO_SAME_NEEDS)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["verdict"] in {"node", "python"}


@pytest.mark.parametrize(("answers", "bad_id"), BAD_ANSWERS.values(), ids=list(BAD_ANSWERS))
def test_a_bad_answer_set_exits_non_zero_with_one_line_naming_the_id(runner, answers, bad_id):
    result = run_score(runner, answers)
    assert result.exit_code != 0
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert repr(bad_id) in line


@pytest.mark.parametrize("text", ["{not json", "[]", '"answers"', "null",
                                  json.dumps({"answers": NODE_DELIVERY})],
                         ids=["invalid JSON", "list", "string", "null", "wrapped answers"])
def test_answers_that_are_not_a_json_object_of_ids_exit_non_zero_with_one_line(runner, text):
    result = run_score(runner, text)
    assert result.exit_code != 0
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1
