"""The OpenAPI 3.1 document of `/api/v1`, assembled from the routes themselves.

Each API view carries its contract (`@documented(...)`: a summary, the request model and the
response models by status); `document()` walks the app's URL map, so a route cannot be served
without being described (it raises), and the schemas are pydantic's JSON Schema of the models
in `bodies.py`, which is the dialect OpenAPI 3.1 uses (2020-12).

Why not spectree or apispec: the answers' schema comes from the quiz file the app serves, not
from a class, and both would still need that hook; both also validate or serialise in their
own way, where here the scoring core owns validation and its 422 format. What is left to
assemble is the few lines below. Adding a route is one decorated view; adding a request field
(e.g. `lang`) is one field on its model.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from flask import Flask
from pydantic import BaseModel
from pydantic.json_schema import models_json_schema

from .. import events
from ..quiz.content import Quiz
from .bodies import Error, answers_schema, verdict_schema

PREFIX = "/api/v1/"
SCHEMAS = "#/components/schemas/{model}"


class Markdown(BaseModel):
    """Marks a response that is a Markdown document (text/markdown), not JSON."""

# What any route may answer, whatever it does; `Error` is the body of each.
EVERY_ROUTE_ERRORS = {
    429: "Too many requests from this client: wait for Retry-After seconds.",
    500: "An unexpected error; it has been logged.",
    503: "The service is briefly unavailable: retry after Retry-After seconds.",
}
# What a route that reads a body may answer besides.
BODY_ERRORS = {
    400: "The request could not be read.",
    413: "The body is larger than the server accepts (MAX_CONTENT_LENGTH).",
}
RETRY_AFTER = {"Retry-After": {"description": "Seconds to wait before retrying.",
                               "required": True, "schema": {"type": "integer", "minimum": 0}}}


@dataclass(frozen=True)
class Operation:
    """What an API view takes and answers, for the document."""

    summary: str
    description: str
    request: type[BaseModel] | None
    # status -> (body model, when it is answered)
    responses: Mapping[int, tuple[type[BaseModel], str]] = field(default_factory=dict)


def documented(summary: str, *, request: type[BaseModel] | None = None,
               responses: Mapping[int, tuple[type[BaseModel], str]]) -> Callable:
    """Attach an API view's contract to it; the view's docstring becomes its description."""

    def attach(view: Callable) -> Callable:
        view.openapi_operation = Operation(summary, inspect.cleandoc(view.__doc__ or ""),
                                           request, responses)
        return view

    return attach


def document(app: Flask, quiz: Quiz, slugs: list[str] | None = None) -> dict[str, Any]:
    """The OpenAPI 3.1 document for every route under /api/v1 of `app`, answering `quiz` by
    default and the comparisons of `slugs` (the listed ones; default: `quiz`'s alone)."""
    paths: dict[str, dict[str, Any]] = {}
    request_models: set[type[BaseModel]] = set()
    response_models: set[type[BaseModel]] = {Error}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if not rule.rule.startswith(PREFIX):
            continue
        view = app.view_functions[rule.endpoint]
        operation: Operation | None = getattr(view, "openapi_operation", None)
        if operation is None:
            raise LookupError(f"{rule.endpoint} serves {rule.rule} with no @documented contract")
        if operation.request:
            request_models.add(operation.request)
        response_models.update(model for model, _ in operation.responses.values()
                               if model is not Markdown)
        path, parameters = _path(rule.rule, rule.arguments)
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            paths.setdefault(path, {})[method.lower()] = _operation(
                rule.endpoint, operation, parameters)

    _, definitions = models_json_schema(
        [(model, "validation") for model in sorted(request_models, key=lambda m: m.__name__)]
        + [(model, "serialization") for model in sorted(response_models, key=lambda m: m.__name__)]
        + [(model, "serialization") for model in events.BODIES.values()],
        ref_template=SCHEMAS,
    )
    schemas = {**definitions.get("$defs", {}), "Answers": answers_schema(quiz),
               "Verdict": verdict_schema(quiz),
               "QuizSlug": {"title": "QuizSlug", "type": "string",
                            "enum": slugs if slugs is not None else [quiz.slug]}}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Backend Advisor API",
            "version": "1",
            "description": f"Score an answer set of a comparison: by default “{quiz.title}” "
                           f"(version {quiz.version}), whose verdicts are "
                           f"{', '.join(quiz.verdict_name(v) for v in quiz.verdict_ids)}, with "
                           "the reasons; `GET /api/v1/quizzes` lists the others. Stateless: "
                           "nothing is stored. Every error is JSON `{\"error\": ...}`.",
        },
        "paths": paths,
        "webhooks": webhooks(),
        "components": {"schemas": schemas},
    }


# The Standard Webhooks headers every delivery carries.
WEBHOOK_HEADERS = (
    ("webhook-id", "The event's id (`msg_...`): the same on every attempt and for every "
                   "destination. De-duplicate by it: a delivery may repeat."),
    ("webhook-timestamp", "When this attempt was sent, in seconds since the epoch. Refuse "
                          "one far from your clock (the library allows 5 minutes)."),
    ("webhook-signature", "`v1,` and the base64 HMAC-SHA256, under the secret after "
                          "`whsec_` (base64-decoded), of "
                          "`{webhook-id}.{webhook-timestamp}.{body}`; verify it with a "
                          "Standard Webhooks library."),
)


def webhooks() -> dict[str, Any]:
    """The events POSTed to each of WEBHOOK_URLS, as OpenAPI 3.1's `webhooks` section."""
    parameters = [{"name": name, "in": "header", "required": True, "description": text,
                   "schema": {"type": "string"}} for name, text in WEBHOOK_HEADERS]
    section = {}
    for event_type, model in events.BODIES.items():
        data = events.DATA[event_type]
        section[event_type] = {"post": {
            "operationId": event_type.replace(".", "_"),
            "summary": inspect.cleandoc(data.__doc__ or ""),
            "description": "Sent by `flask outbox run` to each of WEBHOOK_URLS, signed per the "
                           "Standard Webhooks specification.",
            "parameters": parameters,
            "requestBody": {"required": True, "content": {"application/json": {
                "schema": {"$ref": SCHEMAS.format(model=model.__name__)}}}},
            "responses": {
                "2XX": {"description": "Acknowledged: the event is not sent again."},
                "410": {"description": "Gone: nothing more is sent to this URL until staff "
                                       "resume it (/staff/deliveries)."},
                "default": {"description": "Anything else, or no answer within "
                                           "WEBHOOK_TIMEOUT_SECONDS: sent again after each wait "
                                           "of OUTBOX_RETRY_SECONDS, with the same webhook-id."},
            },
        }}
    return section


def _operation(endpoint: str, operation: Operation, parameters: list[dict]) -> dict[str, Any]:
    errors = {**EVERY_ROUTE_ERRORS, **(BODY_ERRORS if operation.request else {})}
    responses: dict[str, Any] = {
        str(status): _response("Error", description) for status, description in errors.items()
    }
    for status, (model, description) in operation.responses.items():
        if model is Markdown:
            responses[str(status)] = {"description": description, "content": {
                "text/markdown": {"schema": {"type": "string"}}}}
        else:
            responses[str(status)] = _response(model.__name__, description)
    responses["503"]["headers"] = RETRY_AFTER
    result: dict[str, Any] = {
        "operationId": endpoint.replace(".", "_"),
        "summary": operation.summary,
        "description": operation.description,
        "responses": dict(sorted(responses.items())),
    }
    if parameters:
        result["parameters"] = parameters
    if operation.request:
        result["requestBody"] = {
            "required": True,
            "content": {"application/json": {"schema": {
                "$ref": SCHEMAS.format(model=operation.request.__name__)}}},
        }
    return result


def _response(model: str, description: str) -> dict[str, Any]:
    return {"description": description,
            "content": {"application/json": {"schema": {"$ref": SCHEMAS.format(model=model)}}}}


def _path(rule: str, arguments: set[str]) -> tuple[str, list[dict[str, Any]]]:
    """Flask's `/x/<converter:name>` as OpenAPI's `/x/{name}`, with its path parameters."""
    path = re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule)
    parameters = [{"name": name, "in": "path", "required": True, "schema": {"type": "string"}}
                  for name in sorted(arguments)]
    return path, parameters
