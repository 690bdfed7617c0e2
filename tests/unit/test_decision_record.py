"""The decision record: an ADR a tech lead can commit, built from the quiz and the outcome."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from advisor_web.languages import translated
from advisor_web.quiz import score
from advisor_web.quiz.decision_record import (
    ENGLISH,
    RecordTexts,
    decision_record,
    decision_record_filename,
)
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from advisor_web.quiz.versions import QuizVersions
from tests.support.answer_sets import ANSWERS_FOR_VERDICT, NODE_DELIVERY

PERMALINK = "https://advisor.example/result/Zq3xYk"
ADR_SECTIONS = ["Status", "Context", "Decision", "Consequences", "More information"]


def sections(markdown: str) -> tuple[str, dict[str, str]]:
    """The level-1 title and each level-2 section's body (its subsections included)."""
    title = re.findall(r"^# (.+)$", markdown, re.MULTILINE)
    assert len(title) == 1, "an ADR has exactly one title"
    parts = re.split(r"^## (.+)$", markdown, flags=re.MULTILINE)
    assert not parts[0].replace(f"# {title[0]}", "").strip(), "nothing between title and Status"
    names, bodies = parts[1::2], [body.strip() for body in parts[2::2]]
    assert len(set(names)) == len(names), f"a section appears twice: {names}"
    return title[0], dict(zip(names, bodies, strict=True))


@pytest.mark.parametrize("verdict", ["node", "python", "hybrid"])
def test_record_has_the_adr_sections_in_order_none_empty(quiz, verdict):
    outcome = score(quiz, ANSWERS_FOR_VERDICT[verdict])
    title, body = sections(decision_record(quiz, outcome, PERMALINK))

    assert quiz.verdicts[verdict].title in title
    assert list(body) == ADR_SECTIONS
    assert all(body.values()), [name for name, text in body.items() if not text]
    assert body["Status"] == "Proposed"


@pytest.mark.parametrize("verdict", ["node", "python", "hybrid"])
def test_context_states_every_answer_as_a_sentence(quiz, verdict):
    answers = ANSWERS_FOR_VERDICT[verdict]
    _, body = sections(decision_record(quiz, score(quiz, answers), PERMALINK))
    lines = [line[2:] for line in body["Context"].splitlines() if line.startswith("- ")]

    assert len(lines) == len(answers)
    for line, (question_id, choice_id) in zip(lines, answers.items(), strict=True):
        question = quiz.question(question_id)
        label = question.choice(choice_id).label
        assert line == f"Asked “{question.prompt}”, we answered “{label}”."


def test_decision_names_the_verdict_and_how_clear_cut_it_is(quiz):
    outcome = score(quiz, NODE_DELIVERY)
    _, body = sections(decision_record(quiz, outcome, PERMALINK))

    assert outcome.margin_label == "clear-cut"
    assert "Chosen option: **Node.js**." in body["Decision"]
    assert quiz.verdicts["node"].summary in body["Decision"]
    assert "This is a clear-cut call" in body["Decision"]
    assert f"Node.js scores {outcome.scores['node']:.1f}" in body["Decision"]
    assert f"Python scores {outcome.scores['python']:.1f}" in body["Decision"]
    assert f"a margin of {outcome.margin * 100:.0f}%" in body["Decision"]


def test_consequences_weigh_factors_for_and_against_the_chosen_stack(quiz):
    outcome = score(quiz, NODE_DELIVERY)
    _, body = sections(decision_record(quiz, outcome, PERMALINK))
    bullets = [line for line in body["Consequences"].splitlines() if line.startswith("- ")]
    good = [line for line in bullets if line.startswith("- Good, because ")]
    bad = [line for line in bullets if line.startswith("- Bad, because ")]

    for_node = [row.name for row in outcome.factors if row.favours == "node"]
    for_python = [row.name for row in outcome.factors if row.favours == "python"]
    assert for_node and for_python, "this answer set has factors on both sides"
    assert [_factor_name(line) for line in good] == for_node
    assert [_factor_name(line) for line in bad] == for_python
    real_time = next(line for line in good if "Real-Time Apps" in line)
    assert "Node.js rates 5/5 there (“Native support”) against 3/5 for Python" in real_time


def test_hybrid_counts_both_stacks_strengths_and_the_cost_of_running_two(quiz):
    outcome = score(quiz, ANSWERS_FOR_VERDICT["hybrid"])
    _, body = sections(decision_record(quiz, outcome, PERMALINK))
    bad = [line for line in body["Consequences"].splitlines() if line.startswith("- Bad, ")]

    assert "Python rates 5/5" in body["Consequences"]  # AI / ML, on Python's side
    assert "Node.js rates 5/5" in body["Consequences"]  # real time, on Node's side
    # The cost of a combined verdict is the comparison's own words (its verdict's `cost`).
    assert bad == ["- Bad, because the team runs two stacks: two languages, two sets of "
                   "tooling and deployments, and a network boundary between the API layer "
                   "and the ML services."]


def test_a_combined_verdict_without_its_own_cost_names_its_options():
    """The three-option fixture's combined verdict has no `cost`: the record says what any
    combined verdict costs, in the options' names, and no Node.js or Python."""
    commute = load_quiz(Path(__file__).parents[1] / "fixtures" / "commute.toml")
    outcome = score(commute, {"distance": "far", "fitness": "keen", "weather": "rainy"})
    record = decision_record(commute, outcome, PERMALINK)
    bad = [line for line in record.splitlines() if line.startswith("- Bad, ")]
    assert bad[-1] == ("- Bad, because Bike and Bus all have to be run and kept up side by "
                       "side.")
    assert "Node" not in record and "Python" not in record and "stack" not in record.lower()


def test_consequences_give_the_reasons_and_every_flip(quiz):
    outcome = score(quiz, ANSWERS_FOR_VERDICT["hybrid"])
    _, body = sections(decision_record(quiz, outcome, PERMALINK))
    consequences = body["Consequences"]

    assert outcome.reasons and outcome.flips
    for reason in outcome.reasons:
        assert reason.text in consequences
    flips = consequences.split("### What would change this decision", 1)[1]
    for flip in outcome.flips:
        question = quiz.question(flip.question)
        assert (
            f"- Answering “{question.choice(flip.choice).label}” to “{question.prompt}” "
            f"would recommend {quiz.verdicts[flip.verdict].title} instead."
        ) in flips


def test_a_robust_call_says_no_single_change_would_flip_it(quiz):
    outcome = score(quiz, NODE_DELIVERY)
    _, body = sections(decision_record(quiz, outcome, PERMALINK))

    assert outcome.flips == ()
    assert body["Consequences"].endswith(
        "### What would change this decision\n\n"
        "No single change to our answers would change this decision."
    )


def test_more_information_links_the_permalink_and_names_the_quiz_version(quiz):
    outcome = score(quiz, NODE_DELIVERY)
    _, body = sections(decision_record(quiz, outcome, PERMALINK))

    assert f"<{PERMALINK}>" in body["More information"]
    assert f"Quiz version: {quiz.version}." in body["More information"]


def test_quiz_text_that_looks_like_markdown_is_shown_as_written(quiz):
    question = quiz.question("project_type")
    choice = replace(question.choice("realtime"), label="A *live* app <b>[beta]</b>")
    tricky = replace(
        quiz,
        questions=tuple(
            replace(q, choices=tuple(choice if c.id == "realtime" else c for c in q.choices))
            if q.id == "project_type"
            else q
            for q in quiz.questions
        ),
    )
    record = decision_record(tricky, score(tricky, NODE_DELIVERY), PERMALINK)

    assert r"A \*live\* app \<b\>\[beta\]\</b\>" in record
    assert "<b>" not in record


def test_every_heading_and_phrase_can_be_translated(quiz):
    nepali = RecordTexts(
        title="{subject}: {verdict}",
        status_heading="स्थिति",
        status="प्रस्तावित",
        context_heading="सन्दर्भ",
        decision_heading="निर्णय",
        consequences_heading="परिणामहरू",
        more_heading="थप जानकारी",
    )
    outcome = score(quiz, NODE_DELIVERY)
    title, body = sections(decision_record(quiz, outcome, PERMALINK, texts=nepali))

    assert title == "Backend stack: Node.js"  # the subject is the (English) quiz's
    assert list(body) == ["स्थिति", "सन्दर्भ", "निर्णय", "परिणामहरू", "थप जानकारी"]
    assert body["स्थिति"] == "प्रस्तावित"


@pytest.mark.parametrize("verdict", ["node", "python", "hybrid"])
def test_file_name_says_what_was_decided(quiz, verdict):
    outcome = score(quiz, ANSWERS_FOR_VERDICT[verdict])
    assert decision_record_filename(outcome) == f"adr-backend-{verdict}.md"


def _factor_name(line: str) -> str:
    return line.removeprefix("- Good, because ").removeprefix("- Bad, because ").split(" is of ")[0]


def test_the_node_vs_python_record_keeps_its_words_in_english_and_nepali(quiz):
    """The comparison's own `[record]` and hybrid `cost` give the words the record had when
    they were written into the code, letter for letter."""
    outcome = score(quiz, ANSWERS_FOR_VERDICT["hybrid"])
    english = decision_record(quiz, outcome, PERMALINK)
    assert english.startswith("# Backend stack — Both: Node.js and Python\n")
    assert "\n\nWe answered the Backend Advisor quiz about the backend we are about to build."\
           "\n\n- Asked" in english

    nepali_quiz = QuizVersions(DEFAULT_QUIZ_FILE, "ne").live
    nepali = decision_record(nepali_quiz, outcome, PERMALINK, translated(ENGLISH, "ne"))
    assert nepali.startswith("# ब्याकएन्ड स्ट्याक — दुवै: Node.js र Python\n")
    assert "\n\nहामीले बनाउन लागेको ब्याकएन्डबारे ब्याकएन्ड सल्लाहकारको क्विजमा उत्तर दियौँ।"\
           "\n\n- " in nepali
    assert "\n- नराम्रो, किनकि टिमले दुई स्ट्याक चलाउनुपर्छ: दुई भाषा, दुई किसिमका टुल र "\
           "डिप्लोयमेन्ट, र API लेयर र मेसिन लर्निङ सेवाबीच नेटवर्कको सीमा।\n" in nepali


def test_a_comparison_without_record_words_is_named_by_its_title():
    commute = load_quiz(Path(__file__).parents[1] / "fixtures" / "commute.toml")
    record = decision_record(commute, score(commute, {"distance": "near", "fitness": "keen"}),
                             PERMALINK)
    assert record.startswith("# Bus, bike or walk to work — Bike\n")
    assert "We answered the quiz “Bus, bike or walk to work”." in record
