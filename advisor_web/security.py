"""Response headers every page gets, and logs that never carry a visitor's data."""

from __future__ import annotations

import logging
import re

from flask import Flask, current_app, request

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
        "frame-ancestors 'none'",
    ]
)

# Pages that show a visitor's result or staff data must not linger in shared caches.
NO_STORE_PREFIXES = ("/staff", "/result", "/quiz")


def init_app(app: Flask) -> None:
    app.after_request(_set_headers)
    _scrub_access_log()


def _set_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    if current_app.config.get("HSTS"):
        headers.setdefault("Strict-Transport-Security", "max-age=31536000; includeSubDomains")
    if request.path.startswith(NO_STORE_PREFIXES):
        headers["Cache-Control"] = "no-store"
    # htmx and plain requests get different bodies from the same URL.
    response.vary.add("HX-Request")
    return response


class _NoClientAddress(logging.Filter):
    """Drop the client address werkzeug's development server puts first on each access line.

    Also folds newlines, so a crafted path cannot forge a second log line.
    """

    _leading_address = re.compile(r"^\S+ - - ")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self._leading_address.sub("- - - ", record.msg)
        if record.args:
            record.args = tuple(
                a.replace("\r", "\\r").replace("\n", "\\n") if isinstance(a, str) else a
                for a in record.args
            )
        return True


def _scrub_access_log() -> None:
    logger = logging.getLogger("werkzeug")
    if not any(isinstance(f, _NoClientAddress) for f in logger.filters):
        logger.addFilter(_NoClientAddress())
