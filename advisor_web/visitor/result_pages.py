"""The result pages' use cases: a stored result as its own quiz version explains it, a vote
on it, a what-if, its share card and decision record, and a new attempt from its answers.
Plain functions over plain values, as the step use cases in `attempts.py` are.

Each takes the registry of comparisons and the page's language, and explains a stored result
with the versions of the result's own comparison (`stored.comparison`), whichever URL or
surface asked: its table, verdict texts, "you against others" and votes are that
comparison's, never the default's. A result whose comparison QUIZ_FILES no longer names, or
which has no file in the page's language (an English-only comparison's result asked for under
`/ne/`), raises `quizzes.NotServed`: the views answer a 404 saying so, never a 500 and never
another comparison's texts. (A comparison that ever stored a result is not meant to leave
QUIZ_FILES: permalinks are forever. This is what a site that drops one anyway shows.)"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from .. import languages
from ..quiz import decision_record as record
from ..quiz import funnel
from ..quiz.content import Choice, Question, Quiz, VerdictText
from ..quiz.flow import Draft, Flow
from ..quiz.scoring import InvalidAnswers, Outcome, score, what_if
from ..quizzes import NotServed, Registry
from ..storage import Session, results, votes
from ..storage.models import StoredResult
from . import forms
from .attempts import Reply, ToStep
from .others import Others, compare_with_others


class UnknownQuestion(ValueError):
    """A form named a question the quiz does not have (a 400)."""


@dataclass(frozen=True)
class ResultPage:
    """A stored result as its own quiz version explains it (or a what-if of it)."""

    stored: StoredResult | None  # None: a staff member's preview of a draft, stored nowhere
    quiz: Quiz
    outcome: Outcome | None  # None when its quiz version is no longer on file
    verdict: VerdictText
    live: bool  # made with the quiz visitors take today
    retired: bool = False  # its comparison is no longer served: shown, but not to take again
    what_if: tuple[Question, Choice] | None = None
    others: Others | None = None  # "you against others", when its group is big enough
    feedback_form: forms.FeedbackForm | None = None  # the vote form; None on a what-if
    voted: bool = False  # this request recorded a vote: thank the visitor

    @property
    def top_reasons(self) -> tuple[str, ...]:
        """The answers that weighed most, up to three, as the visitor chose them: what a link
        preview's description names (the template words it in the page's language)."""
        if self.outcome is None:
            return ()
        return tuple(self.quiz.question(r.question).choice(r.choice).label
                     for r in self.outcome.reasons[:3])

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

def preview_page(quiz: Quiz, outcome: Outcome) -> ResultPage:
    """A preview's result, as a stored one's page shows it: no stored result behind it,
    so nothing that needs one (a vote, "you against others", a permalink)."""
    return ResultPage(None, quiz, outcome, quiz.verdicts[outcome.verdict], live=True)


def preview_what_if_page(quiz: Quiz, outcome: Outcome, question_id: str,
                         choice_id: str) -> ResultPage | None:
    """A preview's result with one answer changed, as `what_if_page` scores a stored one's;
    None when the change is no real alternative."""
    changed = what_if(quiz, outcome.answers, question_id, choice_id)
    if changed is None:
        return None
    question = quiz.question(question_id)
    return replace(preview_page(quiz, changed), what_if=(question, question.choice(choice_id)))


def result_page(dbs: Session, registry: Registry, public_id: str,
                others_min_count: int | None = None, *, lang: str = "en") -> ResultPage | None:
    """GET /result/<id>: the stored result, or None when there is none; with "you against
    others" from the live quiz's tallies when `others_min_count` is given and met."""
    stored = results.find(dbs, public_id)
    if stored is None:
        return None
    return _result_page(dbs, registry, lang, stored, others_min_count)


def _result_page(dbs: Session, registry: Registry, lang: str, stored: StoredResult,
                 others_min_count: int | None) -> ResultPage:
    versions = registry.versions_of(stored.comparison, lang)
    quiz = versions.get(stored.quiz_version)
    outcome = None
    if quiz is not None:
        try:
            outcome = score(quiz, stored.answers)
        except InvalidAnswers:
            outcome = None
    shown = quiz or versions.live
    others = None
    # Only among results of its own comparison (the live quiz's): never another's counts.
    if others_min_count is not None and stored.comparison == versions.live.slug:
        others = compare_with_others(dbs, versions.live.slug, versions.live, stored.answers,
                                     stored.verdict, others_min_count)
    return ResultPage(stored, shown, outcome, shown.verdicts[stored.verdict],
                      live=shown is versions.live and quiz is not None, others=others,
                      retired=registry.get(stored.comparison) is None,
                      feedback_form=forms.feedback(shown, helpful=stored.helpful,
                                                   building_with=stored.building_with))


def give_feedback(dbs: Session, registry: Registry, public_id: str, formdata,
                  others_min_count: int | None = None, *, lang: str = "en"
                  ) -> tuple[ResultPage, int] | None:
    """POST /result/<id>/feedback: record the visitor's vote (replacing an earlier one) and
    return the page thanking them, with 200; an invalid vote stores nothing and returns the
    page with the form's errors and 422. None: no such result."""
    stored = results.find(dbs, public_id)
    if stored is None:
        return None
    versions = registry.versions_of(stored.comparison, lang)
    form = forms.feedback(versions.get(stored.quiz_version) or versions.live, formdata)
    if not form.validate():
        page = _result_page(dbs, registry, lang, stored, others_min_count)
        return replace(page, feedback_form=form), 422
    ballot = funnel.Vote(form.helpful.data, form.building_with.data or None)
    try:
        stored = votes.vote(dbs, public_id, ballot)
    except votes.NoSuchResult:  # purged meanwhile
        return None
    return replace(_result_page(dbs, registry, lang, stored, others_min_count), voted=True), 200


@dataclass(frozen=True)
class ShareCard:
    """A stored result's share card before anyone pays for drawing it: what names it (the
    result, the language, the quiz version), the day its result was stored (from which its
    purge is reckoned), and what `draw` draws."""

    public_id: str
    lang: str
    quiz_version: str
    stored_on: dt.date
    quiz: Quiz
    outcome: Outcome

    def draw(self) -> bytes:
        """The PNG: the verdict, how clear-cut it is, and the top three factors (nothing the
        result page does not show)."""
        # Pillow is loaded with the first card a worker draws, not by every worker at start-up
        # (5 MB of a worker's 80 MB budget in `make bench`).
        from ..share_card import ENGLISH, draw_share_card

        return draw_share_card(self.quiz, self.outcome, languages.translated(ENGLISH, self.lang))


def share_card(dbs: Session, registry: Registry, public_id: str,
               lang: str = "en") -> ShareCard | None:
    """The result's share card, not drawn yet; None when there is no such result (never one,
    or purged) or its quiz version is no longer on file."""
    stored = results.find(dbs, public_id)
    if stored is None:
        return None
    quiz = registry.versions_of(stored.comparison, lang).get(stored.quiz_version)
    if quiz is None:
        return None
    try:
        outcome = score(quiz, stored.answers)
    except InvalidAnswers:
        return None
    return ShareCard(public_id, lang, stored.quiz_version, stored.created_on, quiz, outcome)


def decision_record(dbs: Session, registry: Registry, public_id: str,
                    permalink: str, lang: str = "en") -> tuple[str, str] | None:
    """The result as a Markdown decision record and its file name; None as for a card."""
    page = result_page(dbs, registry, public_id, lang=lang)
    if page is None or page.outcome is None:
        return None
    return (record.decision_record(page.quiz, page.outcome, permalink,
                                   languages.translated(record.ENGLISH, lang)),
            record.decision_record_filename(page.outcome))


def what_if_page(dbs: Session, registry: Registry, public_id: str, question_id: str,
                 choice_id: str, *, lang: str = "en") -> ResultPage | None:
    """The result with one answer changed, scored by its own quiz version, never stored;
    None when there is no such result or the change is no real alternative."""
    page = result_page(dbs, registry, public_id, lang=lang)
    if page is None or page.outcome is None:
        return None
    outcome = what_if(page.quiz, page.outcome.answers, question_id, choice_id)
    if outcome is None:
        return None
    question = page.quiz.question(question_id)
    return replace(page, outcome=outcome, verdict=page.quiz.verdicts[outcome.verdict],
                   what_if=(question, question.choice(choice_id)), feedback_form=None)


def change_answer(dbs: Session, registry: Registry, public_id: str,
                  question_id: str, *, lang: str = "en") -> tuple[str, Reply] | None:
    """POST /result/<id>/change: a new attempt at the result's comparison (its slug comes
    first: the draft and the step's URL are that comparison's) from the stored answers, at
    the step of one question (the live quiz keeps what it still asks). None: no such
    result."""
    stored = results.find(dbs, public_id)
    if stored is None:
        return None
    if registry.get(stored.comparison) is None:
        raise NotServed(stored.comparison, lang)  # retired: nobody takes it again
    quiz = registry.versions_of(stored.comparison, lang).live
    flow = Flow(quiz)
    try:
        target = quiz.step_of(question_id)
    except KeyError:
        raise UnknownQuestion(question_id) from None
    draft = Draft.start(quiz, stored.answers, source=stored.source)
    if not flow.may_visit(target, draft.answers):
        target = flow.current(draft.answers)
    return stored.comparison, Reply(ToStep(target), keep=draft)
