"""Liveness and readiness probes."""

from flask import Blueprint, current_app

from .storage.readiness import readiness_problem

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness: a constant answer that touches nothing (also the benchmarks' baseline)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when the database answers with the latest schema, 503 (with the reason)
    when it does not, within a few seconds either way (storage/readiness.py)."""
    problem = readiness_problem()
    if problem:
        return f"not ready: {problem}", 503, {"Content-Type": "text/plain; charset=utf-8",
                                               "Retry-After": "5"}
    return "ready", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on pages that name no icon (plain-text ones): the SVG."""
    return current_app.view_functions["static"](filename="favicon.svg")


# Results are not disallowed here: link-preview bots (Slack, LinkedIn, X) honour robots.txt,
# and a shared result must preview. Result pages carry `noindex` instead, so search engines
# fetch them for no index. The quiz's steps are open: looking at one writes nothing.
ROBOTS = """\
User-agent: *
Allow: /
Disallow: /staff/
"""


@bp.get("/robots.txt")
def robots():
    """Crawlers may read the visitor's pages; staff pages are not theirs, and result pages
    ask not to be indexed (a result's link is shared by its owner, not published)."""
    return ROBOTS, 200, {"Content-Type": "text/plain; charset=utf-8",
                         "Cache-Control": "public, max-age=86400"}
