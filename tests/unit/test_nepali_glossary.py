"""The Nepali quiz uses one word per term, the glossary's, and keeps technical names as is."""

from pathlib import Path

import pytest

from advisor_web.quiz.content import QuizContentError
from advisor_web.quiz.glossary import devanagari_share, load_glossary
from advisor_web.quiz.translation import load_translation, quiz_texts
from tests.unit.scenarios import QUIZ

DATA = Path(__file__).resolve().parents[2] / "data"
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
