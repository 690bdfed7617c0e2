"""Prometheus metrics at `GET /metrics`, for a bearer of METRICS_TOKEN; without the setting the
route does not exist (404). A missing or wrong token gets a 401, and costs the address one of
METRICS_RATE_LIMIT (a right one costs nothing), as a wrong password does at the staff login.

Under gunicorn, `gunicorn_config.py` points PROMETHEUS_MULTIPROC_DIR at a directory before the
workers start, so each worker writes its counts there and the scrape sums them for the whole
process group (prometheus_client's multiprocess mode). Without that directory a scrape could
only read the one worker that answered it (consecutive scrapes read 124, then 136, of a true
260): the page then refuses with a 503 that says so, rather than serve numbers that lie.

Labels say which route (the URL rule, `/result/<public_id>`, never the path), which method and
which status: never a result id, an answer or an address. The quiz's counters say which
comparison, by its slug when QUIZ_FILES names it and "other" otherwise, so a label's values
stay as few as the comparisons served.
"""

from __future__ import annotations

import datetime as dt
import hmac
import logging
import os
import time

from flask import Flask, Response, current_app, g, has_app_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
    multiprocess,
    values,
)
from prometheus_client.core import GaugeMetricFamily

from . import db, quizzes
from .extensions import limiter

log = logging.getLogger(__name__)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}
UNMATCHED = "unmatched"  # a URL no route serves (a 404): its path is never a label

REQUESTS = Counter("advisor_http_requests", "HTTP requests answered.",
                   ["route", "method", "status"])
LATENCY = Histogram("advisor_http_request_duration_seconds",
                    "Time from the request reaching the app to its response.",
                    ["route", "method", "status"])
OTHER = "other"  # the comparison label of a slug QUIZ_FILES does not name
STEPS_ANSWERED = Counter("advisor_quiz_steps_answered", "Quiz steps answered and taken.",
                         ["comparison"])
RESULTS_STORED = Counter("advisor_results_stored", "Quiz results stored.", ["comparison"])
CONSULTATIONS_REQUESTED = Counter("advisor_consultations_requested",
                                  "Consultation requests stored, by the result's comparison.",
                                  ["comparison"])
# Counted by the process that delivers (`flask outbox run`); the database's view of every
# worker's deliveries is `advisor_outbox_messages` below, read at scrape time.
DELIVERY_ATTEMPTS = Counter("advisor_outbox_delivery_attempts",
                            "Outbox delivery attempts by this process, by channel and outcome.",
                            ["channel", "outcome"])
UNAVAILABLE = Counter("advisor_unavailable_responses",
                      "503 responses (database locked or unreachable).", ["route"])
RATE_LIMITED = Counter("advisor_rate_limited_responses", "429 responses (a rate limit hit).",
                       ["route"])
# livesum: the sum over the workers alive now.
POOL_CHECKED_OUT = Gauge("advisor_db_pool_checked_out",
                         "Database connections in use.", multiprocess_mode="livesum")
POOL_SIZE = Gauge("advisor_db_pool_size", "Connections each pool keeps open, summed.",
                  multiprocess_mode="livesum")


def comparison_label(slug: str | None) -> str:
    """The label of comparison `slug` (None: the default one): the slug itself when the
    app serves it, else OTHER. Bounded by QUIZ_FILES, whatever slug reaches here."""
    if not has_app_context():
        return OTHER
    found = quizzes.registry()
    if slug is None:
        return found.default.slug
    return slug if found.get(slug) is not None else OTHER


def step_answered(comparison: str | None = None) -> None:
    """A visitor's answers to one step of `comparison` (its slug) were valid and taken."""
    STEPS_ANSWERED.labels(comparison_label(comparison)).inc()


def result_stored(comparison: str | None = None) -> None:
    """A new result of `comparison` was stored (a replayed finish stores nothing and counts
    nothing)."""
    RESULTS_STORED.labels(comparison_label(comparison)).inc()


def consultation_requested(comparison: str | None = None) -> None:
    """A consultation request about a result of `comparison` was stored (a repeated
    submission stores nothing, counts none)."""
    CONSULTATIONS_REQUESTED.labels(comparison_label(comparison)).inc()


def delivery_attempted(channel: str, outcome: str) -> None:
    """The outbox worker attempted a delivery: "delivered", "retried", "failed", "stopped"."""
    DELIVERY_ATTEMPTS.labels(channel, outcome).inc()


def init_app(app: Flask) -> None:
    """Count requests and serve /metrics, when METRICS_TOKEN is set; otherwise do nothing."""
    if not app.config.get("METRICS_TOKEN"):
        return
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR") and values.ValueClass is values.MutexValue:
        raise RuntimeError("prometheus_client was imported before PROMETHEUS_MULTIPROC_DIR was "
                           "set: each worker would count alone")
    # First, so the time includes the other hooks (and a 400 they answer is counted).
    app.before_request_funcs.setdefault(None, []).insert(0, _start_clock)
    app.after_request(_count)
    app.add_url_rule("/metrics", "metrics", limiter.limit(
        lambda: current_app.config["METRICS_RATE_LIMIT"], deduct_when=_refused)(_serve))
    _watch_pool(app.extensions["advisor_engine"])


def _start_clock() -> None:
    g.metrics_started = time.perf_counter()


def _count(response: Response) -> Response:
    route = request.url_rule.rule if request.url_rule else UNMATCHED
    method = request.method if request.method in METHODS else "other"
    status = str(response.status_code)
    REQUESTS.labels(route, method, status).inc()
    if "metrics_started" in g:
        LATENCY.labels(route, method, status).observe(time.perf_counter() - g.metrics_started)
    if response.status_code == 503:
        UNAVAILABLE.labels(route).inc()
    elif response.status_code == 429:
        RATE_LIMITED.labels(route).inc()
    return response


def _serve() -> Response:
    """The metrics of every worker, to a bearer of METRICS_TOKEN."""
    if not _bears_the_token():
        return Response("A valid bearer token is required.\n", 401,
                        {"WWW-Authenticate": 'Bearer realm="metrics"'},
                        mimetype="text/plain")
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if not directory or not os.path.isdir(directory):
        return Response(UNSUMMED, 503, {"Cache-Control": "no-store"}, mimetype="text/plain")
    registry = CollectorRegistry()
    multiprocess.MultiProcessCollector(registry)
    body = generate_latest(registry) + _outbox_metrics()
    response = Response(body, content_type=CONTENT_TYPE_LATEST)
    response.headers["Cache-Control"] = "no-store"
    return response


class _OutboxCollector:
    """The outbox as the database holds it, read at scrape time: it covers every worker on
    every host, which no process's counter can. Nothing when the database does not answer,
    so the process's own metrics are still served."""

    def collect(self):
        from . import db
        from .storage import outbox as store

        state = store.state(db.get_session())
        if state is None:
            log.warning("metrics: the database did not answer: the outbox's gauges are left out")
            return
        messages = GaugeMetricFamily("advisor_outbox_messages",
                                     "Outbox rows (one per event and destination) by status.",
                                     labels=["status"])
        for status, count in state.counts.items():
            messages.add_metric([status], count)
        yield messages
        age = 0.0
        if state.oldest_pending:
            now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
            age = max((now - state.oldest_pending).total_seconds(), 0.0)
        yield GaugeMetricFamily("advisor_outbox_oldest_pending_age_seconds",
                                "Age of the oldest delivery still pending (0 when none).",
                                value=age)


def _outbox_metrics() -> bytes:
    registry = CollectorRegistry(auto_describe=False)
    registry.register(_OutboxCollector())
    return generate_latest(registry)


UNSUMMED = ("Metrics are not served: PROMETHEUS_MULTIPROC_DIR does not name a directory, so "
            "each worker counts alone and a scrape would read only the worker that answered "
            "it. Start the app with gunicorn's settings "
            "(gunicorn -c python:advisor_web.gunicorn_config ...), which name one.\n")


def _bears_the_token() -> bool:
    """Whether the request's Authorization is `Bearer <METRICS_TOKEN>`, the scheme's name in
    any case (RFC 9110 makes it case-insensitive). Split here rather than by werkzeug's
    parser, which reads a token with an "=" inside as parameters and loses it."""
    scheme, _, given = request.headers.get("Authorization", "").strip().partition(" ")
    if scheme.lower() != "bearer":
        return False
    expected = current_app.config["METRICS_TOKEN"].encode()
    # Constant time: the token is not guessable one character at a time.
    return hmac.compare_digest(given.strip().encode(), expected)


def _refused(response: Response) -> bool:
    """`deduct_when`: only a wrong or missing token costs the address one of its tries."""
    return response.status_code == 401


def _watch_pool(engine) -> None:
    POOL_SIZE.inc(db.pool_size(engine))
    db.watch_pool(engine, checked_out=POOL_CHECKED_OUT.inc, checked_in=POOL_CHECKED_OUT.dec)
