"""The documented arithmetic with three options and a combined verdict, on the suite's own
fixture comparison (tests/fixtures/commute.toml), worked out by hand."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from advisor_web.quiz.decision_record import ENGLISH as RECORD_TEXTS
from advisor_web.quiz.decision_record import decision_record
from advisor_web.quiz.funnel import building_with_answers
from advisor_web.quiz.loader import load_quiz, parse_quiz
from advisor_web.quiz.scoring import Flip, outcome_to_dict, score, verdict_of
from advisor_web.staff import exports

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
QUIZ = load_quiz(FIXTURE)
NEAR_AND_KEEN = {"distance": "near", "fitness": "keen"}


def test_the_fixture_loads_with_three_options_and_a_combined_verdict():
    assert QUIZ.slug == "bus-bike-or-walk"
    assert QUIZ.option_ids == ("bus", "bike", "walk")
    assert QUIZ.verdict_ids == ("bus", "bike", "walk", "bike_and_bus")
    assert QUIZ.verdict_name("bike_and_bus") == "Bike + Bus"


def test_scores_are_importance_times_stars_plus_lean():
    # Importance: cost 1.0, speed 1.0 - 0.5 = 0.5, health 0.5 + 1.5 = 2.0.
    outcome = score(QUIZ, NEAR_AND_KEEN)
    assert dict(outcome.scores) == {
        "bus": 1.0 * 3 + 0.5 * 5 + 2.0 * 1,  # 7.5
        "bike": 1.0 * 4 + 0.5 * 4 + 2.0 * 5,  # 16.0
        "walk": 1.0 * 5 + 0.5 * 1 + 2.0 * 4 + 2,  # 15.5, with "near"'s lean
    }
    assert outcome.verdict == "bike"
    # The margin compares the two highest scores.
    assert outcome.margin == round((16.0 - 15.5) / (16.0 + 15.5), 3)
    assert outcome.margin_label == "close call"


def test_a_factor_row_favours_its_best_rated_option_by_the_gap_to_the_next():
    rows = score(QUIZ, NEAR_AND_KEEN).factors
    assert [(r.factor_id, r.importance, r.favours, r.contribution) for r in rows] == [
        ("health", 2.0, "bike", 2.0 * (5 - 4)),
        ("cost", 1.0, "walk", 1.0 * (5 - 4)),
        ("speed", 0.5, "bus", 0.5 * (5 - 4)),
    ]
    assert dict(rows[0].stars) == {"bus": 1, "bike": 5, "walk": 4}
    assert list(rows[0].labels) == ["bus", "bike", "walk"]


def test_a_reason_favours_the_option_its_answer_helps_most_over_the_next_best():
    reasons = score(QUIZ, NEAR_AND_KEEN).reasons
    # "near": speed -0.5 and walk +2 give bus -2.5, bike -2.0, walk +1.5: walk by 3.5.
    # "keen": health +1.5 gives bus 1.5, bike 7.5, walk 6.0: bike by 1.5.
    assert [(r.question, r.choice, r.favours, r.effect) for r in reasons] == [
        ("distance", "near", "walk", 3.5),
        ("fitness", "keen", "bike", 1.5),
    ]


def test_flips_are_the_single_changes_that_change_the_verdict():
    # Not keen: cost 1.5, speed 0.5, health 0.5 give bus 7.5, bike 10.5, walk 12.0.
    assert score(QUIZ, NEAR_AND_KEEN).flips == (Flip("fitness", "indifferent", "walk"),)


def test_the_combined_verdict_wins_when_its_when_holds_whatever_the_scores():
    rainy = {"distance": "far", "fitness": "keen", "weather": "rainy"}
    outcome = score(QUIZ, rainy)
    assert outcome.verdict == "bike_and_bus"
    assert outcome.scores["bike"] > outcome.scores["bus"]
    assert score(QUIZ, {**rainy, "weather": "dry"}).verdict == "bike"
    # A question that is not asked cannot make it hold: near drops the weather answer.
    assert score(QUIZ, {**rainy, "distance": "near"}).verdict == "bike"
    assert Flip("weather", "dry", "bike") in outcome.flips


EQUAL_STARS = FIXTURE.read_text().replace(
    "stars = { bus = 3, bike = 4, walk = 5 }", "stars = { bus = 3, bike = 3, walk = 3 }").replace(
    "stars = { bus = 5, bike = 4, walk = 1 }", "stars = { bus = 3, bike = 3, walk = 3 }").replace(
    "stars = { bus = 1, bike = 5, walk = 4 }", "stars = { bus = 3, bike = 3, walk = 3 }")


@pytest.mark.parametrize("tie_break, verdict", [
    ('tie_break = "bike"', "bike"),  # among the tied
    ('tie_break = "walk"', "walk"),
    ("", "bus"),  # none: the first tied option in file order
])
def test_a_tie_goes_to_the_tie_break_else_to_the_first_tied_option(tie_break, verdict):
    quiz = parse_quiz(EQUAL_STARS.replace('tie_break = "bike"', tie_break), "equal")
    answers = {"distance": "far", "fitness": "indifferent"}  # no lean: every score equal
    outcome = score(quiz, answers)
    assert len(set(outcome.scores.values())) == 1
    assert outcome.verdict == verdict_of(quiz, answers) == verdict


def test_the_tie_break_is_ignored_when_it_is_not_among_the_tied():
    quiz = parse_quiz(EQUAL_STARS.replace('tie_break = "bike"', 'tie_break = "walk"'), "equal")
    # "medium" leans 1 point to the bike: it wins alone.
    assert score(quiz, {"distance": "medium", "fitness": "keen"}).verdict == "bike"


def test_the_outcome_as_data_keys_scores_by_option():
    data = outcome_to_dict(score(QUIZ, NEAR_AND_KEEN))
    assert list(data["scores"]) == ["bus", "bike", "walk"]
    assert data["factors"][0]["stars"] == {"bus": 1, "bike": 5, "walk": 4}


def test_what_a_voter_may_build_with_is_the_options_then_the_rest():
    assert building_with_answers(QUIZ) == ("bus", "bike", "walk", "both", "other", "undecided")


def test_the_decision_record_names_every_option_s_score_as_the_language_lists_them():
    outcome = score(QUIZ, NEAR_AND_KEEN)  # bus 7.5, bike 16.0, walk 15.5
    english = decision_record(QUIZ, outcome, "https://example.org/result/x")
    assert "for our answers Bus scores 7.5, Bike scores 16.0, and Walk scores 15.5, a " \
           "margin of 2%." in english
    nepali = decision_record(QUIZ, outcome, "https://example.org/result/x",
                             replace(RECORD_TEXTS, locale="ne"))
    assert "Bus scores ७.५, Bike scores १६.० र Walk scores १५.५" in nepali


def test_an_export_has_a_score_column_per_option_in_the_quiz_s_order():
    header = exports.columns(QUIZ, answered=["distance", "retired_question"])
    assert header[:6] == ("date", "quiz_version", "verdict", "bus_score", "bike_score",
                          "walk_score")
    assert header[-1] == "retired_question"
