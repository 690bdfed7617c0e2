"""The visitor's use cases: plain functions over plain values (the quiz, the draft, a
database session, the day), each returning a `Reply`: what to show or where to go next, the
draft to keep, and a message for the visitor. The views parse the request, call one of these
and respond; nothing here knows about HTTP, cookies or templates.

Which answers still count is `Quiz.keep_asked`; the funnel's rules are `quiz.funnel`.
Messages are English message ids: the view translates them when the page is shown (`N_`
only marks them for the catalog), so a message reads in the language of the page it lands on.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session

from .. import metrics, phrases, tallies
from ..models import StoredResult
from ..quiz import decision_record as record
from ..quiz import funnel
from ..quiz.content import Choice, Question, Quiz, Step, VerdictText
from ..quiz.flow import Draft, Flow, Position, new_attempt_id
from ..quiz.scoring import InvalidAnswers, Outcome, score, what_if
from ..quiz.versions import QuizVersions
from . import feedback, forms, results


def N_(message: str) -> str:
    """Mark `message` for the translation catalog (`make messages`); the view translates it."""
    return message


EXPIRED = N_("Your answers had expired or could not be read, so the quiz starts afresh.")
NEW_VERSION = N_("The quiz has been updated since you began, so it starts afresh with the "
                 "new questions. Sorry for the trouble.")
ANSWER_THIS_FIRST = N_("Please answer this step first.")
OTHER_STEP = N_("That answer was for another step. Please answer this one.")
LOOK_AGAIN = N_("One of your earlier answers needs another look.")
# Every message a reply may carry (the embedded mode names them by index in its URLs).
MESSAGES = (EXPIRED, NEW_VERSION, ANSWER_THIS_FIRST, OTHER_STEP, LOOK_AGAIN)


class UnknownStep(LookupError):
    """No step of the quiz has that id (a 404)."""


class UnknownQuestion(ValueError):
    """A form named a question the quiz does not have (a 400)."""


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
class Refused:
    """The answers are kept, but the result could not be stored now (429 or 503)."""

    status: int


Page = StepPage | ToStep | ToStart | ToResult | ToLanding | Refused


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
                day: dt.date, may_store: Callable[[], bool] = lambda: True,
                lang: str = "en") -> Reply:
    """POST /quiz/<step>: take one step's answers, then go to the next step, back, or — after
    the last — store the result. `may_store` says whether a new result is within the
    completion rate limit; `lang` is the language of the page answered (a tally)."""
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

    metrics.step_answered()
    answered = flow.with_answers(draft, form.answers())
    following = flow.position(step, answered.answers).next
    keys, counted = funnel.step_answered(answered, step, following, day)
    if following is None:
        return finish_attempt(dbs, quiz, counted, day, keys, may_store, uncounted=answered,
                              lang=lang)
    if not tallies.add_if_free(keys):
        counted = answered  # not counted now: a later answer may count it
    return Reply(ToStep(following), keep=counted)


def go_back(quiz: Quiz, draft: Draft, step: Step, answers: Mapping[str, str]) -> Reply:
    """Keep whatever valid answers the step has, then go to the step before it."""
    flow = Flow(quiz)
    draft = flow.with_answers(draft, answers)
    previous = flow.position(step, draft.answers).previous
    return Reply(ToStep(previous) if previous else ToLanding(), keep=draft)


def finish_attempt(dbs: Session, quiz: Quiz, draft: Draft, day: dt.date,
                   funnel_keys: list[funnel.TallyKey] = (),
                   may_store: Callable[[], bool] = lambda: True,
                   uncounted: Draft | None = None, lang: str = "en") -> Reply:
    """Validate every answer again, score them and store the result exactly once, with the
    last step's funnel events in the same transaction. When storing fails, the answers are
    kept (as `uncounted`: the funnel events were not counted) for a retry. The result
    counts under `lang`, the language of the step that finished it."""
    uncounted = uncounted or draft
    try:
        outcome = score(quiz, draft.answers)
    except InvalidAnswers as error:
        question = next(iter(error.errors), "")
        flow = Flow(quiz)
        target = quiz.step_of(question) if question in {q.id for q in quiz.questions} \
            else flow.current(draft.answers)
        return Reply(ToStep(target), keep=uncounted, message=LOOK_AGAIN)
    try:
        stored = results.find(dbs, draft.attempt)
        if stored is not None and dict(stored.answers) != dict(outcome.answers):
            # The draft is not the one that made that result (a replayed cookie answered
            # differently): these answers are a new attempt, never shown someone else's.
            draft = replace(draft, attempt=new_attempt_id())
            stored = None
        if stored is None:
            if not may_store():
                return Reply(Refused(429), keep=uncounted)
            finished = results.Finished(draft.attempt, outcome, day, tuple(funnel_keys),
                                        source=draft.source, lang=lang)
            if results.store_one(dbs, finished):
                metrics.result_stored()  # not when a concurrent twin stored it first
    except OperationalError:
        return Reply(Refused(503), keep=uncounted)
    return Reply(ToResult(draft.attempt), keep=replace(draft, finished=True))


def restart() -> Reply:
    """Forget the answers in progress and begin again."""
    return Reply(ToStart(), forget=True)


# -- results -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ResultPage:
    """A stored result as its own quiz version explains it (or a what-if of it)."""

    stored: StoredResult
    quiz: Quiz
    outcome: Outcome | None  # None when its quiz version is no longer on file
    verdict: VerdictText
    live: bool  # made with the quiz visitors take today
    what_if: tuple[Question, Choice] | None = None
    others: feedback.Others | None = None  # "you against others", when its group is big enough
    feedback_form: forms.FeedbackForm | None = None  # the vote form; None on a what-if
    voted: bool = False  # this request recorded a vote: thank the visitor

    @property
    def share_title(self) -> str:
        """A link preview's title: the verdict."""
        return f"Backend Advisor: {self.verdict.title}"

    @property
    def share_description(self) -> str:
        """A link preview's description: how clear-cut, and the answers that weighed most."""
        if self.outcome is None:
            return self.verdict.summary
        reasons = [self.quiz.question(r.question).choice(r.choice).label
                   for r in self.outcome.reasons[:3]]
        return f"{self.outcome.margin_label.capitalize()}. Top reasons: {'; '.join(reasons)}."

    @property
    def margin_percent(self) -> float:
        return 100 * self.outcome.margin if self.outcome else 0.0

    @property
    def shares(self) -> tuple[float, ...]:
        """Each option's share of the scores, in percent and option order (for the score
        bar); the last takes what rounding leaves, so they add up to 100."""
        scores = list(self.outcome.scores.values()) if self.outcome else [1.0, 1.0]
        total = sum(scores)
        if total <= 0:
            scores, total = [1.0] * len(scores), float(len(scores))
        shares = [round(100 * score / total, 1) for score in scores[:-1]]
        return (*shares, round(100 - sum(shares), 1))

    @property
    def score_bar(self) -> tuple[tuple[float, float], ...]:
        """Each option's part of the score bar, in option order: (where it starts, its
        width), in percent."""
        parts, start = [], 0.0
        for share in self.shares:
            parts.append((round(start, 1), share))
            start += share
        return tuple(parts)


def result_page(dbs: Session, versions: QuizVersions, public_id: str,
                others_min_count: int | None = None) -> ResultPage | None:
    """GET /result/<id>: the stored result, or None when there is none; with "you against
    others" from the live quiz's tallies when `others_min_count` is given and met."""
    stored = results.find(dbs, public_id)
    if stored is None:
        return None
    return _result_page(dbs, versions, stored, others_min_count)


def _result_page(dbs: Session, versions: QuizVersions, stored: StoredResult,
                 others_min_count: int | None) -> ResultPage:
    quiz = versions.get(stored.quiz_version)
    outcome = None
    if quiz is not None:
        try:
            outcome = score(quiz, stored.answers)
        except InvalidAnswers:
            outcome = None
    shown = quiz or versions.live
    others = None
    if others_min_count is not None:
        others = feedback.others(dbs, versions.live, stored.answers, stored.verdict,
                                 others_min_count)
    return ResultPage(stored, shown, outcome, shown.verdicts[stored.verdict],
                      live=shown is versions.live and quiz is not None, others=others,
                      feedback_form=forms.feedback(shown, helpful=stored.helpful,
                                                   building_with=stored.building_with))


def give_feedback(dbs: Session, versions: QuizVersions, public_id: str, formdata,
                  others_min_count: int | None = None) -> tuple[ResultPage, int] | None:
    """POST /result/<id>/feedback: record the visitor's vote (replacing an earlier one) and
    return the page thanking them, with 200; an invalid vote stores nothing and returns the
    page with the form's errors and 422. None: no such result."""
    stored = results.find(dbs, public_id)
    if stored is None:
        return None
    form = forms.feedback(versions.get(stored.quiz_version) or versions.live, formdata)
    if not form.validate():
        page = _result_page(dbs, versions, stored, others_min_count)
        return replace(page, feedback_form=form), 422
    ballot = funnel.Vote(form.helpful.data, form.building_with.data or None)
    try:
        stored = feedback.vote(dbs, public_id, ballot)
    except feedback.NoSuchResult:  # purged meanwhile
        return None
    return replace(_result_page(dbs, versions, stored, others_min_count), voted=True), 200


def share_card(dbs: Session, versions: QuizVersions, public_id: str,
               lang: str = "en") -> bytes | None:
    """The result's share card (a PNG of the verdict, how clear-cut it is, and the top three
    factors: nothing the result page does not show); None when there is no such result or
    its quiz version is no longer on file."""
    page = result_page(dbs, versions, public_id)
    if page is None or page.outcome is None:
        return None
    # Pillow is loaded with the first card a worker draws, not by every worker at start-up
    # (5 MB of a worker's 80 MB budget in `make bench`).
    from ..share_card import draw_share_card

    return draw_share_card(page.quiz, page.outcome, phrases.card_texts(lang))


def decision_record(dbs: Session, versions: QuizVersions, public_id: str,
                    permalink: str, lang: str = "en") -> tuple[str, str] | None:
    """The result as a Markdown decision record and its file name; None as for a card."""
    page = result_page(dbs, versions, public_id)
    if page is None or page.outcome is None:
        return None
    return (record.decision_record(page.quiz, page.outcome, permalink,
                                   phrases.record_texts(lang)),
            record.decision_record_filename(page.outcome))


def what_if_page(dbs: Session, versions: QuizVersions, public_id: str, question_id: str,
                 choice_id: str) -> ResultPage | None:
    """The result with one answer changed, scored by its own quiz version, never stored;
    None when there is no such result or the change is no real alternative."""
    page = result_page(dbs, versions, public_id)
    if page is None or page.outcome is None:
        return None
    outcome = what_if(page.quiz, page.outcome.answers, question_id, choice_id)
    if outcome is None:
        return None
    question = page.quiz.question(question_id)
    return replace(page, outcome=outcome, verdict=page.quiz.verdicts[outcome.verdict],
                   what_if=(question, question.choice(choice_id)), feedback_form=None)


def change_answer(dbs: Session, versions: QuizVersions, public_id: str,
                  question_id: str) -> Reply | None:
    """POST /result/<id>/change: a new attempt from a stored result's answers, at the step
    of one question (the live quiz keeps what it still asks). None: no such result."""
    stored = results.find(dbs, public_id)
    if stored is None:
        return None
    quiz = versions.live
    flow = Flow(quiz)
    try:
        target = quiz.step_of(question_id)
    except KeyError:
        raise UnknownQuestion(question_id) from None
    draft = Draft.start(quiz, stored.answers, source=stored.source)
    if not flow.may_visit(target, draft.answers):
        target = flow.current(draft.answers)
    return Reply(ToStep(target), keep=draft)
