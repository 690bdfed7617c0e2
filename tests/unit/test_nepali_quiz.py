"""The shipped Nepali quiz: every text translated, the same advice as the English one."""

from pathlib import Path

import pytest
from hypothesis import given, settings

from advisor_web.quiz.glossary import devanagari_share, load_glossary
from advisor_web.quiz.scoring import Outcome, score
from advisor_web.quiz.translation import (
    LANGUAGES,
    load_translation,
    quiz_texts,
    translations_for,
)
from tests.support.answer_sets import HYBRID_LARGE_TEAM, NODE_DELIVERY, PYTHON_AI, SOLO_SAME_NEEDS
from tests.unit.scenarios import QUIZ, answer_sets, answers

DATA = Path(__file__).resolve().parents[2] / "data"
NEPALI = load_translation(QUIZ, DATA / "backend.ne.toml")
GLOSSARY = load_glossary(DATA / "glossary.ne.toml")
ENGLISH_TEXTS = quiz_texts(QUIZ)
NEPALI_TEXTS = quiz_texts(NEPALI)


def _advice(outcome: Outcome) -> tuple:
    """Everything an outcome decides, without the words it is told in."""
    return (
        outcome.verdict,
        dict(outcome.scores),
        outcome.margin,
        outcome.margin_label,
        [(r.factor_id, r.importance, r.contribution) for r in outcome.factors],
        [(r.question, r.choice, r.effect) for r in outcome.reasons],
        outcome.flips,
        outcome.quiz_version,
        dict(outcome.answers),
    )


def test_the_nepali_quiz_is_found_beside_the_english_one():
    assert LANGUAGES == ("en", "ne")
    assert translations_for(DATA / "backend.toml") == {
        "en": DATA / "backend.toml",
        "ne": DATA / "backend.ne.toml",
    }


def test_an_archived_quiz_finds_its_own_translation(tmp_path):
    archived = tmp_path / "2025.1.toml"
    assert translations_for(archived) == {"en": archived}
    (tmp_path / "2025.1.ne.toml").write_text("", encoding="utf-8")
    assert translations_for(archived) == {"en": archived, "ne": tmp_path / "2025.1.ne.toml"}


def test_the_nepali_quiz_keeps_every_id_weight_condition_and_the_version():
    assert NEPALI is not QUIZ
    assert NEPALI.version == QUIZ.version
    assert NEPALI.source == str(DATA / "backend.ne.toml")
    assert NEPALI.combined == QUIZ.combined and NEPALI.tie_break == QUIZ.tie_break
    assert (NEPALI.slug, NEPALI.option_ids) == (QUIZ.slug, QUIZ.option_ids)
    for english, nepali in zip(QUIZ.questions, NEPALI.questions, strict=True):
        assert (nepali.id, nepali.required, nepali.condition) == (
            english.id,
            english.required,
            english.condition,
        )
        assert [(c.id, c.importance, c.lean) for c in nepali.choices] == [
            (c.id, c.importance, c.lean) for c in english.choices
        ]
    assert [(s.id, s.question_ids) for s in NEPALI.steps] == [
        (s.id, s.question_ids) for s in QUIZ.steps
    ]
    assert [(f.id, f.stars, f.base_importance) for f in NEPALI.factors] == [
        (f.id, f.stars, f.base_importance) for f in QUIZ.factors
    ]
    assert list(NEPALI.verdicts) == list(QUIZ.verdicts)


def test_every_english_text_has_a_nepali_one():
    assert NEPALI_TEXTS.keys() == ENGLISH_TEXTS.keys()
    assert len(ENGLISH_TEXTS) > 150  # prompts, helps, labels, whys, steps, factors, verdicts


def test_every_text_is_translated_except_the_kept_names():
    untranslated = [
        where
        for where, text in NEPALI_TEXTS.items()
        if text == ENGLISH_TEXTS[where] and devanagari_share(GLOSSARY.without_kept_names(text))
    ]
    assert untranslated == []
    # What stays the same is only names: "Node.js", "Python", "Express.js"...
    same = {t for w, t in NEPALI_TEXTS.items() if t == ENGLISH_TEXTS[w]}
    assert same and same <= set(GLOSSARY.keep)


@pytest.mark.parametrize("where", sorted(NEPALI_TEXTS))
def test_nepali_texts_are_written_in_devanagari(where):
    share = devanagari_share(GLOSSARY.without_kept_names(NEPALI_TEXTS[where]))
    assert share is None or share >= 0.9, NEPALI_TEXTS[where]


def test_all_nepali_texts_together_are_at_least_ninety_percent_devanagari():
    together = " ".join(GLOSSARY.without_kept_names(t) for t in NEPALI_TEXTS.values())
    assert devanagari_share(together) >= 0.9


def test_devanagari_share_counts_vowel_signs_as_letters_and_ignores_the_rest():
    assert devanagari_share("टिमको") == 1.0  # ि and ो are combining marks, not letters
    assert devanagari_share("टिम team") == pytest.approx(3 / 7)
    assert devanagari_share("२ - ४ (?)") is None
    # "API" is a kept name on its own, not inside another word; Nepali may follow it directly.
    assert GLOSSARY.without_kept_names("OpenAPI र API, Node.jsको") == "OpenAPI र  ,  को"


@pytest.mark.parametrize(
    "given",
    [NODE_DELIVERY, PYTHON_AI, HYBRID_LARGE_TEAM, SOLO_SAME_NEEDS],
    ids=["node_delivery", "python_ai", "hybrid_large_team", "solo_same_needs"],
)
def test_the_article_answer_sets_get_the_same_advice_in_nepali(given):
    english, nepali = score(QUIZ, given), score(NEPALI, given)
    assert _advice(nepali) == _advice(english)


@pytest.mark.parametrize(
    "given",
    [
        answers("internal_tool", crud_admin="yes"),
        answers("fintech", concurrency="massive", cost_sensitive="yes"),
        answers("saas", team_language="neither", team_experience="new", ship_speed="asap"),
    ],
    ids=["admin_tool", "low_latency_fintech", "new_team_saas"],
)
def test_scenarios_get_the_same_advice_in_nepali(given):
    assert _advice(score(NEPALI, given)) == _advice(score(QUIZ, given))


@settings(max_examples=150, deadline=None)
@given(answer_sets())
def test_any_answer_set_gets_the_same_advice_in_nepali(given):
    assert _advice(score(NEPALI, given)) == _advice(score(QUIZ, given))


def test_the_nepali_outcome_explains_itself_in_nepali():
    outcome = score(NEPALI, HYBRID_LARGE_TEAM)
    assert outcome.verdict == "hybrid"
    assert outcome.flips == score(QUIZ, HYBRID_LARGE_TEAM).flips != ()
    for reason in outcome.reasons:
        assert reason.text == NEPALI.question(reason.question).choice(reason.choice).why
        assert devanagari_share(GLOSSARY.without_kept_names(reason.text)) >= 0.9
    names = {row.factor_id: row.name for row in outcome.factors}
    assert names["learning_curve"] == "लर्निङ कर्भ (सिक्न कति सजिलो)"
    assert NEPALI.verdicts["hybrid"].title == "दुवै: Node.js र Python"
