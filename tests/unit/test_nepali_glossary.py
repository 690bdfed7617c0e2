"""The Nepali quiz uses one word per term, the glossary's, and keeps technical names as is."""

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from advisor_web.quiz.content import QuizContentError
from advisor_web.quiz.glossary import devanagari_share, load_glossary
from advisor_web.quiz.translation import load_translation, quiz_texts
from tests.unit.scenarios import QUIZ

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "data"
CATALOG = ROOT / "advisor_web/translations/ne/LC_MESSAGES/messages.po"
GLOSSARY = load_glossary(DATA / "glossary.ne.toml")
ENGLISH_TEXTS = quiz_texts(QUIZ)
NEPALI_TEXTS = quiz_texts(load_translation(QUIZ, DATA / "backend.ne.toml"))

# The terms the issue asks every Nepali page to say the same way.
CORE_TERMS = [
    "performance",
    "scalability",
    "real-time",
    "machine learning",
    "artificial intelligence",
    "team",
    "backend",
    "frontend",
    "framework",
    "ecosystem",
    "learning curve",
    "concurrency",
    "data processing",
    "microservices",
    "verdict",
    "hybrid",
]
# Words of the result page's interface (Flask-Babel), not of the quiz file's texts.
INTERFACE_ONLY = {"verdict", "hybrid"}


def _term(form):
    return next(term for term in GLOSSARY.terms if form in term.english)


@pytest.mark.parametrize("form", CORE_TERMS)
def test_the_glossary_has_a_nepali_word_for_each_core_term(form):
    term = _term(form)
    assert devanagari_share(term.translated) == 1.0


def test_no_english_form_is_in_two_terms():
    forms = [form.lower() for term in GLOSSARY.terms for form in term.english]
    assert len(forms) == len(set(forms))


def test_the_nepali_quiz_says_every_term_the_glossary_way():
    assert GLOSSARY.mistranslated(ENGLISH_TEXTS, NEPALI_TEXTS) == []


def test_the_glossary_is_enforced_on_the_quiz_texts():
    """Every term but the interface's is used by some English text, so its check bites."""
    unused = {
        term.english[0]
        for term in GLOSSARY.terms
        if not any(term.used_in(text) for text in ENGLISH_TEXTS.values())
    }
    assert unused == INTERFACE_ONLY
    assert sum(1 for text in ENGLISH_TEXTS.values() if _term("team").used_in(text)) > 10


def test_another_word_for_a_term_is_caught():
    where = "questions.team_language.prompt"
    assert "टिम" in NEPALI_TEXTS[where]
    drifted = {**NEPALI_TEXTS, where: NEPALI_TEXTS[where].replace("टिम", "समूह")}
    assert GLOSSARY.mistranslated(ENGLISH_TEXTS, drifted) == [f"{where}: 'team' should read 'टिम'"]


def test_a_term_is_found_in_any_case_and_only_as_a_whole_word():
    live = _term("live")
    assert live.used_in("Live features and AI") == "Live"
    assert live.used_in("your product lives at the intersection") is None
    assert _term("AI").used_in("AI-powered applications") == "AI"
    assert _term("ML").used_in("HTML templates") is None


def test_a_translated_technical_name_is_caught():
    where = "factors.performance.verdict"
    renamed = {**NEPALI_TEXTS, where: NEPALI_TEXTS[where].replace("FastAPI", "फास्टएपीआई")}
    assert GLOSSARY.mistranslated(ENGLISH_TEXTS, renamed) == [
        f"{where}: 'FastAPI' should stay as it is"
    ]


# Words of a government textbook, or idioms that said something else, that the revision of
# issue 22 replaced with what Kathmandu's developers say (the glossary's notes give each one).
RETIRED = {
    "समवर्तिता": "concurrency is कन्करेन्सी",
    "सिकाइ वक्र": "learning curve is लर्निङ कर्भ",
    "संरचना": "architecture is आर्किटेक्चर",
    "विस्तारयोग्यता": "scalability is स्केलेबिलिटी",
    "कार्यसम्पादन": "performance is परफर्मेन्स (कार्यसम्पादन is a staff appraisal)",
    "ढिलाइ": "latency is लेटेन्सी",
    "अनुमान": "model inference is इन्फरेन्स (अनुमान is a guess)",
    "उपकरण": "a software tool is a टुल, a device a डिभाइस",
    "इन्डपोइन्ट": "endpoint is एन्डपोइन्ट",
    "आँखा लगा": "to covet; watching the bill is बिलमा नजर राख्नु",
    "ढल्क": "to slump; leaning towards is तिर झुक्नु",
    "सार्वजनिक गर": "an internal tool is never made public: रिलिज/लन्च गर्नु",
    "केन्द्रीय मेसिन लर्निङ": "centralised ML; ML at the heart is प्रोडक्टको मूलमै",
}


def nepali_interface_texts() -> dict[str, str]:
    with open(CATALOG, "rb") as file:
        catalog = read_po(file, locale="ne")
    texts = {}
    for message in catalog:
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for n, text in enumerate(strings):
            texts[f"messages.po: {message.id!r}[{n}]"] = text
    return texts


def test_no_retired_textbook_word_or_wrong_idiom_is_left():
    everywhere = {**NEPALI_TEXTS, **nepali_interface_texts()}
    left = [f"{where}: {word} ({why})" for where, text in everywhere.items()
            for word, why in RETIRED.items() if word in text]
    assert left == []


def test_a_returning_textbook_word_is_caught():
    where = "factors.scalability.verdict"
    drifted = NEPALI_TEXTS[where].replace("आर्किटेक्चर", "संरचना")
    assert [word for word in RETIRED if word in drifted] == ["संरचना"]


def test_a_yes_no_question_is_answered_with_its_own_verb():
    prompt = NEPALI_TEXTS["questions.ai_ml.prompt"]
    assert prompt.endswith("प्रयोग गर्छ?")
    assert NEPALI_TEXTS["questions.ai_ml.choices.none.label"] == "गर्दैन"
    assert NEPALI_TEXTS["questions.ai_ml.choices.core.label"].startswith("गर्छ")
    helpful = nepali_interface_texts()
    assert (helpful["messages.po: 'Yes'[0]"], helpful["messages.po: 'No'[0]"]) == ("भयो", "भएन")


def test_kept_names_include_the_article_s_technical_names():
    assert {
        "Node.js",
        "Python",
        "Django",
        "FastAPI",
        "Express.js",
        "Socket.io",
        "npm",
        "PyPI",
        "API",
        "REST",
        "gRPC",
    } <= set(GLOSSARY.keep)


def _glossary_error(tmp_path, text):
    path = tmp_path / "glossary.ne.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(QuizContentError) as caught:
        load_glossary(path)
    return str(caught.value).removeprefix(f"{path}: ")


def test_glossary_term_without_its_translation(tmp_path):
    text = 'lang = "ne"\nkeep = ["API"]\n[[terms]]\nen = ["team"]\nnp = "टिम"\n'
    assert _glossary_error(tmp_path, text) == "terms[0]: unknown key 'np'"
    text = 'lang = "ne"\nkeep = ["API"]\n[[terms]]\nen = ["team"]\n'
    assert _glossary_error(tmp_path, text) == "terms[0]: missing `ne`"


def test_glossary_without_keep_list(tmp_path):
    text = 'lang = "ne"\n[[terms]]\nen = ["team"]\nne = "टिम"\n'
    assert _glossary_error(tmp_path, text) == "keep: must be a non-empty list of strings"
