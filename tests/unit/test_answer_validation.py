"""Which answer sets can be scored, and how a bad one is reported."""

import pytest

from advisor_web.quiz.scoring import InvalidAnswers, score, validate
from tests.unit.scenarios import answers


def _rejected(quiz, given):
    with pytest.raises(InvalidAnswers) as caught:
        validate(quiz, given)
    return caught.value


def test_unknown_question_id_is_named(quiz):
    error = _rejected(quiz, {**answers("saas"), "budget": "low"})
    assert error.errors == {"budget": "Unknown question"}
    assert str(error) == "unknown question 'budget'"


def test_unknown_choice_id_is_named_with_the_valid_ones(quiz):
    error = _rejected(quiz, answers("saas", realtime="bogus"))
    assert error.errors == {"realtime": "Choose one of: core, some, none"}
    assert str(error) == "unknown choice 'bogus' for question 'realtime'"


def test_choice_of_another_question_is_rejected(quiz):
    error = _rejected(quiz, answers("saas", realtime="python"))
    assert list(error.errors) == ["realtime"]


def test_missing_required_answer_is_named(quiz):
    given = answers("saas")
    del given["ai_ml"]
    error = _rejected(quiz, given)
    assert error.errors == {"ai_ml": "Choose one of: core, some, none"}
    assert str(error) == "missing answer for question 'ai_ml'"


@pytest.mark.parametrize("value", [3, ["core"], {"id": "core"}, True])
def test_value_that_is_not_a_string_is_rejected(quiz, value):
    error = _rejected(quiz, {**answers("saas"), "realtime": value})
    assert list(error.errors) == ["realtime"]
    assert "realtime" in str(error)


def test_several_problems_are_reported_together_on_one_line(quiz):
    given = {**answers("saas", realtime="bogus"), "budget": "low"}
    del given["ai_ml"]
    error = _rejected(quiz, given)
    assert set(error.errors) == {"budget", "realtime", "ai_ml"}
    assert "\n" not in str(error)
    for bad_id in ("budget", "realtime", "ai_ml"):
        assert f"'{bad_id}'" in str(error)


def test_answers_that_are_not_a_mapping_are_rejected(quiz):
    with pytest.raises(InvalidAnswers):
        validate(quiz, ["saas"])


def test_invalid_answers_is_a_value_error(quiz):
    with pytest.raises(ValueError):
        score(quiz, {})


def test_answer_to_team_size_when_not_asked_is_dropped(quiz):
    normalised = validate(quiz, answers("saas", realtime="core", ai_ml="some", team_size="large"))
    assert "team_size" not in normalised
    assert (
        score(quiz, answers("saas", realtime="core", ai_ml="some", team_size="large")).verdict
        != "hybrid"
    )


def test_team_size_may_be_left_out_when_asked(quiz):
    normalised = validate(quiz, answers("realtime", realtime="core", ai_ml="core"))
    assert quiz.is_asked("team_size", normalised)
    assert "team_size" not in normalised


def test_team_size_is_kept_when_asked(quiz):
    normalised = validate(
        quiz, answers("realtime", realtime="some", ai_ml="core", team_size="small")
    )
    assert normalised["team_size"] == "small"


def test_bad_team_size_is_rejected_even_when_not_asked(quiz):
    error = _rejected(quiz, answers("saas", team_size="huge"))
    assert list(error.errors) == ["team_size"]


def test_normalised_answers_follow_the_quiz_order(quiz):
    given = dict(reversed(list(answers("saas").items())))
    assert list(validate(quiz, given)) == [q.id for q in quiz.questions if q.required]
