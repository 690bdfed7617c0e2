"""The JSON bodies the API reads and writes, as pydantic models: they parse requests and are
the source of the OpenAPI document's schemas (`openapi.py`).

The answers themselves are checked by the scoring core (`quiz.scoring.validate`), the one home
of that rule; here they are only "an object". Their published schema, with the live quiz's
question and choice ids, is worked out from the quiz by `answers_schema`.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, JsonValue, WithJsonSchema

from ..quiz.content import Quiz
from ..quiz.translation import LANGUAGES

# A verdict is an option or combined id of the quiz scored; the document lists the live
# quiz's (`verdict_schema`), pydantic only knows it is a string.
Verdict = Annotated[str, WithJsonSchema({"allOf": [{"$ref": "#/components/schemas/Verdict"}]})]
Language = Literal[LANGUAGES]  # type: ignore[valid-type]


class ScoreRequest(BaseModel):
    """An answer set to score. Other top-level keys are ignored."""

    model_config = ConfigDict(title="ScoreRequest")

    # Parsed as any object; published as the live quiz's Answers schema (`answers_schema`),
    # which pydantic does not know of: hence `allOf`, a reference it does not try to resolve.
    answers: Annotated[dict[str, JsonValue],
                       WithJsonSchema({"allOf": [{"$ref": "#/components/schemas/Answers"}]})]
    lang: Language = Field(
        default="en",
        description="The language of the outcome's texts (reasons, factor names, labels and "
                    "verdicts); the ids are the same in every language.")
    quiz: Annotated[str | None, WithJsonSchema(
        {"anyOf": [{"$ref": "#/components/schemas/QuizSlug"}, {"type": "null"}]})] = Field(
        default=None, max_length=40,
        description="The comparison's slug (`GET /api/v1/quizzes`); without it, the default "
                    "comparison. The published Answers schema is the default comparison's.")


# -- the outcome, as `quiz.scoring.outcome_to_dict` writes it --------------------------------


class _Closed(BaseModel):
    # A field the core starts writing must be added here too (tests compare the two).
    model_config = ConfigDict(extra="forbid")


class FactorRow(_Closed):
    """One row of the article's comparison table, weighed for these answers."""

    factor_id: str
    name: str
    importance: float = Field(ge=0)
    importance_label: str
    stars: dict[str, Annotated[int, Field(ge=1, le=5)]] = Field(
        description="Option id -> stars, in option order.")
    labels: dict[str, str] = Field(description="Option id -> the summary's words for it.")
    favours: str = Field(description="The option with the most stars; empty when the row "
                                     "moves nothing.")
    contribution: float = Field(ge=0, description="importance x (the favoured option's stars "
                                                  "- the next best's).")
    verdict: str


class Reason(_Closed):
    """An answer that moved the verdict, and why."""

    question: str
    choice: str
    text: str
    favours: str = Field(description="The option this answer helped most; empty when none.")
    effect: float = Field(ge=0, description="How much more this answer gave the favoured "
                                            "option than the next best one.")


class Flip(_Closed):
    """Changing `question` to `choice` alone would give `verdict`."""

    question: str
    choice: str
    verdict: Verdict


class Outcome(_Closed):
    """The verdict for an answer set, with its explanation."""

    verdict: Verdict
    scores: dict[str, float] = Field(description="Option id -> score, in option order.")
    margin: float = Field(ge=0, le=1, description="(best - second) / (best + second) over the "
                                                  "two highest scores")
    margin_label: str
    factors: list[FactorRow]
    reasons: list[Reason]
    flips: list[Flip]
    quiz_version: str
    answers: dict[str, str] = Field(description="The answers scored: asked questions only.")


class QuizOption(_Closed):
    id: str
    name: str


class QuizSummary(_Closed):
    """A listed comparison."""

    slug: str
    title: str
    options: list[QuizOption] = Field(description="In display order.")
    version: str = Field(description="The live version: what `POST /score` scores.")
    languages: list[str] = Field(description="The languages `lang` may name for it.")


class QuizList(_Closed):
    """Every listed comparison, the default first."""

    quizzes: list[QuizSummary]


# -- errors ----------------------------------------------------------------------------------


class Error(_Closed):
    """Every error the API answers, whatever its status."""

    error: str = Field(description="What went wrong, in one sentence.")


class AnswerErrors(_Closed):
    """The answer set cannot be scored: each bad id with what is wrong with it."""

    error: str
    errors: dict[str, str] = Field(
        description="Question id (or `answers` for the envelope) -> message."
    )


class OpenAPIDocument(BaseModel):
    """This document."""

    model_config = ConfigDict(extra="allow")

    openapi: str
    info: dict[str, JsonValue]
    paths: dict[str, JsonValue]


def verdict_schema(quiz: Quiz) -> dict[str, Any]:
    """The verdicts `quiz` gives: its option ids, then its combined verdicts' ids."""
    return {"title": "Verdict", "type": "string", "enum": list(quiz.verdict_ids)}


def answers_schema(quiz: Quiz) -> dict[str, Any]:
    """The answer sets `quiz` scores, as a JSON Schema: each question id with its choice ids,
    the questions always asked as required, and each conditional question required when its
    condition holds (an `if`/`then` per question). An answer to a question that is not asked
    is allowed and ignored; `null` means "no answer" where none is required."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    conditions: list[dict[str, Any]] = []
    for question in quiz.questions:
        choice = {"type": "string", "enum": list(question.choice_ids()),
                  "description": question.prompt}
        always = question.required and question.condition is None
        properties[question.id] = choice if always else {"anyOf": [choice, {"type": "null"}]}
        if always:
            required.append(question.id)
        elif question.required:
            conditions.append({
                "if": {"properties": {q: {"enum": list(c)} for q, c in question.condition.requires},
                       "required": [q for q, _ in question.condition.requires]},
                "then": {"properties": {question.id: {"type": "string"}},
                         "required": [question.id]},
            })
    schema: dict[str, Any] = {
        "title": "Answers",
        "description": f"An answer set for quiz version {quiz.version}.",
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    if conditions:
        schema["allOf"] = conditions
    return schema
