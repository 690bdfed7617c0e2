"""Properties of the scoring engine over every answer set hypothesis can draw from the quiz."""

import math

import pytest
from hypothesis import given, settings

from advisor_web.quiz.loader import load_quiz
from advisor_web.quiz.scoring import outcome_to_dict, score
from tests.unit.scenarios import QUIZ, answer_sets, lead, rescore

many = settings(max_examples=200, deadline=None)


@many
@given(answer_sets())
def test_outcome_is_deterministic(given_answers):
    first = score(QUIZ, given_answers)
    assert score(QUIZ, dict(given_answers)) == first
    # A freshly loaded copy of the same file scores the same.
    again = score(load_quiz(QUIZ.source), dict(reversed(list(given_answers.items()))))
    assert outcome_to_dict(again) == outcome_to_dict(first)


@many
@given(answer_sets())
def test_an_outcome_to_store_has_the_verdict_and_scores_of_the_explained_one(given_answers):
    explained = score(QUIZ, given_answers)
    to_store = score(QUIZ, given_answers, explain=False)
    for kept in ("verdict", "scores", "margin", "margin_label", "quiz_version", "answers"):
        assert getattr(to_store, kept) == getattr(explained, kept)
    assert to_store.factors == to_store.reasons == to_store.flips == ()


@many
@given(answer_sets())
def test_raising_realtime_never_lowers_nodes_lead(given_answers):
    leads = [
        lead(rescore(QUIZ, given_answers, "realtime", level)) for level in ("none", "some", "core")
    ]
    assert leads == sorted(leads)


@many
@given(answer_sets())
@pytest.mark.parametrize("question_id", ["ai_ml", "data_processing"])
def test_raising_ml_or_data_never_lowers_pythons_lead(question_id, given_answers):
    python_leads = [
        -lead(rescore(QUIZ, given_answers, question_id, level))
        for level in ("none", "some", "core")
    ]
    assert python_leads == sorted(python_leads)


@many
@given(answer_sets())
def test_a_javascript_team_moves_the_scores_towards_node(given_answers):
    javascript = rescore(QUIZ, given_answers, "team_language", "javascript")
    neither = rescore(QUIZ, given_answers, "team_language", "neither")
    assert lead(javascript) > lead(neither)


@many
@given(answer_sets())
def test_a_python_team_moves_the_scores_towards_python(given_answers):
    python = rescore(QUIZ, given_answers, "team_language", "python")
    neither = rescore(QUIZ, given_answers, "team_language", "neither")
    assert lead(python) < lead(neither)


@many
@given(answer_sets())
def test_every_reported_flip_gives_the_verdict_it_names(given_answers):
    outcome = score(QUIZ, given_answers)
    for flip in outcome.flips:
        assert flip.verdict != outcome.verdict
        assert rescore(QUIZ, given_answers, flip.question, flip.choice).verdict == flip.verdict


@many
@given(answer_sets())
def test_every_single_change_that_changes_the_verdict_is_reported(given_answers):
    outcome = score(QUIZ, given_answers)
    reported = {(flip.question, flip.choice) for flip in outcome.flips}
    for question in QUIZ.questions:
        if not QUIZ.is_asked(question.id, given_answers):
            continue
        for choice_id in question.choice_ids():
            if choice_id == given_answers.get(question.id):
                continue
            changed = rescore(QUIZ, given_answers, question.id, choice_id)
            assert ((question.id, choice_id) in reported) == (changed.verdict != outcome.verdict)


@many
@given(answer_sets())
def test_hybrid_only_for_live_features_central_ml_and_a_big_enough_team(given_answers):
    hybrid = (
        given_answers["realtime"] in {"core", "some"}
        and given_answers["ai_ml"] == "core"
        and given_answers.get("team_size") in {"medium", "large"}
    )
    assert (score(QUIZ, given_answers).verdict == "hybrid") == hybrid


@many
@given(answer_sets())
def test_winner_has_the_higher_score_unless_hybrid(given_answers):
    outcome = score(QUIZ, given_answers)
    if outcome.verdict != "hybrid":
        other = "python" if outcome.verdict == "node" else "node"
        assert outcome.scores[outcome.verdict] >= outcome.scores[other]


@many
@given(answer_sets())
def test_each_answer_moves_nodes_lead_by_its_effect(given_answers):
    # effect = sum(importance delta x star spread) + lean.node - lean.python. No importance
    # ever floors at zero with the shipped weights, so the baseline plus every answer's
    # effect is exactly the lead, and a reason's effect is its answer's share of it.
    outcome = score(QUIZ, given_answers)
    baseline = sum(f.base_importance * (f.stars["node"] - f.stars["python"])
                   for f in QUIZ.factors)
    effects = {q: _effect(q, c) for q, c in given_answers.items()}
    assert math.isclose(baseline + sum(effects.values()), lead(outcome), abs_tol=1e-9)
    for reason in outcome.reasons:
        signed = reason.effect if reason.favours == "node" else -reason.effect
        assert math.isclose(signed, effects[reason.question], abs_tol=5e-3)


@many
@given(answer_sets())
def test_margin_is_the_score_gap_over_the_total(given_answers):
    outcome = score(QUIZ, given_answers)
    node, python = outcome.scores["node"], outcome.scores["python"]
    assert 0 <= outcome.margin < 1
    assert math.isclose(outcome.margin, abs(node - python) / (node + python), abs_tol=1e-3)


def _effect(question_id, choice_id):
    choice = QUIZ.question(question_id).choice(choice_id)
    spread = {f.id: f.stars["node"] - f.stars["python"] for f in QUIZ.factors}
    lean = dict(choice.lean)
    return (
        sum(delta * spread[factor_id] for factor_id, delta in choice.importance)
        + lean.get("node", 0.0)
        - lean.get("python", 0.0)
    )
