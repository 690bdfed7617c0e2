"""The Node.js vs Python quiz, converted to the N-option format, gives exactly what the
two-option engine gave: the same verdict, scores, margin, factor rows, reasons and flips for
every answer set (tests/support/engine_2025 is the frozen reference)."""

from __future__ import annotations

from hypothesis import given, settings

from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import score
from tests.support.engine_2025 import reference_quiz
from tests.support.engine_2025.scoring import score as score_2025
from tests.unit.scenarios import answer_sets

QUIZ = default_quiz()
REFERENCE = reference_quiz()


def _side(signed: float) -> str:
    """The old signed numbers put Node.js ahead when positive, Python when negative."""
    return "node" if signed > 0 else "python" if signed < 0 else ""


def assert_same(answers: dict[str, str]) -> None:
    new, old = score(QUIZ, answers), score_2025(REFERENCE, answers)
    assert new.verdict == old.verdict
    assert dict(new.scores) == {"node": old.scores["node"], "python": old.scores["python"]}
    assert list(new.scores) == ["node", "python"]
    assert (new.margin, new.margin_label) == (old.margin, old.margin_label)
    assert [(r.factor_id, r.name, r.importance, r.importance_label, dict(r.stars),
             dict(r.labels), r.favours, r.contribution, r.verdict) for r in new.factors] == [
        (r.factor_id, r.name, r.importance, r.importance_label,
         {"node": r.node_stars, "python": r.python_stars},
         {"node": r.node_label, "python": r.python_label},
         _side(r.contribution), abs(r.contribution), r.verdict) for r in old.factors]
    assert [(r.question, r.choice, r.text, r.favours, r.effect) for r in new.reasons] == [
        (r.question, r.choice, r.text, _side(r.effect), abs(r.effect)) for r in old.reasons]
    assert [(f.question, f.choice, f.verdict) for f in new.flips] == [
        (f.question, f.choice, f.verdict) for f in old.flips]
    assert (new.quiz_version, dict(new.answers)) == (old.quiz_version, dict(old.answers))


def every_answer_set():
    """The whole answer space: every choice of every asked question (optional ones also
    unanswered), conditions applied as `validate` applies them."""
    sets = [{}]
    for question in REFERENCE.questions:
        grown = []
        for answers in sets:
            if not REFERENCE.is_asked(question.id, answers):
                grown.append(answers)
                continue
            options = list(question.choice_ids()) + ([] if question.required else [None])
            for choice in options:
                grown.append(answers if choice is None else {**answers, question.id: choice})
        sets = grown
    return sets


def test_the_answer_space_is_what_the_converted_file_asks():
    assert [q.id for q in QUIZ.questions] == [q.id for q in REFERENCE.questions]
    assert QUIZ.version == REFERENCE.version == "2025.1"


@settings(max_examples=600, deadline=None)
@given(answer_sets())
def test_every_drawn_answer_set_scores_as_it_did_in_2025(answers):
    assert_same(answers)


def test_a_slice_of_the_whole_answer_space_scores_as_it_did_in_2025():
    """Every answer set would take minutes; every 97th of them walks every region of it."""
    sets = every_answer_set()
    assert len(sets) > 100_000
    for answers in sets[::97]:
        assert_same(answers)
