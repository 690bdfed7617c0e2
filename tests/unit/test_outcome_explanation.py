"""What an Outcome tells the visitor: the factor table, the reasons, the what-ifs, the JSON."""

import json

from advisor_web.quiz.scoring import outcome_to_dict, score
from tests.unit.scenarios import answers

HYBRID = answers(
    "realtime", realtime="core", ai_ml="core", team_size="large", frontend="js_framework"
)


def test_factor_table_has_every_factor_most_important_first(quiz):
    rows = score(quiz, answers("realtime", realtime="core")).factors
    assert sorted(row.factor_id for row in rows) == sorted(f.id for f in quiz.factors)
    assert rows[0].factor_id == "realtime_apps"
    assert rows[0].importance_label == "Critical"
    importances = [row.importance for row in rows]
    assert importances == sorted(importances, reverse=True)


def test_equally_important_factors_keep_the_articles_order(quiz):
    rows = score(quiz, answers("saas")).factors
    article_order = [f.id for f in quiz.factors]
    for before, after in zip(rows, rows[1:], strict=False):
        if before.importance == after.importance:
            assert article_order.index(before.factor_id) < article_order.index(after.factor_id)


def test_factor_contribution_is_importance_times_the_star_gap_for_the_side_it_favours(quiz):
    for row in score(quiz, HYBRID).factors:
        gap = row.stars["node"] - row.stars["python"]
        assert row.contribution == abs(row.importance * gap)
        assert row.favours == ("" if row.contribution == 0 else "node" if gap > 0 else "python")


def test_factor_rows_carry_the_articles_ratings_and_verdicts(quiz):
    rows = {row.factor_id: row for row in score(quiz, answers("saas")).factors}
    assert (rows["ai_ml"].labels["node"], rows["ai_ml"].labels["python"]) == (
        "Via microservices",
        "Native, unmatched",
    )
    assert rows["ai_ml"].verdict == (
        "Python wins completely when AI and machine learning are core to the product."
    )


def test_factors_that_do_not_apply_matter_least(quiz):
    rows = {row.factor_id: row for row in score(quiz, answers("saas")).factors}
    for factor_id in ("realtime_apps", "ai_ml", "data_science", "full_stack_js"):
        assert rows[factor_id].importance == 0
        assert rows[factor_id].importance_label == "Low"


def test_reasons_are_the_strongest_answers_first(quiz):
    reasons = score(quiz, answers("ai_product", ai_ml="core", team_language="python")).reasons
    assert 1 <= len(reasons) <= 5
    assert reasons[0].question == "ai_ml"
    assert reasons[0].favours == "python" and reasons[0].effect > 0
    assert "Python wins completely" in reasons[0].text
    strengths = [abs(reason.effect) for reason in reasons]
    assert strengths == sorted(strengths, reverse=True)


def test_team_size_leads_the_reasons_when_it_decides_hybrid_or_one_stack(quiz):
    hybrid = score(quiz, HYBRID)
    solo = score(quiz, {**HYBRID, "team_size": "solo"})
    assert (hybrid.reasons[0].question, hybrid.reasons[0].choice) == ("team_size", "large")
    assert (solo.reasons[0].question, solo.reasons[0].choice) == ("team_size", "solo")
    assert "pick one" in solo.reasons[0].text


def test_hybrid_flips_to_one_stack_for_a_small_team(quiz):
    flips = {(f.question, f.choice): f.verdict for f in score(quiz, HYBRID).flips}
    assert flips[("team_size", "solo")] == "node"
    assert flips[("team_size", "small")] == "node"
    assert flips[("ai_ml", "none")] == "node"
    assert ("team_size", "medium") not in flips


def test_unanswered_team_size_flips_to_hybrid_when_answered_big(quiz):
    given = {k: v for k, v in HYBRID.items() if k != "team_size"}
    flips = {(f.question, f.choice): f.verdict for f in score(quiz, given).flips}
    assert flips[("team_size", "large")] == "hybrid"
    assert flips[("team_size", "medium")] == "hybrid"


def test_clear_cut_verdict_has_no_flips(quiz):
    outcome = score(
        quiz,
        answers(
            "realtime",
            realtime="core",
            team_language="javascript",
            frontend="js_framework",
            concurrency="high",
        ),
    )
    assert outcome.flips == ()


def test_outcome_carries_the_normalised_answers_and_quiz_version(quiz):
    outcome = score(quiz, {**answers("saas"), "team_size": "large"})
    assert dict(outcome.answers) == answers("saas")
    assert outcome.quiz_version == quiz.version


def test_outcome_to_dict_is_json_with_exactly_the_documented_keys(quiz):
    data = outcome_to_dict(score(quiz, HYBRID))
    assert json.loads(json.dumps(data)) == data
    assert set(data) == {
        "verdict",
        "scores",
        "margin",
        "margin_label",
        "factors",
        "reasons",
        "flips",
        "quiz_version",
        "answers",
    }
    assert set(data["scores"]) == {"node", "python"}
    assert len(data["factors"]) == 8
    assert set(data["factors"][0]) == {
        "factor_id",
        "name",
        "importance",
        "importance_label",
        "stars",
        "labels",
        "favours",
        "contribution",
        "verdict",
    }
    assert set(data["reasons"][0]) == {"question", "choice", "text", "favours", "effect"}
    assert {"question": "team_size", "choice": "solo", "verdict": "node"} in data["flips"]
    assert data["verdict"] == "hybrid"
