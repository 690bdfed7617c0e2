"""Error pages: short, friendly, and never a traceback, SQL or a file path."""

from __future__ import annotations

import logging
import time

from flask import Flask, render_template, request
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from flask_limiter import RateLimitExceeded
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from .api.errors import is_api_path, json_error
from .extensions import htmx, limiter
from .security import CrossSitePost
from .storage import DatabaseUnavailable

log = logging.getLogger(__name__)

# Seconds a visitor is asked to wait when the database is briefly unavailable.
RETRY_AFTER = 5

MESSAGES = {
    400: (_l("That request could not be used"),
          _l("Something in it was missing or out of date. "
             "Go back, reload the page and try again: your answers are kept.")),
    403: (_l("Not allowed"), _l("You do not have access to this page.")),
    404: (_l("Page not found"),
          _l("There is nothing at this address. A result link may have been "
             "mistyped or cut short.")),
    405: (_l("Not allowed"), _l("This page cannot be used that way.")),
    413: (_l("Too much data"), _l("That request was far larger than any answer to this quiz.")),
    429: (_l("Slow down a little"),
          _l("You have done that many times in a short while. "
             "Please wait a few minutes and try again.")),
    500: (_l("Something went wrong"),
          _l("The error has been logged. Please try again in a moment.")),
    503: (_l("Briefly unavailable"),
          _l("We could not save or load your data just now. Your answers "
             "are kept: wait a few seconds and try again.")),
}


def render_error(status: int, detail: str | None = None, headers=()):
    """The error page (JSON under /api/), with `headers` such as a 405's `Allow`."""
    headers = [*headers, *([("Retry-After", str(RETRY_AFTER))] if status == 503 else [])]
    if is_api_path(request.path):
        return json_error(status, detail, headers)
    title, message = MESSAGES.get(status, MESSAGES[500])
    template = "errors/_error.html" if htmx else "errors/error.html"
    body = render_template(template, status=status, title=title, message=detail or message)
    return body, status, headers


def rate_limit_headers() -> dict[str, str]:
    """The breached limit, and when to come back, for a 429 (and for nothing else)."""
    breached = limiter.current_limit
    if breached is None:
        return {}
    reset_at = breached.reset_at
    return {
        "Retry-After": str(max(1, int(reset_at - time.time()))),
        "X-RateLimit-Limit": str(breached.limit.amount),
        "X-RateLimit-Remaining": str(breached.remaining),
        "X-RateLimit-Reset": str(reset_at),
    }


def init_app(app: Flask) -> None:
    @app.errorhandler(RateLimitExceeded)
    def rate_limited(error: RateLimitExceeded):
        return render_error(429, headers=rate_limit_headers().items())

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        return render_error(400, gettext("This form has expired or was not sent from this "
                                         "site. Reload the page and try again: your answers "
                                         "are kept."))

    @app.errorhandler(CrossSitePost)
    def cross_site_post(error: CrossSitePost):
        return render_error(403, gettext("This form was sent from another site, so it was "
                                         "not used and nothing was saved. To send it, use "
                                         "the form on this site's own page."))

    @app.errorhandler(DatabaseUnavailable)
    def database_unavailable(error: DatabaseUnavailable):
        # Locked or unreachable: say so briefly; the detail stays in the server log.
        log.warning("database unavailable: %s", type(error.orig).__name__)
        return render_error(503)

    @app.errorhandler(ServiceUnavailable)
    def service_unavailable(error: ServiceUnavailable):
        return render_error(503)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code is None or error.code < 400:
            return error
        # Keep what the exception says beside its page (a 405's Allow), not its content type.
        headers = [(k, v) for k, v in error.get_headers() if k.lower() != "content-type"]
        return render_error(error.code, headers=headers)

    @app.errorhandler(InternalServerError)
    def internal_error(error: InternalServerError):
        return render_error(500)
