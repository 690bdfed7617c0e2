"""Liveness and readiness probes."""

from flask import Blueprint, current_app

from .readiness import readiness_problem

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness: a constant answer that touches nothing (also the benchmarks' baseline)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when the database answers with the latest schema, 503 (with the reason)
    when it does not, within a few seconds either way (readiness.py)."""
    problem = readiness_problem()
    if problem:
        return f"not ready: {problem}", 503, {"Content-Type": "text/plain; charset=utf-8",
                                               "Retry-After": "5"}
    return "ready", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on pages that name no icon (plain-text ones): the SVG."""
    return current_app.view_functions["static"](filename="favicon.svg")


ROBOTS = """\
User-agent: *
Allow: /
Disallow: /staff/
Disallow: /result/
Disallow: /quiz
"""


@bp.get("/robots.txt")
def robots():
    """Crawlers may index the landing page; the quiz, the results and staff pages are not
    theirs (a result's link is shared by its owner, not published)."""
    return ROBOTS, 200, {"Content-Type": "text/plain; charset=utf-8",
                         "Cache-Control": "public, max-age=86400"}
