"""API errors: JSON `{"error": message}` with the status, for every error under /api/.

`advisor_web.errors` hands an error here when the request's path is an API one, so an
unknown route, a wrong method or a body too large answers in the API's own format.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Response, jsonify

PREFIX = "/api/"

MESSAGES = {
    400: "The request could not be read.",
    403: "Not allowed.",
    404: "No such API route: the routes are described at /api/v1/openapi.json.",
    405: "This route does not take that method: see the Allow header.",
    413: "The body is larger than the server accepts.",
    415: "Send the body as application/json.",
    422: "The body cannot be used.",
    429: "Too many requests from this client: wait for Retry-After seconds and retry.",
    500: "An unexpected error; it has been logged.",
    503: "The service is briefly unavailable: retry after Retry-After seconds.",
}


def is_api_path(path: str) -> bool:
    return path.startswith(PREFIX)


def json_error(status: int, detail: str | None = None,
               headers: Iterable[tuple[str, str]] = ()) -> tuple[Response, int, list]:
    """The response for an API error with this status."""
    message = detail or MESSAGES.get(status) or MESSAGES[500]
    return jsonify(error=message), status, list(headers)
