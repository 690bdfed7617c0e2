"""The staff area: login and logout, the dashboard of tallies, and the result exports."""

from __future__ import annotations

import logging
import time
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    stream_with_context,
    url_for,
)
from flask_htmx import make_response as htmx_response
from flask_login import current_user, login_required, login_user, logout_user
from werkzeug.datastructures import MultiDict

from .. import db, quizzes, security
from ..errors import render_error
from ..extensions import htmx, login_manager
from ..storage import answer_sets, staff_members, tallies
from ..storage.exports import option_ids, stored_rows
from . import accounts, comparisons, exports, login_limits, picker
from .dashboard import build as build_dashboard
from .dashboard import transition_bars
from .forms import REPLAY_UPLOAD_LIMIT, LoginForm, ReplayForm, read_filters

log = logging.getLogger(__name__)
bp = Blueprint("staff", __name__, url_prefix="/staff")
security.private_blueprint(bp)  # staff data stays out of every cache

LAST_SEEN, LOGGED_IN = accounts.LAST_SEEN, accounts.LOGGED_IN


# -- login, logout, idle expiry --------------------------------------------------------------


def safe_next(target: str | None) -> str | None:
    """`target` when it is a path on this site, else None: never a way off the site."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target or any(ord(c) < 32 for c in target):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


@bp.before_request
def expire_session():
    """End a staff session idle longer than STAFF_IDLE_MINUTES, or older than
    STAFF_SESSION_HOURS however active."""
    if not current_user.is_authenticated:
        return None
    now = int(time.time())
    recent, young = accounts.session_limits(now)
    if recent and young:
        accounts.mark_seen(now)
        return None
    logout_user()
    session.clear()
    if request.endpoint == "staff.login":
        return None
    if not young:
        return to_login("Your session reached its time limit. Please log in again.")
    return to_login("Your session ended after a while without activity. Please log in again.")


def to_login(message: str = "Please log in to see the staff pages."):
    """Send the visitor to the login form, and back here afterwards when this was a GET.

    An htmx request is told to load the whole login page rather than swap it into the board.
    """
    flash(message)
    target = url_for("staff.login", next=request.full_path if request.method == "GET" else None)
    if htmx:
        return htmx_response("", redirect=target)
    return redirect(target)


def start_staff_session(member) -> None:
    """Log `member` in on a fresh session cookie."""
    session.clear()  # nothing from before the login survives into the staff session
    login_user(accounts.StaffUser(member))
    # Flask-Login stores "_id", an unsalted hash of the IP address and user agent, readable
    # by anyone holding the cookie; its session protection is off (accounts.init_app), so
    # nothing needs it.
    session.pop("_id", None)
    session[LAST_SEEN] = session[LOGGED_IN] = int(time.time())
    log.info("staff member %s logged in", member.username)


@bp.route("/login", methods=["GET", "POST"])
@login_limits.limited
def login():
    """The login form; a success starts a fresh session and goes to `next` or the dashboard."""
    form = LoginForm()
    target = safe_next(request.args.get("next"))
    failed = False
    if form.validate_on_submit():
        login_limits.slow_down()
        member = accounts.authenticate(db.get_session(), form.username.data, form.password.data)
        login_limits.record(success=member is not None)
        if member is not None:
            start_staff_session(member)
            return redirect(target or url_for(".dashboard"), 303)
        log.info("a staff login failed")
        failed = True
    elif current_user.is_authenticated and request.method == "GET":
        return redirect(target or url_for(".dashboard"))
    return render_template("staff/login.html", form=form, failed=failed, next=target)


@bp.post("/logout")
@login_required
def logout():
    """End this session, and every copy of its cookie, by replacing the account's token."""
    staff_members.end_sessions(db.get_session(), current_user.member_id)
    logout_user()
    session.clear()
    flash("You have logged out.")
    return redirect(url_for(".login"), 303)


# -- the dashboard and the exports -----------------------------------------------------------


@bp.get("/")
@login_required
def dashboard():
    """Totals, verdicts, answers, the trend and the funnel of the chosen comparison
    (`?quiz=<slug>`, the default one without it) for the chosen days and version."""
    dbs = db.get_session()
    shown, choices, versions = chosen_comparison(dbs)
    if shown is None:
        return unknown_comparison()
    sources = tallies.sources(dbs, shown.slug, versions)
    filters = read_filters(versions, sources=sources, comparisons=choices)
    # Bad filters get the default view (of the same comparison) with the message next to
    # them, not an error page.
    used = filters if filters.validate() else read_filters(
        versions, MultiDict({"quiz": shown.slug}), sources, choices)
    summary = tallies.summarise(dbs, shown.slug, used.first_day(), used.last_day(),
                                used.version.data or None, used.period())
    board = build_dashboard(summary, shown.quiz, used.source.data or None)
    template = "staff/_dashboard.html" if htmx else "staff/dashboard.html"
    return render_template(template, board=board, filters=filters, used=used,
                           comparison=shown)


def chosen_comparison(dbs):
    """The comparison of `?quiz=` (None: no comparison has that slug), the picker's
    (slug, label) choices (the registry's, drafts marked, then retired ones with tallies)
    and the chosen comparison's versions with tallies."""
    found, stored = quizzes.registry(), tallies.comparisons(dbs)
    every = picker.every(found, stored)
    shown = picker.chosen(every, request.args.get("quiz"), found.default.slug)
    versions = stored.get(shown.slug, []) if shown else []
    return shown, [(c.slug, c.label) for c in every], versions


def unknown_comparison(advice: str = "Choose one from the dashboard's list of comparisons."):
    return render_error(404, f"No comparison has the slug “{request.args.get('quiz')}”. "
                             + advice)


@bp.get("/export.csv")
@login_required
def export_csv():
    """Every stored result of the comparison and filtered range, one CSV row each, streamed."""
    return _export("csv", "text/csv; charset=utf-8")


@bp.get("/export.json")
@login_required
def export_json():
    """Every stored result of the comparison and filtered range as a JSON array, streamed."""
    return _export("json", "application/json")


def _export(kind: str, content_type: str):
    dbs = db.get_session()
    shown, choices, versions = chosen_comparison(dbs)
    if shown is None:
        return unknown_comparison()
    comparison = shown.slug
    filters = read_filters(versions, sources=tallies.sources(dbs, comparison, versions),
                           comparisons=choices)
    if not filters.validate():
        return render_error(400, " ".join(filters.messages()))
    start, end, version = filters.first_day(), filters.last_day(), filters.version.data or None
    source = filters.source.data or None
    answered = tallies.answered_questions(dbs, comparison, start, end, version)
    # A retired comparison whose file is gone: its score columns are its stored results'.
    quiz = shown.quiz if shown.quiz.options \
        else picker.stand_in(comparison, option_ids(dbs, comparison))
    columns = exports.columns(quiz, answered)
    write = exports.csv_chunks if kind == "csv" else exports.json_chunks

    def rows():
        # The stream is read after the request's own session has closed: it reads with a
        # session of its own, closed when the stream ends, however it ends.
        with db.new_session() as session:
            yield from stored_rows(session, comparison, start, end, version, source)

    return Response(
        stream_with_context(write(columns, rows())),
        content_type=content_type,  # as given: `mimetype=` would add a second charset
        headers={"Content-Disposition":
                 f"attachment; filename=backend-advisor-{comparison}-results.{kind}"},
    )


@bp.url_value_preprocessor
def upload_limit(endpoint, _values):
    """Let the replay page take a quiz file (REPLAY_UPLOAD_LIMIT) where the rest of the app
    takes 16 KB. A URL value preprocessor runs before every `before_request` hook, and some
    of those (the NUL-byte check, CSRFProtect) read the body."""
    if endpoint == "staff.replay":
        request.max_content_length = REPLAY_UPLOAD_LIMIT


@bp.route("/replay", methods=["GET", "POST"])
@login_required
def replay():
    """Replay every stored answer set under an uploaded candidate quiz; publishes nothing."""
    form = ReplayForm()
    report = candidate = None
    status = 200
    if form.validate_on_submit():
        candidate = form.candidate()
        if candidate is not None:
            # A candidate is a new version of a comparison: its stored results are replayed.
            report = answer_sets.replay_stored(db.get_session(), candidate.slug, candidate,
                                               form.start.data, form.end.data)
    if request.method == "POST" and report is None:
        status = 422
    bars = transition_bars(dict(report.transitions), candidate) if report else ()
    return render_template("staff/replay.html", form=form, report=report, bars=bars,
                           candidate=candidate), status


@bp.get("/comparisons")
@login_required
def comparison_list():
    """Every comparison served, listed or draft, with the links to take or preview it."""
    return render_template("staff/comparisons.html",
                           rows=comparisons.rows(quizzes.registry()))


@bp.get("/embed")
@login_required
def embed_snippets():
    """The two snippets a publisher pastes to embed a listed comparison (`?quiz=<slug>`, the
    default without it): the script, and a plain iframe for pages that allow no script."""
    found = quizzes.registry()
    listed = found.listed()
    chosen = next((c for c in listed if c.slug == request.args.get("quiz", found.default.slug)),
                  None)
    if chosen is None:
        return unknown_comparison("Only a listed comparison can be embedded (not a draft).")
    return render_template("staff/embed.html", embedding=bool(current_app.config["EMBED_ORIGINS"]),
                           origins=current_app.config["EMBED_ORIGINS"],
                           sources=current_app.config["EMBED_SOURCES"], comparison=chosen,
                           listed=listed, default=chosen.slug == found.default.slug)


def init_app(app) -> None:
    from . import requests  # noqa: F401  (its routes join this blueprint)

    accounts.init_app(app)
    login_manager.unauthorized_handler(to_login)
    app.register_blueprint(bp)
