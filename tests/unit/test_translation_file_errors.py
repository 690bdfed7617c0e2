"""A mistake in a translation stops loading with one line: "<file>: <where>: <problem>".

Each test breaks a complete translation of the tiny quiz in scenarios.py in one place.
"""

import pytest

from advisor_web.quiz.content import QuizContentError
from advisor_web.quiz.loader import load_quiz
from advisor_web.quiz.translation import load_translation
from tests.unit.scenarios import MINIMAL

# Every text of MINIMAL, in Nepali; `help` is absent because MINIMAL has none.
TRANSLATION = """\
version = "test"
lang = "ne"
title = "सानो तुलना"

[options.node]
name = "Node.js"

[options.python]
name = "Python"

[factors.speed]
name = "गति"
labels = { node = "छिटो", python = "राम्रो" }
verdict = "Node.js छिटो छ।"

[factors.ml]
name = "मेसिन लर्निङ"
labels = { node = "सेवामार्फत", python = "मूलमै" }
verdict = "Python जित्छ।"

[questions.live]
prompt = "लाइभ सुविधा?"

[questions.live.choices.yes]
label = "हो"

[questions.live.choices.no]
label = "होइन"

[questions.team_size]
prompt = "टिम कति ठूलो छ?"

[questions.team_size.choices.small]
label = "सानो"

[questions.team_size.choices.large]
label = "ठूलो"

[steps.one]
title = "सुविधा"

[steps.two]
title = "टिम"

[verdicts.node]
title = "Node.js"
summary = "Node.js छान्नुहोस्।"
ideal_projects = ["च्याट"]
frameworks = ["Express.js"]

[verdicts.python]
title = "Python"
summary = "Python छान्नुहोस्।"
ideal_projects = ["विश्लेषण"]
frameworks = ["Django"]

[verdicts.hybrid]
title = "दुवै"
summary = "दुवै छान्नुहोस्।"
ideal_projects = ["ठूला प्रणाली"]
frameworks = ["Node.js API, Python मेसिन लर्निङ"]
"""


@pytest.fixture
def english(quiz_file):
    return load_quiz(quiz_file(MINIMAL))


@pytest.fixture
def error(english, tmp_path):
    """Load `text` as a translation of the tiny quiz; return its one-line error without the
    file name, after checking that the line starts with it."""

    def load(text: str) -> str:
        path = tmp_path / "quiz.ne.toml"
        path.write_text(text, encoding="utf-8")
        with pytest.raises(QuizContentError) as caught:
            load_translation(english, path)
        message = str(caught.value)
        assert message.startswith(f"{path}: ")
        assert "\n" not in message
        return message.removeprefix(f"{path}: ")

    return load


def _broken(old, new, count=1):
    assert TRANSLATION.count(old) == count, old
    return TRANSLATION.replace(old, new, 1)


def test_complete_translation_loads(english, tmp_path):
    path = tmp_path / "quiz.ne.toml"
    path.write_text(TRANSLATION, encoding="utf-8")
    nepali = load_translation(english, path)
    assert nepali.question("live").prompt == "लाइभ सुविधा?"
    assert nepali.question("live").choice("no").lean == english.question("live").choice("no").lean
    assert nepali.factors[1].name == "मेसिन लर्निङ"
    assert nepali.verdicts["python"].ideal_projects == ("विश्लेषण",)
    assert english.question("live").prompt == "Live features?"  # the English quiz is untouched


def test_missing_file(english, tmp_path):
    with pytest.raises(QuizContentError, match="nowhere.ne.toml: file: cannot read"):
        load_translation(english, tmp_path / "nowhere.ne.toml")


def test_toml_syntax_error_names_the_file(error):
    assert error(_broken('lang = "ne"', 'lang = "ne')).startswith("toml: invalid TOML")


def test_missing_version(error):
    assert error(_broken('version = "test"\n', "")) == "version: missing `version`"


def test_version_differs_from_the_english_file(error):
    text = _broken('version = "test"', 'version = "2024.9"')
    assert error(text) == "version: is '2024.9' but the English file's is 'test'"


def test_missing_lang(error):
    assert error(_broken('lang = "ne"\n', "")) == "lang: missing `lang`"


def test_unknown_lang(error):
    assert (
        error(_broken('lang = "ne"', 'lang = "en"')) == "lang: unknown language 'en' (expected ne)"
    )


def test_unknown_top_level_key(error):
    assert error(_broken('lang = "ne"', 'lang = "ne"\nlanguage = "ne"')) == (
        "file: unknown key 'language'"
    )


def test_missing_question(error):
    start = TRANSLATION.index("[questions.team_size]")
    text = TRANSLATION[:start] + TRANSLATION[TRANSLATION.index("[steps.one]") :]
    assert error(text) == "questions.team_size: missing translation"


def test_missing_choice(error):
    assert error(_broken('[questions.live.choices.no]\nlabel = "होइन"\n', "")) == (
        "questions.live.choices.no: missing translation"
    )


def test_missing_step(error):
    assert error(_broken('[steps.two]\ntitle = "टिम"\n', "")) == "steps.two: missing translation"


def test_missing_factor(error):
    start = TRANSLATION.index("[factors.ml]")
    end = TRANSLATION.index("[questions.live]")
    text = TRANSLATION[:start] + TRANSLATION[end:]
    assert error(text) == "factors.ml: missing translation"


def test_missing_verdict(error):
    text = TRANSLATION[: TRANSLATION.index("[verdicts.hybrid]")]
    assert error(text) == "verdicts.hybrid: missing translation"


def test_missing_section(error):
    text = TRANSLATION[: TRANSLATION.index("[verdicts.node]")]
    assert error(text) == "verdicts: missing [verdicts] tables"


def test_missing_text(error):
    assert error(_broken('prompt = "लाइभ सुविधा?"\n', "")) == "questions.live: missing `prompt`"


def test_missing_verdict_text(error):
    assert error(_broken('summary = "दुवै छान्नुहोस्।"\n', "")) == ("verdicts.hybrid: missing `summary`")


def test_unknown_question_id(error):
    text = TRANSLATION + '\n[questions.extra]\nprompt = "अरू केही?"\n'
    assert error(text) == "questions.extra: unknown id (not in the English file)"


def test_unknown_choice_id(error):
    text = _broken("[questions.live.choices.no]", "[questions.live.choices.maybe]")
    assert error(text) == "questions.live.choices.maybe: unknown id (not in the English file)"


def test_unknown_verdict_id(error):
    text = TRANSLATION + '\n[verdicts.go]\ntitle = "Go"\n'
    assert error(text) == "verdicts.go: unknown id (not in the English file)"


def test_unknown_key(error):
    text = _broken('[steps.one]\ntitle = "सुविधा"', '[steps.one]\ntitle = "सुविधा"\ntitel = "x"')
    assert error(text) == "steps.one: unknown key 'titel'"


def test_weights_are_not_repeated(error):
    text = _broken('label = "हो"', 'label = "हो"\nimportance = { speed = 2.0 }')
    assert error(text) == "questions.live.choices.yes: unknown key 'importance'"


def test_text_the_english_leaves_empty(error):
    text = _broken('label = "हो"', 'label = "हो"\nhelp = "लाइभ भए"')
    assert error(text) == "questions.live.choices.yes: `help` has no English text to translate"


def test_empty_text(error):
    assert error(_broken('title = "सुविधा"', 'title = "  "')) == "steps.one: `title` is empty"


def test_text_that_is_not_a_string(error):
    assert error(_broken('label = "ठूलो"', "label = 3")) == (
        "questions.team_size.choices.large: `label` must be a string"
    )


def test_list_of_the_wrong_length(error):
    text = _broken('ideal_projects = ["च्याट"]', 'ideal_projects = ["च्याट", "खेल"]')
    assert error(text) == ("verdicts.node: `ideal_projects` has 2 lines but the English file has 1")


def test_list_with_an_empty_line(error):
    assert error(_broken('frameworks = ["Django"]', 'frameworks = [""]')) == (
        "verdicts.python: `frameworks` must be a list of non-empty strings"
    )


def test_item_that_is_not_a_table(error):
    text = _broken('[steps.two]\ntitle = "टिम"\n', "")
    text = text.replace("[steps.one]", '[steps]\ntwo = "टिम"\n\n[steps.one]')
    assert error(text) == "steps.two: must be a table of texts"


def test_the_record_words_and_a_cost_are_translated_or_refused(quiz_file, tmp_path):
    english = load_quiz(quiz_file(
        MINIMAL.replace('summary = "Choose both."', 'summary = "Choose both."\ncost = "two."')
        .replace("[[options]]", '[record]\nsubject = "Stack"\n\n[[options]]', 1)))
    path = tmp_path / "quiz.ne.toml"

    def load(text):
        path.write_text(text, encoding="utf-8")
        return load_translation(english, path)

    with pytest.raises(QuizContentError, match=r": verdicts.hybrid: missing `cost`$"):
        load(TRANSLATION)
    with_cost = TRANSLATION.replace('summary = "दुवै छान्नुहोस्।"',
                                    'summary = "दुवै छान्नुहोस्।"\ncost = "दुई।"')
    with pytest.raises(QuizContentError, match=r": record: missing `subject`$"):
        load(with_cost)
    nepali = load(with_cost.replace("[options.node]", '[record]\nsubject = "स्ट्याक"\n\n'
                                    "[options.node]", 1))
    assert (nepali.record.subject, nepali.verdicts["hybrid"].cost) == ("स्ट्याक", "दुई।")
    assert nepali.record.context == ""  # the English has none to translate


def test_record_words_the_english_file_lacks_are_refused(error):
    text = TRANSLATION.replace("[options.node]", '[record]\nsubject = "स्ट्याक"\n\n'
                               "[options.node]", 1)
    assert error(text) == "record: `subject` has no English text to translate"
