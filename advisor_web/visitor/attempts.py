"""The visitor's step use cases: plain functions over plain values (the quiz, the draft, a
database session, the day), each returning a `Reply`: what to show or where to go next, the
draft to keep, and a message for the visitor (the result pages' are `result_pages.py`).
The views parse the request, call one of these and respond; nothing here knows about HTTP,
cookies or templates.

Which answers still count is `Quiz.keep_asked`; the funnel's rules are `quiz.funnel`.
A reply's message is one of `messages.py`'s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .. import metrics
from ..quiz import funnel
from ..quiz.content import Quiz, Step
from ..quiz.flow import Draft, Flow, Position
from ..quiz.scoring import InvalidAnswers, Outcome, score
from ..storage import DatabaseUnavailable, Session, funnel_counts, results
from . import forms
from .messages import (
    ALREADY_FINISHED,
    ANSWER_THIS_FIRST,
    EXPIRED,
    LOOK_AGAIN,
    NEW_VERSION,
    OTHER_STEP,
)


class UnknownStep(LookupError):
    """No step of the quiz has that id (a 404)."""


# -- what a use case replies -------------------------------------------------------------------


@dataclass(frozen=True)
class StepPage:
    """Show a step, with its form (filled from the draft, or as posted with its errors)."""

    step: Step
    position: Position
    form: forms.StepForm
    status: int = 200


@dataclass(frozen=True)
class ToStep:
    """Send the visitor to a step (after a POST: the step itself for htmx, else a 303)."""

    step: Step


@dataclass(frozen=True)
class ToStart:
    """Send the visitor to the quiz's start, which shows whichever step is current."""


@dataclass(frozen=True)
class ToResult:
    public_id: str


@dataclass(frozen=True)
class ToLanding:
    pass


@dataclass(frozen=True)
class ToPreviewResult:
    """Send a staff member's preview to its result page (nothing stored: it has no id)."""


@dataclass(frozen=True)
class NewResult:
    """The last step answered, and its result not stored yet: `store_result` stores it once
    the view has checked that a new result is within the completion rate limit."""

    finished: results.Finished
    draft: Draft  # the draft once it is stored (finished; maybe a new attempt id)
    comparison: str  # the slug of the quiz it was made with: where storage files it


@dataclass(frozen=True)
class Refused:
    """The answers are kept, but the result could not be stored now (429 or 503)."""

    status: int


Page = (StepPage | ToStep | ToStart | ToResult | ToLanding | ToPreviewResult | NewResult
        | Refused)


@dataclass(frozen=True)
class Reply:
    page: Page
    keep: Draft | None = None  # the draft to keep; None leaves the store as it is
    forget: bool = False  # clear the store (a restart, or a draft of an older quiz)
    message: str | None = None


# -- the steps ---------------------------------------------------------------------------------


def usable(quiz: Quiz, draft: Draft | None) -> tuple[Draft | None, str | None]:
    """The draft as the live quiz reads it (answers normalised), or None; with a message
    when a draft was there but was made under another quiz version."""
    if draft is None:
        return None, None
    if draft.quiz_version != quiz.version:
        return None, NEW_VERSION
    return replace(draft, answers=quiz.keep_asked(draft.answers)), None


def step_page(quiz: Quiz, step: Step, answers: Mapping[str, str], form=None,
              status: int = 200) -> StepPage:
    flow = Flow(quiz)
    form = form or forms.build(quiz, step, answers)
    return StepPage(step, flow.position(step, answers), form, status)


def show_current(quiz: Quiz, draft: Draft | None) -> Reply:
    """GET /quiz: the step a visitor is on; a new visitor's first step. Writes nothing: an
    attempt begins with its first answer."""
    draft, message = usable(quiz, draft)
    answers = draft.answers if draft else {}
    page = step_page(quiz, Flow(quiz).current(answers), answers)
    return Reply(page, forget=message is not None, message=message)


def show_step(quiz: Quiz, draft: Draft | None, step_id: str) -> Reply:
    """GET /quiz/<step>: one step with the answers so far, when the visitor may see it."""
    flow = Flow(quiz)
    step = flow.step(step_id)
    if step is None:
        raise UnknownStep(step_id)
    draft, message = usable(quiz, draft)
    if draft is None and (message or step != flow.current({})):
        return Reply(ToStart(), forget=True, message=message)
    if draft is None:
        return Reply(step_page(quiz, step, {}))
    if not flow.may_visit(step, draft.answers):
        return Reply(ToStep(flow.current(draft.answers)))
    return Reply(step_page(quiz, step, draft.answers))


def answer_step(quiz: Quiz, draft: Draft | None, step_id: str, formdata, dbs: Session,
                day: dt.date, *, result_key: bytes, lang: str = "en") -> Reply:
    """POST /quiz/<step>: take one step's answers, then go to the next step, back, or — after
    the last — finish the attempt (`finish_attempt`), its result under the id `result_key`
    gives it (`results.public_id_of`). `lang` is the language of the page answered (a
    tally)."""
    taken = _take_step(quiz, draft, step_id, formdata)
    if isinstance(taken, Reply):
        return taken
    answered, step, following = taken
    metrics.step_answered(quiz.slug)
    keys, counted = funnel.step_answered(answered, step, following, day)
    if following is None:
        return finish_attempt(dbs, quiz, counted, day, keys, result_key=result_key,
                              uncounted=answered, lang=lang)
    if not funnel_counts.count(dbs, quiz.slug, keys):
        counted = answered  # not counted now: a later answer may count it
    return Reply(ToStep(following), keep=counted)


def preview_step(quiz: Quiz, draft: Draft | None, step_id: str, formdata) -> Reply:
    """POST a step of a staff member's preview of a draft comparison: as `answer_step`
    (the same checks, refusals and messages), but nothing is counted (no funnel tally, no
    metric) and nothing stored. After the last step, to the preview's result page
    (`preview_outcome`), which scores the draft's answers again."""
    taken = _take_step(quiz, draft, step_id, formdata)
    if isinstance(taken, Reply):
        return taken
    answered, _step, following = taken
    if following is not None:
        return Reply(ToStep(following), keep=answered)
    try:
        score(quiz, answered.answers)
    except InvalidAnswers as error:
        return _look_again(quiz, answered, error)
    return Reply(ToPreviewResult(), keep=replace(answered, finished=True))


def preview_outcome(quiz: Quiz, draft: Draft | None) -> Outcome | None:
    """The preview's result: the finished draft's answers scored by the live draft
    comparison, never stored; None when the preview has no finished attempt (or one of an
    earlier version of the file)."""
    draft, _message = usable(quiz, draft)
    if draft is None or not draft.finished:
        return None
    try:
        return score(quiz, draft.answers)
    except InvalidAnswers:
        return None


def _take_step(quiz: Quiz, draft: Draft | None, step_id: str,
               formdata) -> Reply | tuple[Draft, Step, Step | None]:
    """Check one posted step against the draft and take its answers: a Reply when it goes
    nowhere further (refused, out of order, back), else the draft with the answers, the
    step and the step after it (None after the last)."""
    flow = Flow(quiz)
    step = flow.step(step_id)
    if step is None:
        raise UnknownStep(step_id)
    draft, message = usable(quiz, draft)
    first = flow.current({})
    if draft is None and (message or step != first):
        # Whatever the store held (nothing, an older quiz's draft, something unreadable)
        # is dropped: the visitor starts cleanly.
        return Reply(ToStep(first), forget=True, message=message or EXPIRED)
    draft = draft or Draft.start(quiz)
    if not flow.may_visit(step, draft.answers):
        return Reply(ToStep(flow.current(draft.answers)), keep=draft, message=ANSWER_THIS_FIRST)

    form = forms.build(quiz, step, draft.answers, formdata)
    if form.step.data != step.id:
        return Reply(ToStep(flow.current(draft.answers)), keep=draft, message=OTHER_STEP)
    if formdata.get("nav") == "back":
        return go_back(quiz, draft, step, form.valid_answers(formdata))
    if not form.validate():
        return Reply(step_page(quiz, step, draft.answers, form, status=422), keep=draft)
    answered = flow.with_answers(draft, form.answers())
    return answered, step, flow.position(step, answered.answers).next


def go_back(quiz: Quiz, draft: Draft, step: Step, answers: Mapping[str, str]) -> Reply:
    """Keep whatever valid answers the step has, then go to the step before it."""
    flow = Flow(quiz)
    draft = flow.with_answers(draft, answers)
    previous = flow.position(step, draft.answers).previous
    return Reply(ToStep(previous) if previous else ToLanding(), keep=draft)


def finish_attempt(dbs: Session, quiz: Quiz, draft: Draft, day: dt.date,
                   funnel_keys: list[funnel.TallyKey] = (), *, result_key: bytes,
                   uncounted: Draft | None = None, lang: str = "en") -> Reply:
    """Validate every answer again and score them. The attempt's result (under the public id
    `result_key` derives from the attempt) already stored: to it. Otherwise a NewResult for
    `store_result`, carrying the last step's funnel events to count in the same transaction
    and `lang`, the language of the step that finished it. Until it is stored the answers
    are kept as `uncounted` (its funnel events not counted), for a retry.

    An attempt makes one result, whatever a retry sends: a stale page (an old embed token, a
    replayed cookie) posting other answers lands on the stored result, told that it shows
    the answers it was made with, and stores nothing new."""
    uncounted = uncounted or draft
    try:
        outcome = score(quiz, draft.answers, explain=False)  # stored, not shown
    except InvalidAnswers as error:
        return _look_again(quiz, uncounted, error)
    public_id = results.public_id_of(draft.attempt, result_key)
    try:
        stored_answers = results.answers_of(dbs, public_id)
    except DatabaseUnavailable:
        return Reply(Refused(503), keep=uncounted)
    if stored_answers is not None:
        return _to_stored(draft, public_id, stored_answers, outcome)
    finished = results.Finished(public_id, outcome, day, tuple(funnel_keys),
                                source=draft.source, lang=lang)
    return Reply(NewResult(finished, replace(draft, finished=True), quiz.slug), keep=uncounted)


def _look_again(quiz: Quiz, keep: Draft, error: InvalidAnswers) -> Reply:
    """Back to the step of the first answer that no longer scores, keeping `keep`."""
    question = next(iter(error.errors), "")
    target = quiz.step_of(question) if question in {q.id for q in quiz.questions} \
        else Flow(quiz).current(keep.answers)
    return Reply(ToStep(target), keep=keep, message=LOOK_AGAIN)


def store_result(dbs: Session, reply: Reply, allowed: bool) -> Reply:
    """Store the NewResult `reply` carries, exactly once, with its tallies, when `allowed`
    (a new result is within the completion rate limit, which the view checks: replays of a
    stored attempt never get here, so they cost nothing). Refused, the answers are kept."""
    new = reply.page
    if not allowed:
        return replace(reply, page=Refused(429))
    try:
        if results.store_one(dbs, new.comparison, new.finished):
            metrics.result_stored(new.comparison)
            return Reply(ToResult(new.finished.public_id), keep=new.draft, message=reply.message)
        # A concurrent twin stored it first, perhaps with other answers.
        public_id = new.finished.public_id
        stored_answers = results.answers_of(dbs, public_id)
    except DatabaseUnavailable:
        return replace(reply, page=Refused(503))
    if stored_answers is None:  # purged at once: the result page says it is gone
        return Reply(ToResult(public_id), keep=new.draft)
    return _to_stored(new.draft, public_id, stored_answers, new.finished.outcome)


def _to_stored(draft: Draft, public_id: str, stored_answers: Mapping[str, str],
               outcome: Outcome) -> Reply:
    """To the attempt's stored result (`public_id`, made with `stored_answers`). Made with
    other answers (a stale page's), the draft takes the answers the result shows, so a change
    begins the next attempt."""
    if dict(stored_answers) != dict(outcome.answers):
        kept = replace(draft, answers=dict(stored_answers), finished=True)
        return Reply(ToResult(public_id), keep=kept, message=ALREADY_FINISHED)
    return Reply(ToResult(public_id), keep=replace(draft, finished=True))


def last_result(draft: Draft | None, result_key: bytes) -> str | None:
    """The public id of the result a finished draft made (the landing page links to it)."""
    if draft is None or not draft.finished:
        return None
    return results.public_id_of(draft.attempt, result_key)


def restart() -> Reply:
    """Forget the answers in progress and begin again."""
    return Reply(ToStart(), forget=True)
