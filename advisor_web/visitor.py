"""The visitor's pages: landing, the quiz's steps, the result and its what-ifs."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import replace
from functools import cache

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_htmx import make_response as htmx_response
from sqlalchemy.exc import SQLAlchemyError

from . import db, forms, metrics, results, tallies, wizard
from .extensions import htmx, limiter
from .quiz.content import Step, default_quiz
from .quiz.scoring import InvalidAnswers, score

log = logging.getLogger(__name__)
bp = Blueprint("visitor", __name__)


def quiz():
    return default_quiz()


@cache
def flow() -> wizard.Flow:
    return wizard.Flow(quiz())


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


@bp.get("/")
def landing():
    """What the quiz does, how long it takes, what "anonymous" means; start or continue."""
    draft = wizard.load(quiz(), session)
    return render_template("visitor/landing.html", quiz=quiz(), draft=draft)


@bp.get("/quiz")
def current_step():
    """The step the visitor is on: a new quiz begins here."""
    draft = wizard.load(quiz(), session) or wizard.Draft.start(quiz())
    return show(flow().current(draft.answers), draft)


@bp.get("/quiz/<step_id>")
def step(step_id: str):
    """One step of the quiz, with the visitor's answers so far."""
    the_step = flow().step(step_id) or abort(404)
    draft = wizard.load(quiz(), session)
    if draft is None:
        return redirect(url_for(".current_step"))
    if not flow().may_visit(the_step, draft.answers):
        return redirect(url_for(".step", step_id=flow().current(draft.answers).id))
    return show(the_step, draft)


@bp.post("/quiz/<step_id>")
def answer(step_id: str):
    """Take one step's answers, then show the next step, or store the result after the last."""
    the_flow = flow()
    the_step = the_flow.step(step_id) or abort(404)
    draft = wizard.load(quiz(), session)
    if draft is None:
        notify("Your answers had expired or could not be read, so the quiz starts afresh.")
        return go_to(the_flow.current({}), wizard.Draft.start(quiz()))
    if not the_flow.may_visit(the_step, draft.answers):
        notify("Please answer this step first.")
        return go_to(the_flow.current(draft.answers), draft)

    form = forms.build(quiz(), the_step, draft.answers, request.form)
    if form.step.data != the_step.id:
        notify("That answer was for another step. Please answer this one.")
        return go_to(the_flow.current(draft.answers), draft)
    if request.form.get("nav") == "back":
        return go_back(the_step, draft, form)
    if not form.validate():
        return show(the_step, draft, form, status=422)
    metrics.step_answered()

    draft = the_flow.with_answers(draft, {name: form[name].data for name in form.question_ids})
    following = the_flow.position(the_step, draft.answers).next
    if following is None:
        return finish(the_step, draft)
    # "Reached" is a no-op unless a changed answer after finishing began a new attempt here.
    return go_to(following, draft, counting=[(the_step, tallies.STEP_REACHED),
                                             (the_step, tallies.STEP_DONE)])


def go_back(the_step: Step, draft: wizard.Draft, form: forms.StepForm):
    """Keep whatever valid answers this step has, then show the step before it."""
    partial = {}
    for field in form.question_fields():
        values = request.form.getlist(field.name)
        if len(values) == 1 and values[0] in field.choice_ids():
            partial[field.name] = values[0]
    draft = flow().with_answers(draft, partial)
    previous = flow().position(the_step, draft.answers).previous
    if previous is None:
        wizard.save(session, draft)
        if htmx:  # a 303 would be followed inside the XHR and the landing page swapped in
            return htmx_response("", redirect=url_for(".landing"))
        return redirect(url_for(".landing"), 303)
    return go_to(previous, draft)


def finish(last_step: Step, draft: wizard.Draft):
    """Validate every answer again, score them and store the result exactly once."""
    wizard.save(session, draft)  # kept even when storing fails below
    try:
        outcome = score(quiz(), draft.answers)
    except InvalidAnswers as error:
        notify("One of your earlier answers needs another look.")
        try:
            target = quiz().step_of(next(iter(error.errors), ""))
        except KeyError:  # an error about the answers as a whole, not one question
            target = flow().current(draft.answers)
        return go_to(target, draft)

    # "Reached" is a no-op unless a changed answer after finishing began a new attempt here.
    keys, counted = funnel_keys(draft, (last_step, tallies.STEP_REACHED),
                                (last_step, tallies.STEP_DONE))
    dbs = db.get_session()
    already_stored = results.find(dbs, draft.attempt) is not None
    dbs.commit()  # end the read, so storing can begin as a writer
    if not already_stored:
        finished = results.Finished(
            public_id=draft.attempt, outcome=outcome, day=today(), also_count=tuple(keys)
        )
        store_completion(dbs, finished)
    draft = replace(counted, finished=True)
    wizard.save(session, draft)
    target = url_for(".result", public_id=draft.attempt)
    if htmx:
        return htmx_response("", redirect=target)
    return redirect(target, 303)


@limiter.limit(lambda: current_app.config["COMPLETION_RATE_LIMIT"])
def store_completion(dbs, finished: results.Finished) -> None:
    """Store a new result, within the per-address budget of COMPLETION_RATE_LIMIT (a 429
    beyond it). Replays of a stored attempt never get here, so they cost nothing."""
    if results.store_one(dbs, finished):  # False when a concurrent finish stored it first
        metrics.result_stored()


def notify(message: str) -> None:
    """Flash `message` unless it is already waiting to be shown: a client that never loads the
    page it is sent to never reads its messages, and must not grow the session cookie."""
    if message not in (pending for _, pending in session.get("_flashes", ())):
        flash(message)


def go_to(target: Step, draft: wizard.Draft, counting: list[Event] = ()):
    """After a POST: the step's fragment for htmx (pushing its URL), else a 303 to the step.
    `counting` are funnel events of the POST itself, counted in the same transaction."""
    url = url_for(".step", step_id=target.id)
    if htmx:
        return show(target, draft, push_url=url, counting=counting)
    wizard.save(session, count(draft, *counting))
    return redirect(url, 303)


def show(the_step: Step, draft: wizard.Draft, form=None, status: int = 200,
         push_url: str | None = None, counting: list[Event] = ()):
    """Render a step: the whole page, or only the step for an htmx request."""
    draft = count(draft, *counting, (the_step, tallies.STEP_REACHED))
    wizard.save(session, draft)
    form = form or forms.build(quiz(), the_step, draft.answers)
    context = {
        "quiz": quiz(),
        "step": the_step,
        "form": form,
        "position": flow().position(the_step, draft.answers),
    }
    if htmx:
        body = render_template("visitor/_step.html", **context)
        return htmx_response(body, status, push_url=push_url)
    return render_template("visitor/step.html", **context), status


def _added(ids: tuple[str, ...], step_id: str) -> tuple[str, ...]:
    return ids if step_id in ids else (*ids, step_id)


# A funnel event: a step, and whether it was reached or done.
Event = tuple[Step, str]


def _step_keys(draft: wizard.Draft, the_step: Step, kind: str) -> list[tallies.TallyKey]:
    seen = draft.reached if kind == tallies.STEP_REACHED else draft.done
    if the_step.id in seen:
        return []
    starts = kind == tallies.STEP_REACHED and not draft.reached
    return tallies.step_keys(today(), draft.quiz_version, kind, the_step.id, starts)


def _mark(draft: wizard.Draft, the_step: Step, kind: str) -> wizard.Draft:
    if kind == tallies.STEP_REACHED:
        return replace(draft, reached=_added(draft.reached, the_step.id))
    return replace(draft, done=_added(draft.done, the_step.id))


def funnel_keys(draft: wizard.Draft, *events: Event) -> tuple[list[tallies.TallyKey],
                                                             wizard.Draft]:
    """The tallies these events add (each counted once per attempt), and the draft that
    remembers them."""
    keys = []
    for the_step, kind in events:
        keys += _step_keys(draft, the_step, kind)
        draft = _mark(draft, the_step, kind)
    return keys, draft


def count(draft: wizard.Draft, *events: Event) -> wizard.Draft:
    """Count funnel events once per attempt, in one transaction. Counting is best effort: a
    visitor is never stopped because the database could not take a tally."""
    keys, counted = funnel_keys(draft, *events)
    if not keys:
        return counted
    try:
        with db.writing() as connection:
            tallies.add(connection, keys)
    except SQLAlchemyError as error:
        log.warning("funnel not counted: %s", type(error).__name__)
        return draft
    return counted


@bp.post("/quiz/restart")
def restart():
    """Forget the answers in progress and begin again."""
    wizard.forget(session)
    return redirect(url_for(".current_step"), 303)


@bp.get("/result/<public_id>")
def result(public_id: str):
    """A stored result: the verdict, the comparison table, the reasons and the what-ifs."""
    stored = results.find(db.get_session(), public_id) or abort(404)
    return render_result(stored, outcome_of(stored))


@bp.get("/result/<public_id>/what-if/<question_id>/<choice_id>")
def what_if(public_id: str, question_id: str, choice_id: str):
    """The result this visitor would get with one answer changed (scored, never stored)."""
    stored = results.find(db.get_session(), public_id) or abort(404)
    changed = {**stored.answers, question_id: choice_id}
    try:
        question = quiz().question(question_id)
        question.choice(choice_id)
        if not quiz().is_asked(question_id, changed):
            abort(404)  # the answer would be dropped: the page would show an unchanged result
        outcome = score(quiz(), {q: c for q, c in changed.items() if quiz().is_asked(q, changed)})
    except (KeyError, InvalidAnswers):
        abort(404)
    return render_result(stored, outcome, what_if=(question, question.choice(choice_id)))


@bp.post("/result/<public_id>/change")
def change(public_id: str):
    """Begin a new attempt from a stored result's answers, at the step of one question."""
    stored = results.find(db.get_session(), public_id) or abort(404)
    question_id = request.form.get("question", "")
    try:
        target = quiz().step_of(question_id)
    except KeyError:
        abort(400)
    draft = wizard.Draft.start(quiz(), stored.answers)
    draft = flow().with_answers(draft, {})  # drops anything the current quiz no longer asks
    if not flow().may_visit(target, draft.answers):
        target = flow().current(draft.answers)
    wizard.save(session, draft)
    return redirect(url_for(".step", step_id=target.id), 303)


def outcome_of(stored):
    """The full explanation of a stored result: scoring is deterministic, so re-scoring its
    answers gives it back. None when the quiz has changed so much they no longer score."""
    try:
        return score(quiz(), stored.answers)
    except InvalidAnswers:
        return None


def render_result(stored, outcome, what_if=None):
    return render_template(
        "visitor/result.html",
        quiz=quiz(),
        stored=stored,
        outcome=outcome,
        verdict=quiz().verdicts[outcome.verdict if outcome else stored.verdict],
        what_if=what_if,
    )
