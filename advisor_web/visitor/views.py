"""The visitor's pages: landing, the quiz's steps, the result and its what-ifs.

Each view parses the request, calls one use case (`attempts`) and responds; `respond` is
the one place a draft is saved and a message flashed.
"""

from __future__ import annotations

import datetime as dt
import time

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    g,
    get_flashed_messages,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_htmx import make_response as htmx_response
from flask_limiter.errors import RateLimitExceeded

from .. import db, quizzes, security
from ..errors import rate_limit_headers, render_error
from ..extensions import htmx, limiter
from ..languages import numeral
from ..privacy import privacy_facts
from ..quiz.content import Quiz
from ..quiz.flow import Draft
from ..security import private, sessionless
from ..storage.retention import today
from . import (
    attempts,
    cards,
    comparisons,
    consultations,
    embedding,
    prerendered,
    result_pages,
    surfaces,
)
from .drafts import CookieDrafts, DraftStore, InvalidDraftToken

bp = Blueprint("visitor", __name__)


@bp.app_template_global()
def star_glyphs(count: int, out_of: int = 5) -> tuple[str, str]:
    """A rating as filled stars given and outlined stars missing (a shape, not only a colour)."""
    return "★" * count, "☆" * (out_of - count)


def lang() -> str:
    """The language of this request's surface (its URL prefix)."""
    return surfaces.current().lang


def quiz() -> Quiz:
    """The live quiz of this request's comparison (`comparisons`) in this page's language."""
    return comparisons.current().live(lang())


@bp.url_value_preprocessor
def which_comparison(_endpoint, values):
    """The comparison `/compare/<slug>/...` names (a 404 when it is not served here)."""
    comparisons.enter(values, lang(), embedded())


bp.url_defaults(comparisons.carry)


@bp.after_request
def keep_previews_private(response):
    """A preview is a staff member's page: never kept by a cache, never indexed."""
    if comparisons.previewing():
        security.no_store(response)
        response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.app_template_global()
def previewing() -> bool:
    """Whether this page is a staff member's preview of a draft comparison (its banner)."""
    return comparisons.previewing()


def drafts() -> DraftStore:
    """This request's draft store, for its comparison only: the signed session cookie on the
    site, a signed token in the page in the embedded mode (`embedding`)."""
    if "drafts" not in g:
        key = comparisons.draft_key()
        g.drafts = embedding.store(key) if embedded() else CookieDrafts(session, key)
    return g.drafts


def load_draft() -> Draft | None:
    """The request's draft, loaded once. A frame's first page begins an attempt it carries in
    its token (nothing is written until the first answer), with the embedding page's source."""
    if "draft" not in g:
        g.draft = drafts().load()
        if g.draft is None and embedded():
            g.draft = g.fresh_draft = Draft.start(quiz(), source=embedding.source())
    return g.draft


@bp.app_template_global()
def page_quiz() -> Quiz:
    """The quiz this page is about, for the frame every page shares (its title, the options
    it weighs): the request's comparison's, the default on pages about none."""
    return comparisons.live(lang())


@bp.app_template_global()
def embedded() -> bool:
    """Whether this page is the embedded mode's (no site frame, no cookie)."""
    return surfaces.current().embedded


@bp.app_template_global()
def draft_token() -> str | None:
    """The draft token a page of the embedded mode carries in its forms (none once it proved
    forged or expired)."""
    return drafts().token if embedded() else None


@bp.app_template_global()
def frame_source() -> str | None:
    """The embedding page's label that a page of the frame passes on in its links and forms:
    the draft's, else the shown result's, else the one the request came with. None on the
    site."""
    if not embedded():
        return None
    draft = g.get("draft")
    if draft is not None:
        return draft.source
    return g.get("result_source") or embedding.source_or_other()


@bp.app_template_global()
def frame_state() -> dict:
    """What a link of the frame that starts or resumes an attempt carries: the draft token
    (when there is a usable one) and the source label. Nothing on the site (the cookie)."""
    if not embedded():
        return {}
    return embedding.url_state(drafts().checked_token, [], frame_source())


@bp.app_template_global()
def retry_fields() -> list[tuple[str, str]]:
    """The fields of a POST the frame's 429 or 503 page offers to send again, as they were
    posted; the form adds the draft as it is kept now, and the source (`form_guard`)."""
    own = {"draft", "source", "csrf_token"}
    return [(name, value) for name, value in request.form.items(multi=True) if name not in own]


@bp.app_template_global()
def page_messages() -> list[str]:
    """The messages to show on this page: flashed on the site, carried in the URL (and this
    response) in the embedded mode."""
    if embedded():
        return embedding.messages_in_url() + g.get("embed_messages", [])
    return get_flashed_messages()


class ResultNotFound(Exception):
    """No stored result has this id: never one, or purged after the retention period."""


@bp.errorhandler(ResultNotFound)
def result_not_found(_error):
    days = current_app.config.get("RESULT_RETENTION_DAYS")
    # Not `num=`: ngettext's own argument is named so; the count is written in the page's digits.
    kept = (ngettext("Results are kept for %(days)s day, then deleted.",
                     "Results are kept for %(days)s days, then deleted.", days,
                     days=numeral(days))
            if days else _("Results may be deleted after a while."))
    return render_error(404, _("There is no result at this address: the link may have been cut "
                               "short, or the result has expired.") + " " + kept)


def missing_result():
    raise ResultNotFound


@bp.errorhandler(quizzes.NotServed)
def comparison_not_served(_error):
    return render_error(404, _("This result was made with a comparison this site does not "
                               "offer in this language."))


@bp.errorhandler(InvalidDraftToken)
def invalid_draft_token(_error):
    return render_error(400, _("This quiz page has expired or was altered, so its answers "
                               "could not be used. Start the quiz again."))


@bp.errorhandler(embedding.BadSource)
def bad_source(_error):
    return render_error(400, _("The embedding page's data-source must be at most 32 "
                               "letters, digits or dashes."))


@bp.get("/")
@bp.get("/compare/<slug>/")
def landing():
    """What the quiz does, how long it takes, what "anonymous" means; start or continue."""
    draft, _ = attempts.usable(quiz(), load_draft())
    # A preview's last result was never stored: its page is `preview_result`.
    last_result = None if comparisons.previewing() else attempts.last_result(draft, result_key())
    # The site's own landing page lists the comparisons when there is more than one.
    listing = not embedded() and comparisons.is_default(comparisons.current())
    return render_template("visitor/landing.html", quiz=quiz(), draft=draft,
                           last_result=last_result, suggested=suggested_language(),
                           choices=comparisons.choices(lang()) if listing else ())


@bp.get("/quiz")
@bp.get("/compare/<slug>/quiz")
@private
def current_step():
    """The step the visitor is on: a new quiz begins here."""
    return respond(attempts.show_current(quiz(), load_draft()))


@bp.get("/quiz/<step_id>")
@bp.get("/compare/<slug>/quiz/<step_id>")
@private
def step(step_id: str):
    """One step of the quiz, with the visitor's answers so far."""
    try:
        return respond(attempts.show_step(quiz(), load_draft(), step_id))
    except attempts.UnknownStep:
        abort(404)


@bp.post("/quiz/<step_id>")
@bp.post("/compare/<slug>/quiz/<step_id>")
@private
def answer(step_id: str):
    """Take one step's answers, then show the next step, or store the result after the last
    (in a staff preview: count and store nothing, and show the result unstored)."""
    try:
        if comparisons.previewing():
            return respond(attempts.preview_step(quiz(), load_draft(), step_id, request.form))
        reply = attempts.answer_step(quiz(), load_draft(), step_id, request.form,
                                     db.get_session(), today(), result_key=result_key(),
                                     lang=lang())
    except attempts.UnknownStep:
        abort(404)
    if isinstance(reply.page, attempts.NewResult):  # a new result costs one completion
        reply = attempts.store_result(db.get_session(), reply, allowed=completion_allowed())
    return respond(reply)


@bp.post("/quiz/restart")
@bp.post("/compare/<slug>/quiz/restart")
@private
def restart():
    """Forget the answers in progress and begin again."""
    return respond(attempts.restart())


# Without a slug too, as every visitor endpoint is: the default comparison is listed, so
# `/preview` is always a 404, but a 404 page's language links can name the endpoint.
@bp.get("/preview")
@bp.get("/compare/<slug>/preview")
@private
def preview_result():
    """A staff member's preview of a draft comparison's result: the finished preview's
    answers scored again, stored nowhere (so no permalink, vote, share or consultation)."""
    outcome = preview_outcome()
    if outcome is None:
        return respond(attempts.Reply(attempts.ToStart()))
    return render_preview(result_pages.preview_page(quiz(), outcome))


@bp.get("/preview/what-if/<question_id>/<choice_id>")
@bp.get("/compare/<slug>/preview/what-if/<question_id>/<choice_id>")
@private
def preview_what_if(question_id: str, choice_id: str):
    """A preview's result with one answer changed (scored, never stored)."""
    outcome = preview_outcome()
    if outcome is None:
        return respond(attempts.Reply(attempts.ToStart()))
    page = result_pages.preview_what_if_page(quiz(), outcome, question_id, choice_id)
    return render_preview(page or abort(404))


def preview_outcome():
    """The finished preview's outcome (None: no finished preview); a 404 unless this is a
    staff member's preview of a draft, the only comparison with a preview."""
    if not comparisons.previewing():
        abort(404)
    return attempts.preview_outcome(quiz(), load_draft())


def render_preview(page: result_pages.ResultPage):
    return render_template("visitor/preview_result.html", page=page, quiz=page.quiz,
                           outcome=page.outcome, verdict=page.verdict, what_if=page.what_if)


@bp.get("/result/<public_id>")
@private
def result(public_id: str):
    """A stored result: the verdict, the comparison table, the reasons and the what-ifs."""
    page = result_pages.result_page(db.get_session(), quizzes.registry(), public_id,
                                    others_min_count(), lang=lang()) or missing_result()
    return render_result(page)


@bp.post("/result/<public_id>/feedback")
@private
def feedback(public_id: str):
    """Take "Was this helpful?": 303 back to the result, or for htmx the thank-you in place."""
    reply = result_pages.give_feedback(db.get_session(), quizzes.registry(), public_id,
                                       request.form, others_min_count(), lang=lang())
    page, status = reply or missing_result()
    if htmx:
        return htmx_response(render_template("visitor/_feedback.html", page=page,
                                             stored=page.stored), status)
    if status == 200:
        return redirect(url_for(".result", public_id=public_id, _anchor="feedback"), 303)
    return render_result(page), status


@bp.get("/result/<public_id>/what-if/<question_id>/<choice_id>")
@private
def what_if(public_id: str, question_id: str, choice_id: str):
    """The result this visitor would get with one answer changed (scored, never stored)."""
    page = result_pages.what_if_page(db.get_session(), quizzes.registry(), public_id,
                                     question_id, choice_id, lang=lang()) or missing_result()
    return render_result(page)


@bp.get("/result/<public_id>/card.png")
@sessionless
def share_card(public_id: str):
    """The result's share card for link previews: a 1200x630 PNG with an ETag, cached until
    its result may be purged (`cards`)."""
    card = result_pages.share_card(db.get_session(), quizzes.registry(), public_id, lang())
    return cards.respond(card or missing_result())


@bp.get("/result/<public_id>/decision-record.md")
@private
def decision_record(public_id: str):
    """The result as a Markdown architecture decision record, to commit beside the code."""
    permalink = url_for(".result", public_id=public_id, _external=True)
    found = result_pages.decision_record(db.get_session(), quizzes.registry(), public_id,
                                         permalink, lang()) or missing_result()
    return markdown_download(*found)


@bp.post("/result/<public_id>/change")
@private
def change(public_id: str):
    """Begin a new attempt from a stored result's answers, at the step of one question."""
    try:
        found = result_pages.change_answer(db.get_session(), quizzes.registry(), public_id,
                                           request.form.get("question", ""), lang=lang())
    except result_pages.UnknownQuestion:
        abort(400)
    slug, reply = found or missing_result()
    comparisons.use(slug)  # the draft and the step are its
    return respond(reply)


# A request's message may hold 2,000 characters: in Devanagari, form-encoded, up to 18 KB; a
# far longer one must still reach the form to be refused with the typing kept.
CONSULTATION_UPLOAD_LIMIT = 128 * 1024


@bp.url_value_preprocessor
def consultation_upload_limit(endpoint, _values):
    """Let a consultation request be larger than the app's 16 KB. A URL value preprocessor
    runs before every `before_request` hook, and some of those read the body."""
    if endpoint and endpoint.endswith(".ask_consultation"):
        request.max_content_length = CONSULTATION_UPLOAD_LIMIT


@bp.post("/result/<public_id>/consultation")
@private
def ask_consultation(public_id: str):
    """Take a consultation request about this result: 303 to its confirmation, or the result
    page again with the form as typed and why it was refused."""
    if not current_app.config["CONSULTATIONS"]:
        abort(404)
    asking = consultations.Asking(dt.datetime.now(dt.UTC), lang(), permalink(public_id))
    reply = consultations.ask(db.get_session(), checks(), public_id, request.form, asking)
    if reply is None:
        missing_result()
    if isinstance(reply, consultations.NewRequest):  # a stored request costs one of the limit
        reply = consultations.store_request(db.get_session(), checks(), reply,
                                            allowed=consultation_allowed())
    if isinstance(reply, consultations.Sent):
        return go(url_for(".consultation_sent", token=reply.withdraw_token))
    page = result_pages.result_page(db.get_session(), quizzes.registry(), public_id,
                                    others_min_count(), lang=lang()) or missing_result()
    limit = rate_limit_headers() if reply.status == 429 else {}
    return render_result(page, reply.offer), reply.status, limit


@bp.get("/consultation/<token>")
@private
def consultation_sent(token: str):
    """What happens next with a request just sent, and the way to withdraw it."""
    try:
        _request_id, public_id = checks().withdraw.read(token)
    except consultations.BadWithdrawToken:
        return bad_withdraw_token(None)
    return render_template("visitor/consultation_sent.html", token=token, public_id=public_id)


@bp.post("/consultation/withdraw")
@private
def withdraw_consultation():
    """Withdraw a request: delete it and tell the publisher's systems; 303 to a page that
    says so (withdrawing again changes nothing)."""
    public_id = consultations.withdraw(db.get_session(), checks(), request.form.get("token", ""))
    return go(url_for(".consultation_withdrawn", r=public_id))


@bp.get("/consultation/withdrawn")
def consultation_withdrawn():
    """Confirms a withdrawal."""
    return render_template("visitor/consultation_withdrawn.html",
                           public_id=request.args.get("r") or None)


@bp.get("/privacy")
def privacy():
    """What is kept about visitors, why, for how long, who receives it: from the settings."""
    return render_template("visitor/privacy.html", facts=privacy_facts(current_app.config))


@bp.errorhandler(consultations.BadWithdrawToken)
def bad_withdraw_token(_error):
    return render_error(400, _("This withdraw link is not valid: it was altered or cut "
                               "short. Use the link on the page you saw after sending "
                               "your request."))


# -- responding ----------------------------------------------------------------------------


def markdown_download(text: str, filename: str):
    return current_app.response_class(text, content_type="text/markdown; charset=utf-8",
                                      headers={"Content-Disposition":
                                               f"attachment; filename={filename}"})


def result_key() -> bytes:
    """The key a result's public id is derived with (`results.public_id_of`)."""
    key = current_app.secret_key
    return key if isinstance(key, bytes) else key.encode()


def others_min_count() -> int:
    return current_app.config["OTHERS_MIN_COUNT"]


def render_result(page: result_pages.ResultPage, offer: consultations.Offer | None = None):
    """A result page; under a result (not a what-if) the consultation form when it is on:
    `offer` as refused, else a fresh one."""
    # In the frame, "Retake the quiz" and its like begin with the result's source label; its
    # links ("Retake", the language switch) are about the result's own comparison.
    g.result_source = page.stored.source
    comparisons.use(page.stored.comparison)
    if offer is None and not page.what_if and current_app.config["CONSULTATIONS"]:
        offer = consultations.offer(checks(), page.stored.public_id, time.time())
    return render_template("visitor/result.html", page=page, quiz=page.quiz, stored=page.stored,
                           outcome=page.outcome, verdict=page.verdict, what_if=page.what_if,
                           consultation=offer if not page.what_if else None)


def permalink(public_id: str) -> str:
    """The result's address on the site (in this page's language), also from the frame:
    the one a publisher's staff open."""
    surface = surfaces.twin(surfaces.SITE, lang()) or surfaces.SITE
    return url_for(f"{surface.name}.result", public_id=public_id, _external=True)


def checks() -> consultations.Checks:
    """The consultation form's bot checks, made from the settings once per app."""
    app = current_app._get_current_object()
    if "advisor_consultation_checks" not in app.extensions:
        app.extensions["advisor_consultation_checks"] = consultations.make_checks(app.config)
    return app.extensions["advisor_consultation_checks"]


def respond(reply: attempts.Reply):
    """Keep the reply's draft (the only place a draft is saved), pass on its message, then
    show its page: a step, a redirect, or a refusal that kept the answers."""
    if reply.forget:
        drafts().clear()
    keep = reply.keep or (None if reply.forget else g.get("fresh_draft"))
    if keep is not None:
        drafts().save(keep)
    if reply.message:
        notify(reply.message)
    page = reply.page
    if isinstance(page, attempts.StepPage):
        return show(page)
    if isinstance(page, attempts.Refused):
        limit = rate_limit_headers().items() if page.status == 429 else ()
        return render_error(page.status, headers=limit)
    if isinstance(page, attempts.ToStep) and htmx and request.method == "POST":
        # htmx swaps the next step in place and pushes its URL.
        answers = keep.answers if keep else {}
        return show(attempts.step_page(quiz(), page.step, answers),
                    push_url=step_url(page.step, carry=True))
    return go(target_url(page))


def show(page: attempts.StepPage, push_url: str | None = None):
    """A step: the whole page, or only the step for an htmx request."""
    context = {"quiz": quiz(), "step": page.step, "form": page.form,
               "position": page.position, "place": ("step", {"step_id": page.step.id})}
    if htmx:
        # The header's language switch is outside the swapped step: it comes along out of band.
        body = prerendered.render_step("visitor/_step.html", page, swapped=True, **context)
        return htmx_response(body, page.status, push_url=push_url)
    return prerendered.render_step("visitor/step.html", page, **context), page.status


def go(url: str):
    """A redirect: 303 after a POST (htmx follows it as a full page load), else a 302."""
    if htmx and request.method == "POST":
        # A 303 would be followed inside the XHR and the whole page swapped into the step.
        return htmx_response("", redirect=url)
    return redirect(url, 303 if request.method == "POST" else 302)


def target_url(page) -> str:
    if isinstance(page, attempts.ToResult):
        # Only the messages: the draft is done with, and a result's page knows its source.
        return url_for(".result", public_id=page.public_id, **carried(draft=False))
    if isinstance(page, attempts.ToLanding):
        return url_for(".landing", **carried())
    if isinstance(page, attempts.ToStart):
        return url_for(".current_step", **carried())
    if isinstance(page, attempts.ToPreviewResult):
        return url_for(".preview_result")
    return step_url(page.step, carry=True)


def step_url(step, carry: bool = False) -> str:
    return url_for(".step", step_id=step.id, **(carried() if carry else {}))


def carried(draft: bool = True) -> dict:
    """What a URL must carry in the embedded mode (the draft token, the source and the
    messages; only the messages without `draft`); nothing on the site, where the cookie
    carries them."""
    if not embedded():
        return {}
    messages = g.get("embed_messages", [])
    if not draft:
        return embedding.url_state(None, messages, None)
    loaded = g.get("draft")
    source = loaded.source if loaded else embedding.source()
    return embedding.url_state(drafts().token, messages, source)


def suggested_language() -> surfaces.LanguageLink | None:
    """On an English page, the Nepali one when the browser prefers Nepali: offered as a link,
    never a redirect (a shared English link stays English)."""
    if lang() != "en" or request.accept_languages.best_match(("en", "ne")) != "ne":
        return None
    return next((link for link in surfaces.language_links() if link.lang == "ne"), None)


def notify(message: str) -> None:
    """Pass `message` (an English message id, translated where it is shown) to the next page
    the visitor sees. On the site it is flashed, unless it is already waiting: a client that
    never loads the page it is sent to never reads its messages, and must not grow the session
    cookie. In the embedded mode it travels in the URL or in this response."""
    if embedded():
        g.setdefault("embed_messages", []).append(message)
    elif message not in (pending for _, pending in session.get("_flashes", ())):
        flash(message)


# Shared under one scope: a plain limit counts per endpoint, and the same view is a
# different endpoint on each surface (/, /ne/, /embed/, /ne/embed/), which would give an
# address four budgets.
@limiter.shared_limit(lambda: current_app.config["COMPLETION_RATE_LIMIT"], scope="completion")
def _count_completion() -> None:
    """A new result costs one of the address's COMPLETION_RATE_LIMIT, on every surface
    together; replays of a stored attempt never get here, so they cost nothing."""


@limiter.limit(lambda: current_app.config["CONSULTATION_RATE_LIMIT"])
def _count_consultation() -> None:
    """A stored consultation request costs one of the address's CONSULTATION_RATE_LIMIT;
    refused forms and double clicks never get here."""


def consultation_allowed() -> bool:
    try:
        _count_consultation()
    except RateLimitExceeded:
        return False
    return True


def completion_allowed() -> bool:
    try:
        _count_completion()
    except RateLimitExceeded:
        return False
    return True
