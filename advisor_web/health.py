"""Liveness and readiness probes."""

from flask import Blueprint, current_app

from . import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness: a constant answer that touches nothing (also the benchmarks' baseline)."""
    return "ok", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/readyz")
def readyz():
    """Readiness: 200 when the database answers a query, 503 when it does not."""
    try:
        db.ping()
    except Exception:  # any failure to reach the database means "not ready"
        return "database unavailable", 503, {"Content-Type": "text/plain; charset=utf-8"}
    return "ready", 200, {"Content-Type": "text/plain; charset=utf-8"}


@bp.get("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico on pages that name no icon (plain-text ones): the SVG."""
    return current_app.view_functions["static"](filename="favicon.svg")
