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
