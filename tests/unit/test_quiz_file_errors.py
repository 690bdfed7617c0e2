"""A mistake in a quiz file stops loading with one line: "<file>: <id>: <problem>"."""

import pytest

from advisor_web.quiz.content import QuizContentError, load_quiz
from tests.unit.scenarios import MINIMAL

EXTRA_QUESTION = """
[[questions]]
id = "extra"
prompt = "Anything else?"
  [[questions.choices]]
  id = "a"
  label = "A"
  lean = { node = 1.0 }
  [[questions.choices]]
  id = "b"
  label = "B"
  lean = { python = 1.0 }
"""


def _error(quiz_file, text):
    path = quiz_file(text)
    with pytest.raises(QuizContentError) as caught:
        load_quiz(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: ")
    assert "\n" not in message
    return message.removeprefix(f"{path}: ")


def _broken(old, new, count=1):
    assert MINIMAL.count(old) == count, old
    return MINIMAL.replace(old, new, 1)


def test_minimal_quiz_loads(quiz_file):
    quiz = load_quiz(quiz_file(MINIMAL))
    assert quiz.version == "test"
    assert [q.id for q in quiz.questions] == ["live", "team_size"]


def test_missing_version(quiz_file):
    assert _error(quiz_file, _broken('version = "test"\n', "")) == "version: missing `version`"


def test_toml_syntax_error_names_the_file(quiz_file):
    message = _error(quiz_file, _broken('version = "test"', 'version = "test'))
    assert message.startswith("toml: invalid TOML")


def test_missing_file(tmp_path):
    with pytest.raises(QuizContentError, match="nowhere.toml: file: cannot read"):
        load_quiz(tmp_path / "nowhere.toml")


def test_duplicate_question_id(quiz_file):
    text = _broken('id = "team_size"\nprompt', 'id = "live"\nprompt')
    assert _error(quiz_file, text) == "live: duplicate question id"


def test_duplicate_choice_id(quiz_file):
    assert _error(quiz_file, _broken('id = "no"', 'id = "yes"')) == "live.yes: duplicate choice id"


def test_duplicate_factor_id(quiz_file):
    assert _error(quiz_file, _broken('id = "ml"', 'id = "speed"')) == "speed: duplicate factor id"


def test_duplicate_step_id(quiz_file):
    assert _error(quiz_file, _broken('id = "two"', 'id = "one"')) == "one: duplicate step id"


def test_unknown_factor_in_an_importance_weight(quiz_file):
    text = _broken("importance = { speed = 2.0 }", "importance = { sped = 2.0 }")
    assert _error(quiz_file, text) == "live.yes: unknown factor 'sped' in importance"


def test_choice_with_no_effect(quiz_file):
    message = _error(quiz_file, _broken("  lean = { python = 1.0 }\n", ""))
    assert message.startswith("live.no: choice has no effect")


def test_unknown_lean_target(quiz_file):
    text = _broken("lean = { python = 1.0 }", "lean = { go = 1.0 }")
    assert _error(quiz_file, text) == "live.no: unknown lean target 'go' (expected node or python)"


def test_condition_on_unknown_question(quiz_file):
    text = _broken('condition = { live = ["yes"] }', 'condition = { lve = ["yes"] }')
    assert _error(quiz_file, text) == "team_size: condition on unknown question 'lve'"


def test_condition_on_unknown_choice(quiz_file):
    text = _broken('condition = { live = ["yes"] }', 'condition = { live = ["maybe"] }')
    assert _error(quiz_file, text) == (
        "team_size: condition on unknown choice 'maybe' of question 'live'"
    )


def test_condition_on_a_later_question(quiz_file):
    text = _broken(
        'prompt = "Live features?"\n',
        'prompt = "Live features?"\ncondition = { team_size = ["large"] }\n',
    )
    assert _error(quiz_file, text) == (
        "live: condition on a question that is not earlier: 'team_size'"
    )


def test_condition_on_a_conditional_question(quiz_file):
    text = _broken('questions = ["team_size"]', 'questions = ["team_size", "extra"]')
    text += EXTRA_QUESTION.replace(
        'prompt = "Anything else?"\n',
        'prompt = "Anything else?"\ncondition = { team_size = ["large"] }\n',
    )
    assert _error(quiz_file, text) == "extra: condition on conditional question 'team_size'"


@pytest.mark.parametrize("stars", ["0", "6", "4.5", '"5"', "true"])
def test_star_rating_outside_one_to_five_or_not_an_integer(quiz_file, stars):
    text = _broken("node_stars = 5", f"node_stars = {stars}")
    assert _error(quiz_file, text).startswith("speed: `node_stars` must be an integer from 1 to 5")


def test_step_naming_an_unknown_question(quiz_file):
    text = _broken('questions = ["team_size"]', 'questions = ["team_size", "ghost"]')
    assert _error(quiz_file, text) == "two: unknown question 'ghost'"


def test_question_in_no_step(quiz_file):
    assert _error(quiz_file, MINIMAL + EXTRA_QUESTION) == "extra: question is in no step"


def test_question_in_two_steps(quiz_file):
    text = _broken('questions = ["team_size"]', 'questions = ["team_size", "live"]')
    assert _error(quiz_file, text) == "live: question is in two steps: 'one' and 'two'"


def test_steps_out_of_the_files_question_order(quiz_file):
    text = _broken('questions = ["live"]', 'questions = ["team_size"]')
    text = text.replace(
        'questions = ["team_size"]\n\n[verdicts', 'questions = ["live"]\n\n[verdicts', 1
    )
    assert "different order" in _error(quiz_file, text)


@pytest.mark.parametrize("verdict_id", ["node", "python", "hybrid"])
def test_missing_verdict_text(quiz_file, verdict_id):
    start = MINIMAL.index(f"[verdicts.{verdict_id}]")
    end = MINIMAL.find("[verdicts.", start + 1)
    text = MINIMAL[:start] + (MINIMAL[end:] if end != -1 else "")
    assert _error(quiz_file, text) == f"verdicts.{verdict_id}: missing verdict text"


def test_unknown_verdict_id(quiz_file):
    text = MINIMAL + '\n[verdicts.go]\ntitle = "Go"\n'
    assert _error(quiz_file, text).startswith("verdicts.go: unknown verdict id")


def test_unknown_key_catches_a_typo(quiz_file):
    text = _broken("importance = { speed = 2.0 }", "importanc = { speed = 2.0 }")
    assert _error(quiz_file, text) == "live.yes: unknown key 'importanc'"


def test_hybrid_rule_on_unknown_choice(quiz_file):
    text = _broken('choices = ["large"]', 'choices = ["huge"]')
    assert _error(quiz_file, text) == "hybrid: unknown choice 'huge' of question 'team_size'"


def test_hybrid_rule_on_unknown_question(quiz_file):
    text = _broken('question = "team_size"', 'question = "crew"')
    assert _error(quiz_file, text) == "hybrid: unknown question 'crew'"


def test_tie_break_must_be_node_or_python(quiz_file):
    text = _broken('version = "test"\n', 'version = "test"\ntie_break = "hybrid"\n')
    assert _error(quiz_file, text).startswith("tie_break: must be one of node, python")


def test_missing_prompt(quiz_file):
    text = _broken('prompt = "Live features?"\n', "")
    assert _error(quiz_file, text) == "live: missing `prompt`"


def test_negative_lean(quiz_file):
    text = _broken("lean = { python = 1.0 }", "lean = { python = -1.0 }")
    assert _error(quiz_file, text) == "live.no: lean must not be negative, got -1.0"
