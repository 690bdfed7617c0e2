"""The funnel's rules, with no app: which tallies each event adds, once per attempt."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor_web.quiz.flow import Draft, Flow
from advisor_web.quiz.funnel import (
    ANSWER,
    COMPLETED,
    STARTED,
    STEP_DONE,
    STEP_REACHED,
    VERDICT,
    completion_keys,
    step_answered,
)
from advisor_web.quiz.loader import default_quiz
from tests.support.answer_sets import HYBRID_LARGE_TEAM, NODE_DELIVERY

QUIZ = default_quiz()
FLOW = Flow(QUIZ)
DAY = dt.date(2026, 11, 29)
V = QUIZ.version
STEP = {step.id: step for step in QUIZ.steps}


def kinds(keys):
    """The keys without day and version: (kind, key) pairs, in order."""
    return [(kind, key) for _, _, kind, key, _ in keys]


def walk(answers, upto=None):
    """Answer the steps these answers show, one by one, as the use case does; return each
    answer's keys and the final draft."""
    draft = Draft.start(QUIZ)
    every = []
    for step in QUIZ.active_steps(answers):
        draft = FLOW.with_answers(draft, {q: answers[q] for q in QUIZ.asked_in(step, answers)})
        following = FLOW.position(step, draft.answers).next
        keys, draft = step_answered(draft, step, following, DAY)
        every.append(kinds(keys))
        if step.id == upto:
            break
    return every, draft


def test_looking_at_a_step_counts_nothing_an_attempt_starts_with_its_first_answer():
    draft = Draft.start(QUIZ)
    keys, counted = step_answered(draft, STEP["project"], STEP["features"], DAY)
    assert kinds(keys) == [(STARTED, ""), (STEP_REACHED, "project"), (STEP_DONE, "project"),
                           (STEP_REACHED, "features")]
    assert all(key[:2] == (DAY, V) for key in keys)
    assert counted.reached == ("project", "features") and counted.done == ("project",)
    assert counted.started and not draft.started


def test_a_later_answer_marks_its_step_done_and_reaches_the_next():
    every, _ = walk(NODE_DELIVERY)
    assert every[1] == [(STEP_DONE, "features"), (STEP_REACHED, "team")]
    assert [STARTED in dict(keys) for keys in every].count(True) == 1


def test_the_last_step_is_done_and_reaches_nothing():
    every, draft = walk(NODE_DELIVERY)
    assert every[-1] == [(STEP_DONE, "launch")]
    assert draft.done == tuple(s.id for s in QUIZ.active_steps(NODE_DELIVERY))


def test_with_live_features_and_central_ml_the_team_size_step_is_reached_and_done():
    every, draft = walk(HYBRID_LARGE_TEAM)
    assert every[-2] == [(STEP_DONE, "launch"), (STEP_REACHED, "team_size")]
    assert every[-1] == [(STEP_DONE, "team_size")]
    assert "team_size" in draft.reached


def test_without_them_the_team_size_step_is_never_counted():
    every, draft = walk(NODE_DELIVERY)
    assert all("team_size" not in dict(keys).values() for keys in every)
    assert "team_size" not in draft.reached + draft.done


def test_going_back_and_answering_again_counts_nothing_more():
    _, draft = walk(NODE_DELIVERY, upto="team")
    again, _ = step_answered(draft, STEP["features"], STEP["team"], DAY)
    assert again == []


@pytest.mark.parametrize("changed", [{"team_language": "python"}, {"ship_speed": "asap"}])
def test_a_change_after_finishing_is_a_new_attempt_counted_from_the_step_changed(changed):
    _, draft = walk(NODE_DELIVERY)
    finished = Draft(draft.quiz_version, draft.attempt, draft.answers, draft.reached,
                     draft.done, finished=True)
    step = QUIZ.step_of(next(iter(changed)))
    revised = FLOW.with_answers(finished, changed)
    assert revised.attempt != finished.attempt and not revised.finished
    following = FLOW.position(step, revised.answers).next
    keys, _ = step_answered(revised, step, following, DAY)
    expected = [(STARTED, ""), (STEP_REACHED, step.id), (STEP_DONE, step.id)]
    if following:
        expected.append((STEP_REACHED, following.id))
    assert kinds(keys) == expected


def test_a_finished_draft_changed_again_and_again_begins_the_same_next_attempt():
    """Replaying one finished draft with other changes cannot begin attempts on demand: the
    next attempt is derived from the finished one (its result's id is still keyed)."""
    _, draft = walk(NODE_DELIVERY)
    finished = Draft(draft.quiz_version, draft.attempt, draft.answers, draft.reached,
                     draft.done, finished=True)
    revisions = [FLOW.with_answers(finished, {"ship_speed": choice})
                 for choice in ("asap", "long_term")]
    assert len({r.attempt for r in revisions}) == 1
    assert revisions[0].attempt != finished.attempt


def test_the_same_answers_after_finishing_stay_the_same_attempt_and_count_nothing():
    _, draft = walk(NODE_DELIVERY)
    finished = Draft(draft.quiz_version, draft.attempt, draft.answers, draft.reached,
                     draft.done, finished=True)
    same = FLOW.with_answers(finished, {"ship_speed": NODE_DELIVERY["ship_speed"]})
    assert same.attempt == finished.attempt
    assert step_answered(same, STEP["launch"], None, DAY)[0] == []


def test_a_change_that_hides_the_team_size_step_drops_its_answer():
    _, draft = walk(HYBRID_LARGE_TEAM)
    changed = FLOW.with_answers(draft, {"ai_ml": "none"})
    assert "team_size" not in changed.answers
    assert STEP["team_size"] not in QUIZ.active_steps(changed.answers)


def test_a_stored_result_counts_completed_its_verdict_and_each_answer():
    keys = completion_keys(DAY, V, "node", NODE_DELIVERY)
    assert kinds(keys)[:2] == [(COMPLETED, ""), (VERDICT, "node")]
    assert [(key, value) for _, _, kind, key, value in keys if kind == ANSWER] == \
        list(NODE_DELIVERY.items())
