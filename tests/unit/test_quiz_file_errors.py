"""A mistake in a quiz file stops loading with one line: "<file>: <id>: <problem>"."""

import pytest

from advisor_web.quiz import content
from advisor_web.quiz.content import QuizContentError
from advisor_web.quiz.loader import RESERVED_SLUGS, load_quiz, parse_quiz
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


def test_lean_naming_an_unknown_option(quiz_file):
    text = _broken("lean = { python = 1.0 }", "lean = { go = 1.0 }")
    assert _error(quiz_file, text) == (
        "live.no: unknown option 'go' in lean (expected one of node, python)")


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
    text = _broken("stars = { node = 5", f"stars = {{ node = {stars}")
    assert _error(quiz_file, text).startswith("speed: `stars.node` must be an integer from 1 to 5")


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


def test_combined_verdict_on_unknown_choice(quiz_file):
    text = _broken('when = { team_size = ["large"] }', 'when = { team_size = ["huge"] }')
    assert _error(quiz_file, text) == (
        "combined.hybrid: unknown choice 'huge' of question 'team_size'")


def test_combined_verdict_on_unknown_question(quiz_file):
    text = _broken('when = { team_size = ["large"] }', 'when = { crew = ["large"] }')
    assert _error(quiz_file, text) == "combined.hybrid: unknown question 'crew' in `when`"


def test_combined_verdict_naming_an_unknown_option(quiz_file):
    text = _broken('options = ["node", "python"]', 'options = ["node", "go"]')
    assert _error(quiz_file, text) == "combined.hybrid: unknown option 'go'"


def test_combined_verdict_id_taken_by_an_option(quiz_file):
    text = _broken('id = "hybrid"', 'id = "node"')
    assert _error(quiz_file, text) == (
        "combined.node: id already names an option or a combined verdict")


def test_tie_break_must_be_an_option(quiz_file):
    text = _broken('version = "test"\n', 'version = "test"\ntie_break = "hybrid"\n')
    assert _error(quiz_file, text) == (
        "tie_break: must be an option id (node, python), got 'hybrid'")


def test_an_option_missing_from_a_factors_stars(quiz_file):
    text = _broken("stars = { node = 5, python = 3 }", "stars = { node = 5 }")
    assert _error(quiz_file, text) == "speed: option 'python' missing from `stars`"


def test_an_option_missing_from_a_factors_labels(quiz_file):
    text = _broken('labels = { node = "Fast", python = "Good" }', 'labels = { node = "Fast" }')
    assert _error(quiz_file, text) == "speed: option 'python' missing from `labels`"


def test_an_unknown_option_in_a_factors_stars(quiz_file):
    text = _broken("stars = { node = 5, python = 3 }", "stars = { node = 5, python = 3, go = 4 }")
    assert _error(quiz_file, text) == "speed: unknown option 'go' in `stars`"


OPTION = '[[options]]\nid = "python"\nname = "Python"\n'


def test_fewer_than_two_options(quiz_file):
    assert _error(quiz_file, _broken(OPTION, "")) == "options: at least 2 options are needed, got 1"


def test_more_than_four_options(quiz_file):
    extra = "".join(f'[[options]]\nid = "o{n}"\nname = "O{n}"\n' for n in range(3))
    assert _error(quiz_file, _broken(OPTION, OPTION + extra)) == "options: more than 4 options (5)"


def test_duplicate_option(quiz_file):
    text = _broken(OPTION, OPTION + OPTION)
    assert _error(quiz_file, text) == "options.python: duplicate option id"


@pytest.mark.parametrize("option_id", ["Node", "1st", "a-b", "x" * 17])
def test_malformed_option_id(quiz_file, option_id):
    text = _broken('id = "python"\nname', f'id = "{option_id}"\nname')
    assert _error(quiz_file, text).startswith("options[1]: missing or malformed `id`")


@pytest.mark.parametrize("slug", ["Tiny", "x", "a_b", "é-x", "a" * 41])
def test_bad_slug(quiz_file, slug):
    text = _broken('slug = "tiny"', f'slug = "{slug}"')
    assert _error(quiz_file, text).startswith("slug: must be 2 to 40 of a-z, 0-9 and -")


@pytest.mark.parametrize("slug", sorted(RESERVED_SLUGS))
def test_reserved_slug(quiz_file, slug):
    text = _broken('slug = "tiny"', f'slug = "{slug}"')
    assert _error(quiz_file, text) == (
        f"slug: {slug!r} is reserved (a top-level route of the site)")


def test_missing_slug(quiz_file):
    assert _error(quiz_file, _broken('slug = "tiny"\n', "")) == "slug: missing `slug`"


def test_verdict_text_missing_for_a_combined_verdict(quiz_file):
    start = MINIMAL.index("[verdicts.hybrid]")
    assert _error(quiz_file, MINIMAL[:start]) == "verdicts.hybrid: missing verdict text"


def test_verdict_lists_are_optional(quiz_file):
    text = _broken('ideal_projects = ["Big systems"]\n', "")
    assert load_quiz(quiz_file(text)).verdicts["hybrid"].ideal_projects == ()


def test_missing_prompt(quiz_file):
    text = _broken('prompt = "Live features?"\n', "")
    assert _error(quiz_file, text) == "live: missing `prompt`"


def test_negative_lean(quiz_file):
    text = _broken("lean = { python = 1.0 }", "lean = { python = -1.0 }")
    assert _error(quiz_file, text) == "live.no: lean must not be negative, got -1.0"


# -- hostile files: bounded before they cost anything, refused in one line ---------------------


def test_twenty_thousand_nested_brackets_are_one_line_not_a_recursion_error(quiz_file):
    text = MINIMAL + "deep = " + "[" * 20_000 + "\n"
    assert _error(quiz_file, text) == "toml: invalid TOML: nested too deeply"


@pytest.mark.parametrize("digits", [4_000, 5_000])
def test_an_integer_of_thousands_of_digits_is_one_short_line(quiz_file, digits):
    text = _broken("importance = { speed = 2.0 }", f"importance = {{ speed = {'7' * digits} }}")
    message = _error(quiz_file, text)
    assert len(message) < 200
    assert message.startswith(("live.yes: `importance.'speed'` must be a number",
                               "toml: invalid TOML: Exceeds the limit"))


def test_a_huge_star_rating_is_one_short_line(quiz_file):
    message = _error(quiz_file, _broken("stars = { node = 5", f"stars = {{ node = {'9' * 4_000}"))
    assert message == ("speed: `stars.node` must be an integer from 1 to 5, "
                       "got an integer of more than 30 digits")


def test_a_weight_beyond_the_limit(quiz_file):
    text = _broken("lean = { python = 1.0 }", "lean = { python = 1e9 }")
    assert _error(quiz_file, text) == (
        "live.no: `lean.'python'` must be a number from -1000 to 1000, got 1000000000.0")


def _extra_questions(count: int, choices: int = 2) -> str:
    """`count` more questions in step "two", each with `choices` choices."""
    blocks = []
    for n in range(count):
        blocks.append(f'[[questions]]\nid = "q{n}"\nprompt = "Q{n}?"\n' + "".join(
            f'  [[questions.choices]]\n  id = "c{c}"\n  label = "C{c}"\n  lean = {{ node = 1 }}\n'
            for c in range(choices)))
    ids = ", ".join(f'"q{n}"' for n in range(count))
    text = _broken('questions = ["team_size"]', f'questions = ["team_size", {ids}]')
    at = text.index("[[steps]]")
    return text[:at] + "\n".join(blocks) + "\n" + text[at:]


def test_the_question_limit_is_generous_and_enforced(quiz_file):
    load_quiz(quiz_file(_extra_questions(content.MAX_QUESTIONS - 2)))
    text = _extra_questions(content.MAX_QUESTIONS - 1)
    assert _error(quiz_file, text) == f"questions: more than {content.MAX_QUESTIONS} questions (61)"


def test_the_choice_limit(quiz_file):
    load_quiz(quiz_file(_extra_questions(1, content.MAX_CHOICES)))
    text = _extra_questions(1, content.MAX_CHOICES + 1)
    assert _error(quiz_file, text) == f"q0: more than {content.MAX_CHOICES} choices (21)"


def test_the_factor_limit(quiz_file):
    first = MINIMAL.index("[[factors]]")
    factor = MINIMAL[first:MINIMAL.index("[[factors]]", first + 1)]
    extra = "".join(factor.replace('id = "speed"', f'id = "f{n}"')
                    for n in range(content.MAX_FACTORS - 1))
    assert _error(quiz_file, MINIMAL.replace(factor, factor + extra)) == (
        f"factors: more than {content.MAX_FACTORS} factors (31)")


def test_the_step_limit(quiz_file):
    steps = "".join(f'\n[[steps]]\nid = "s{n}"\ntitle = "S"\nquestions = []\n'
                    for n in range(content.MAX_STEPS))
    assert _error(quiz_file, MINIMAL + steps) == (
        f"steps: more than {content.MAX_STEPS} steps ({content.MAX_STEPS + 2})")


def test_the_text_length_limit(quiz_file):
    text = _broken('prompt = "Live features?"', f'prompt = "{"x" * (content.MAX_TEXT + 1)}"')
    assert _error(quiz_file, text) == "live: `prompt` is longer than 1,000 characters"


def test_the_file_size_limit(quiz_file):
    text = MINIMAL + "#" * content.MAX_FILE_BYTES
    assert _error(quiz_file, text) == "file: larger than 256 KB"


def test_a_file_that_is_not_utf8(tmp_path):
    path = tmp_path / "latin1.toml"
    path.write_bytes(MINIMAL.encode() + b"# caf\xe9\n")
    with pytest.raises(QuizContentError, match=r"latin1.toml: file: not UTF-8 text$"):
        load_quiz(path)


def test_the_replay_benchmarks_file_is_at_the_limits_and_accepted():
    """benchmarks.replay times the worst upload the loader lets through: it must load."""
    from benchmarks.replay import biggest_accepted_quiz

    for required in (False, True):
        quiz = parse_quiz(biggest_accepted_quiz(required), "biggest")
        assert len(quiz.questions) == content.MAX_QUESTIONS
        assert len(quiz.factors) == content.MAX_FACTORS
        assert max(len(q.choices) for q in quiz.questions) == content.MAX_CHOICES


def test_a_combined_verdicts_cost_and_the_record_words_load(quiz_file):
    text = _broken('summary = "Choose both."', 'summary = "Choose both."\ncost = "two stacks."')
    text = text.replace("[[options]]", '[record]\nsubject = "Stack"\ncontext = "We asked."\n\n'
                        "[[options]]", 1)
    quiz = load_quiz(quiz_file(text))
    assert quiz.verdicts["hybrid"].cost == "two stacks."
    assert (quiz.record.subject, quiz.record.context) == ("Stack", "We asked.")
    assert load_quiz(quiz_file(MINIMAL)).record == content.RecordWords()  # both optional


def test_an_options_verdict_has_no_cost(quiz_file):
    text = _broken('summary = "Choose Python."', 'summary = "Choose Python."\ncost = "x"')
    assert _error(quiz_file, text).startswith("verdicts.python: `cost` is for a combined verdict")


@pytest.mark.parametrize(("record", "problem"), [
    ('record = "Stack"\n', "record: must be a table"),
    ('[record]\nsubjet = "Stack"\n', "record: unknown key 'subjet'"),
    ('[record]\nsubject = ""\n', "record: `subject` is empty"),
    ('[record]\ncontext = 3\n', "record: `context` must be a string"),
])
def test_bad_record_words(quiz_file, record, problem):
    head, _, rest = MINIMAL.partition("[[options]]")
    if not record.startswith("["):
        head, record = record + head, ""
    assert _error(quiz_file, head + record + "\n[[options]]" + rest) == problem
