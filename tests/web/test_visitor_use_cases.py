"""The visitor's use cases called directly, with no HTTP: plain values in, a Reply out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from werkzeug.datastructures import MultiDict

from advisor_web import db, quizzes
from advisor_web.quiz.flow import Draft
from advisor_web.storage import results
from advisor_web.visitor import attempts, result_pages
from tests.support.answer_sets import NODE_DELIVERY, PYTHON_AI, SOLO_SAME_NEEDS
from tests.web.visitor_support import stored_results, tally

DAY = dt.date(2026, 11, 29)
KEY = b"test-secret-key"  # the key a result's public id is derived with


@pytest.fixture
def ctx(app):
    with app.app_context():
        yield quizzes.live(), db.get_session()


def form_for(quiz, step, answers, nav="next"):
    data = {"step": step.id, "nav": nav}
    data.update({q: answers[q] for q in quiz.asked_in(step, answers)})
    return MultiDict(data)


def stored_if_new(dbs, reply, allowed=True):
    """What the view does with a NewResult: store it, `allowed` by the completion limit."""
    if isinstance(reply.page, attempts.NewResult):
        return attempts.store_result(dbs, reply, allowed)
    return reply


def answer_all(quiz, dbs, answers, draft=None, allowed=True):
    """Answer every step as the views would; return the last reply."""
    for step in quiz.active_steps(answers):
        reply = attempts.answer_step(quiz, draft, step.id, form_for(quiz, step, answers), dbs,
                                     DAY, result_key=KEY)
        reply = stored_if_new(dbs, reply, allowed)
        draft = reply.keep
    return reply


def test_looking_at_the_first_step_keeps_and_counts_nothing(app, ctx):
    quiz, _ = ctx
    reply = attempts.show_current(quiz, None)
    assert isinstance(reply.page, attempts.StepPage)
    assert reply.page.step == quiz.steps[0] and reply.keep is None and not reply.forget
    assert tally(app, "started") == 0


def test_the_first_answer_begins_an_attempt_and_counts_its_start(app, ctx):
    quiz, dbs = ctx
    first = quiz.steps[0]
    reply = attempts.answer_step(quiz, None, first.id, form_for(quiz, first, NODE_DELIVERY),
                                 dbs, DAY, result_key=KEY)
    assert reply.page == attempts.ToStep(quiz.steps[1])
    assert reply.keep.answers == {"project_type": "realtime"}
    assert reply.keep.reached == (first.id, quiz.steps[1].id)
    assert tally(app, "started") == 1


def test_an_invalid_step_is_shown_again_with_its_errors_and_a_422(ctx):
    quiz, dbs = ctx
    first = quiz.steps[0]
    reply = attempts.answer_step(quiz, None, first.id, MultiDict({"step": first.id}), dbs, DAY,
                                 result_key=KEY)
    assert isinstance(reply.page, attempts.StepPage) and reply.page.status == 422
    assert reply.page.form.errors == {"project_type": ["Please choose an answer."]}


def test_back_from_the_first_step_goes_to_the_landing_page_keeping_the_answer(ctx):
    quiz, dbs = ctx
    first = quiz.steps[0]
    reply = attempts.answer_step(quiz, Draft.start(quiz), first.id,
                                 form_for(quiz, first, PYTHON_AI, nav="back"), dbs, DAY,
                                 result_key=KEY)
    assert reply.page == attempts.ToLanding()
    assert reply.keep.answers == {"project_type": "ai_product"}


def test_finishing_stores_once_and_a_second_finish_leads_to_the_same_result(app, ctx):
    quiz, dbs = ctx
    reply = answer_all(quiz, dbs, NODE_DELIVERY)
    assert isinstance(reply.page, attempts.ToResult) and reply.keep.finished
    again = attempts.finish_attempt(dbs, quiz, reply.keep, DAY, result_key=KEY)
    assert again.page == reply.page
    assert [r.public_id for r in stored_results(app)] == [reply.page.public_id]
    assert tally(app, "completed") == 1


def test_a_replayed_draft_answered_differently_lands_on_its_one_result_and_says_so(app, ctx):
    quiz, dbs = ctx
    steps = quiz.active_steps(NODE_DELIVERY)
    before_last = None
    for step in steps[:-1]:
        before_last = attempts.answer_step(quiz, before_last and before_last.keep, step.id,
                                           form_for(quiz, step, NODE_DELIVERY), dbs, DAY,
                                           result_key=KEY)
    replayed, last = before_last.keep, steps[-1]
    first = stored_if_new(dbs, attempts.answer_step(
        quiz, replayed, last.id, form_for(quiz, last, NODE_DELIVERY), dbs, DAY, result_key=KEY))
    other = {**NODE_DELIVERY, "ship_speed": "asap"}
    second = stored_if_new(dbs, attempts.answer_step(
        quiz, replayed, last.id, form_for(quiz, last, other), dbs, DAY, result_key=KEY))
    assert second.page == first.page and first.message is None
    assert second.message == attempts.ALREADY_FINISHED
    # The draft now holds the answers the result shows: a change from here is a new attempt.
    assert second.keep.answers == NODE_DELIVERY and second.keep.finished
    [stored] = stored_results(app)
    assert dict(stored.answers) == NODE_DELIVERY and tally(app, "completed") == 1


def test_a_result_id_is_a_keyed_hash_of_the_attempt_never_the_attempt_itself(app, ctx):
    quiz, dbs = ctx
    reply = answer_all(quiz, dbs, PYTHON_AI)
    attempt, public_id = reply.keep.attempt, reply.page.public_id
    assert public_id != attempt and len(public_id) == len(attempt) == 24
    assert public_id == results.public_id_of(attempt, KEY)
    assert results.public_id_of(attempt, b"another-secret-key") != public_id
    assert attempts.last_result(reply.keep, KEY) == public_id
    assert attempts.last_result(replace(reply.keep, finished=False), KEY) is None


def test_over_the_completion_limit_the_answers_are_kept_and_nothing_is_stored(app, ctx):
    quiz, dbs = ctx
    reply = answer_all(quiz, dbs, PYTHON_AI, allowed=False)
    assert reply.page == attempts.Refused(429)
    assert reply.keep.answers == PYTHON_AI and not reply.keep.finished
    assert stored_results(app) == []


def test_a_draft_of_another_quiz_version_is_not_used_and_says_so(ctx):
    quiz, _ = ctx
    old = replace(Draft.start(quiz, PYTHON_AI), quiz_version="1999.1")
    assert attempts.usable(quiz, old) == (None, attempts.NEW_VERSION)
    reply = attempts.show_current(quiz, old)
    assert reply.forget and reply.message == attempts.NEW_VERSION
    assert reply.page.form.data.get("project_type") is None


def test_changing_an_answer_of_a_stored_result_opens_its_step_with_the_answers(app, ctx):
    quiz, dbs = ctx
    stored = answer_all(quiz, dbs, PYTHON_AI).page.public_id
    comparison, reply = result_pages.change_answer(dbs, quizzes.registry(), stored, "ship_speed")
    assert comparison == quiz.slug  # the attempt is at the result's own comparison
    assert reply.page == attempts.ToStep(quiz.step_of("ship_speed"))
    assert reply.keep.answers == PYTHON_AI and reply.keep.attempt != stored
    with pytest.raises(result_pages.UnknownQuestion):
        result_pages.change_answer(dbs, quizzes.registry(), stored, "no_such_question")
    assert result_pages.change_answer(dbs, quizzes.registry(), "A" * 24, "ship_speed") is None


def test_a_what_if_is_scored_by_the_results_own_quiz_and_refuses_a_non_change(app, ctx):
    quiz, dbs = ctx
    stored = answer_all(quiz, dbs, SOLO_SAME_NEEDS).page.public_id
    flip = result_pages.result_page(dbs, quizzes.registry(), stored).outcome.flips[0]
    page = result_pages.what_if_page(dbs, quizzes.registry(), stored, flip.question, flip.choice)
    assert page.verdict.id == flip.verdict and page.what_if[0].id == flip.question
    assert result_pages.what_if_page(dbs, quizzes.registry(), stored, "no_such", "x") is None
    assert result_pages.what_if_page(dbs, quizzes.registry(), stored, "ai_ml", "banana") is None
