"""The JSON API: score an answer set without storing anything."""

from flask import Blueprint, jsonify, request

from . import quizzes
from .extensions import csrf
from .quiz.scoring import InvalidAnswers, outcome_to_dict, score

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Stateless: it reads no cookie and changes nothing, so there is nothing to forge.
csrf.exempt(bp)


@bp.post("/score")
def score_answers():
    """The outcome for `{"answers": {question_id: choice_id}}`, or 422 naming each bad id."""
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("answers"), dict):
        return jsonify(errors={"answers": 'Send a JSON object: {"answers": {question_id: '
                                          'choice_id, ...}}'}), 422
    try:
        outcome = score(quizzes.live(), body["answers"])
    except InvalidAnswers as error:
        return jsonify(errors=error.errors), 422
    return jsonify(outcome_to_dict(outcome))
