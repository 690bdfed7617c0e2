"""Staff: the consultation requests, newest first, each with its result; change a request's
status, delete it, export the list as CSV (formula-safe, as the results' exports)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass

from flask import (
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import login_required
from flask_wtf import FlaskForm
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired

from .. import db, quizzes
from ..db import Session, transaction  # Session: the type only; queries live in storage/
from ..quiz.content import Quiz
from ..quizzes import Registry
from ..storage import consultations as requests
from ..storage.outbox import forget_subject
from . import exports
from .picker import stand_in
from .views import bp

PER_PAGE = 50
CSV_COLUMNS = ("received", "status", "name", "email", "company", "message",
               "consent_version", "lang", "source", "result_id", "result_url", "comparison",
               "verdict", "quiz_version", "answers")


class StatusForm(FlaskForm):
    status = SelectField("Status", validators=[InputRequired()],
                         choices=[SelectChoice(s, s.title()) for s in requests.STATUSES])


class DeleteForm(FlaskForm):
    """Only the CSRF token: the request to delete is in the URL."""


@dataclass(frozen=True)
class Listed:
    """A request as the staff list shows it, with its result (None: purged since)."""

    request: object
    result: object | None
    verdict: str | None  # the verdict's title in the words of its comparison's live quiz
    answers: tuple[tuple[str, str], ...]  # (question, answer) in the same words
    comparison: str | None = None  # its comparison's title (a retired one's slug)


@dataclass(frozen=True)
class RequestsPage:
    """One page of the list: its requests, how many there are in all, and its neighbours."""

    shown: list[Listed]
    count: int
    page: int
    pages: int

    @property
    def newer(self) -> int | None:
        return self.page - 1 if self.page > 1 else None

    @property
    def older(self) -> int | None:
        return self.page + 1 if self.page < self.pages else None


def listed(dbs: Session, registry: Registry, page: int) -> RequestsPage:
    """Page `page` (from 1) of the requests, newest first, each result told in the words of
    its own comparison."""
    page = max(page, 1)
    rows = requests.newest(dbs, PER_PAGE, (page - 1) * PER_PAGE)
    count = requests.total(dbs)
    return RequestsPage([_listed(registry, req, result) for req, result in rows], count, page,
                        max(1, -(-count // PER_PAGE)))


def _listed(registry: Registry, req, result) -> Listed:
    if result is None:
        return Listed(req, None, None, ())
    found = registry.get(result.comparison) or registry.retired.get(result.comparison)
    # A comparison whose file is gone altogether: its ids stand for its words.
    quiz = found.live() if found else stand_in(result.comparison)
    verdict = quiz.verdicts[result.verdict].title if result.verdict in quiz.verdicts \
        else result.verdict
    return Listed(req, result, verdict, tuple(_words(quiz, result.answers)), quiz.title)


def _words(quiz: Quiz, answers: dict) -> Iterator[tuple[str, str]]:
    """Each answer in the live quiz's words; an id it no longer knows, as the id."""
    for question_id, choice_id in answers.items():
        try:
            question = quiz.question(question_id)
            yield question.prompt, question.choice(choice_id).label
        except KeyError:
            yield question_id, choice_id


def change_status(dbs: Session, request_id: str, status: str) -> bool:
    with transaction(dbs):
        return requests.set_status(dbs, request_id, status)


def delete(dbs: Session, request_id: str) -> bool:
    """Delete a request and its deliveries still pending (they hold its contact details)."""
    with transaction(dbs):
        if requests.remove(dbs, request_id) is None:
            return False
        forget_subject(dbs, request_id)
    return True


def csv_rows(dbs: Session, result_url) -> Iterator[dict]:
    for req, result in requests.every(dbs):
        yield {
            "received": req.consent_given_at.isoformat(), "status": req.status,
            "name": req.name, "email": req.email, "company": req.company or "",
            "message": req.message or "", "consent_version": req.consent_version,
            "lang": req.lang, "source": req.source, "result_id": req.result_id,
            "result_url": result_url(req.result_id),
            "comparison": result.comparison if result else "",
            "verdict": result.verdict if result else "",
            "quiz_version": result.quiz_version if result else "",
            "answers": json.dumps(result.answers, sort_keys=True) if result else "",
        }


# -- views -----------------------------------------------------------------------------------


@bp.get("/requests")
@login_required
def consultation_requests():
    """The consultation requests, newest first, with their results, status and actions."""
    return show_list(StatusForm())


def show_list(status_form: StatusForm, status: int = 200):
    shown = listed(db.get_session(), quizzes.registry(), request.args.get("page", 1, type=int))
    return render_template("staff/requests.html", listing=shown,
                           status_form=status_form), status


@bp.post("/requests/<request_id>/status")
@login_required
def request_status(request_id: str):
    """Set a request's status (new, answered, closed); 303 back to the list. An unknown
    status shows the list again with the message (422); an unknown request is a 404."""
    if requests.find(db.get_session(), request_id) is None:
        abort(404)
    form = StatusForm()
    if not form.validate_on_submit():
        return show_list(form, 422)
    if not change_status(db.get_session(), request_id, form.status.data):
        abort(404)  # deleted meanwhile
    flash(f"The request is now marked {form.status.data}.")
    return redirect(url_for(".consultation_requests", _anchor=f"request-{request_id}"), 303)


@bp.post("/requests/<request_id>/delete")
@login_required
def request_delete(request_id: str):
    """Delete a request and its pending deliveries; 303 back to the list."""
    if not DeleteForm().validate_on_submit():
        abort(400)
    if not delete(db.get_session(), request_id):
        abort(404)
    flash("The request is deleted.")
    return redirect(url_for(".consultation_requests"), 303)


@bp.get("/requests.csv")
@login_required
def requests_csv():
    """Every consultation request, newest first, as CSV (streamed)."""
    def rows():
        with db.new_session() as dbs:  # read after the request's own session has closed
            yield from csv_rows(dbs, result_url)

    return Response(stream_with_context(exports.csv_chunks(CSV_COLUMNS, rows())),
                    content_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition":
                             "attachment; filename=backend-advisor-requests.csv"})


def result_url(public_id: str) -> str:
    return url_for("visitor.result", public_id=public_id, _external=True)
