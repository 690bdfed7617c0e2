"""The JSON API's routes: each declares its contract with `@documented`."""

import json

from flask import Blueprint, current_app, jsonify, request, url_for
from pydantic import ValidationError

from .. import db, quizzes
from ..extensions import csrf
from ..quiz.content import Quiz
from ..quiz.scoring import InvalidAnswers, outcome_to_dict, score
from ..quiz.translation import LANGUAGES
from ..security import private
from .bodies import (
    AnswerErrors,
    Error,
    OpenAPIDocument,
    Outcome,
    QuizList,
    QuizOption,
    QuizSummary,
    ScoreRequest,
)
from .errors import json_error
from .openapi import Markdown, document, documented

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Stateless: it reads no cookie and changes nothing, so there is nothing to forge.
csrf.exempt(bp)

NOT_AN_ANSWERS_OBJECT = 'Send a JSON object: {"answers": {question_id: choice_id, ...}}'
UNKNOWN_LANG = f"Unknown language: use one of {', '.join(map(repr, LANGUAGES))}."


@bp.post("/score")
@documented(
    "Score an answer set",
    request=ScoreRequest,
    responses={200: (Outcome, "The verdict, its scores and its explanation."),
               422: (AnswerErrors, "The body is not an answer set, or names an unknown "
                                   "question or choice, or misses a required answer.")},
)
def score_answers():
    """The outcome for `{"answers": {question_id: choice_id}, "lang": "en" | "ne"}`, its texts
    in `lang`, or 422 naming each bad id. Stores nothing and sets no cookie."""
    # pydantic's JSON parser refuses nesting deeper than a couple of hundred levels with an
    # error, where the json module would overflow the stack (a RecursionError, a 500).
    if not request.is_json:
        return _answer_errors({"answers": NOT_AN_ANSWERS_OBJECT})
    try:
        body = ScoreRequest.model_validate_json(request.get_data() or b"null")
    except ValidationError as error:
        if error.errors()[0]["loc"][:1] == ("lang",):
            return _answer_errors({"lang": UNKNOWN_LANG}, UNKNOWN_LANG)
        if error.errors()[0]["loc"][:1] == ("quiz",):
            return _answer_errors({"quiz": _unknown_quiz()}, _unknown_quiz())
        # The first problem's message names no input: "Invalid JSON: recursion limit exceeded".
        return _answer_errors({"answers": NOT_AN_ANSWERS_OBJECT},
                              f"The body is not an answers object: {error.errors()[0]['msg']}.")
    quiz = _quiz_for(body)
    if not isinstance(quiz, Quiz):
        return quiz  # the 422 naming the unknown quiz or language
    try:
        outcome = score(quiz, body.answers)
    except InvalidAnswers as error:
        return _answer_errors(error.errors)
    return jsonify(outcome_to_dict(outcome))


@bp.get("/quizzes")
@documented("The listed comparisons",
            responses={200: (QuizList, "Each listed comparison: slug, title, options, live "
                                       "version and languages, the default first.")})
def list_quizzes():
    """What `"quiz"` on `POST /score` may name (drafts are not listed)."""
    summaries = []
    for comparison in quizzes.registry().listed():
        quiz = comparison.live()
        summaries.append(QuizSummary(
            slug=quiz.slug, title=quiz.title, version=quiz.version,
            options=[QuizOption(id=o.id, name=o.name) for o in quiz.options],
            languages=list(comparison.languages)))
    return current_app.response_class(
        json.dumps(QuizList(quizzes=summaries).model_dump()), mimetype="application/json")


@bp.get("/results/<public_id>/decision-record")
@documented("A stored result as a Markdown decision record",
            responses={200: (Markdown, "An architecture decision record (Status, Context, "
                                       "Decision, Consequences) with the result's permalink."),
                       404: (Error, "No stored result has that id (or it has expired).")})
@private
def decision_record(public_id: str):
    """The record the result page offers for download, for a result id."""
    # Imported here: the visitor package imports the error pages, which import this package.
    from ..visitor import result_pages

    permalink = url_for("visitor.result", public_id=public_id, _external=True)
    try:  # explained by the result's own comparison, as on its page
        found = result_pages.decision_record(db.get_session(), quizzes.registry(), public_id,
                                             permalink)
    except quizzes.NotServed:
        found = None
    if found is None:
        return json_error(404, "No stored result has that id (or it has expired).")
    return current_app.response_class(found[0], content_type="text/markdown; charset=utf-8")


@bp.get("/openapi.json")
@documented("This API's OpenAPI 3.1 document",
            responses={200: (OpenAPIDocument, "The document.")})
def openapi_document():
    """Generated from the routes and their models; the answers' schema lists the question and
    choice ids of the quiz being served."""
    # Not jsonify, which sorts keys: the questions stay in the quiz's order.
    slugs = [c.slug for c in quizzes.registry().listed()]
    return current_app.response_class(json.dumps(document(current_app, quizzes.live(), slugs)),
                                      mimetype="application/json")


def _quiz_for(body: ScoreRequest):
    """The live quiz `body` names, in its language; or the 422 saying what it may name."""
    comparison = quizzes.comparison(body.quiz)
    if comparison is None or not comparison.live().listed:  # a draft is for staff only
        return _answer_errors({"quiz": _unknown_quiz()}, _unknown_quiz())
    if body.lang not in comparison.languages:
        message = (f"This quiz is not in that language: use one of "
                   f"{', '.join(map(repr, comparison.languages))}.")
        return _answer_errors({"lang": message}, message)
    return comparison.live(body.lang)


def _unknown_quiz() -> str:
    slugs = [c.slug for c in quizzes.registry().listed()]
    return f"Unknown quiz: use one of {', '.join(map(repr, slugs))}."


def _answer_errors(errors: dict[str, str], message: str = "The answers cannot be scored."):
    return jsonify(AnswerErrors(error=message, errors=errors).model_dump()), 422
