"""Consultation requests, the visitor's use cases: offer the form under a result, take a
request, withdraw it. Plain functions over plain values (a database session, the time, the
checks configured), as `attempts` are; the views parse and respond.

A request is stored with its tallies and its `consultation.requested` event (the outbox) in
one transaction; a withdrawal deletes it, drops its outbox rows still pending (they carry the
contact details the visitor just took back) and announces `consultation.withdrawn`, again in
one transaction. Nothing is ever sent to the address a visitor typed.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer

from .. import metrics
from ..db import transaction
from ..events import REQUESTED, WITHDRAWN
from ..outbox import announce
from ..quiz import funnel
from ..storage import Session, results, tallies
from ..storage import consultations as requests
from ..storage.models import StoredResult
from ..storage.outbox import forget_subject
from . import bot_checks
from .consultation_form import CONSENT_VERSION, ConsultationForm


def N_(message: str) -> str:
    """Mark `message` for the catalog (`make messages`); the template translates it."""
    return message


# Why a form was refused, as the visitor reads it (English message ids, translated when
# shown) with the status it is answered with. The typing is kept in every case.
PROBLEMS = {
    bot_checks.FORGED: (400, N_("This form could not be checked (it was altered or belongs "
                                "to another page). Please send it again.")),
    bot_checks.TOO_FAST: (422, N_("That was quicker than anyone can fill in the form. Please "
                                  "check it and send it again in a few seconds.")),
    bot_checks.TOO_OLD: (422, N_("This form was open too long ago. Please check it and send "
                                 "it again.")),
    bot_checks.POW_FAILED: (400, N_("The automatic anti-spam check did not pass. Please send "
                                    "the form again.")),
    "replayed": (409, N_("This form was sent already. To ask again, send the form below.")),
    "invalid": (422, N_("Please correct the fields marked below.")),
    "limited": (429, N_("You have sent several requests in a short while. Please wait a "
                        "while and send it again.")),
}


@dataclass(frozen=True)
class Checks:
    """The bot checks configured: the form token, the proof of work, and the least time a
    form sent without a proof of work must have been open (the no-JavaScript fallback)."""

    tokens: bot_checks.FormTokens
    pow: bot_checks.ProofOfWork
    no_pow_min_seconds: int
    withdraw: WithdrawTokens


class WithdrawTokens:
    """The signed token a confirmation page's withdraw form carries: the request's id (and
    its result's, for the way back), so withdrawing needs no account or cookie, and nobody
    can name another's request."""

    def __init__(self, secret_key: str):
        self.serializer = URLSafeSerializer(secret_key, salt="advisor-consultation-withdraw")

    def make(self, request_id: str, result_id: str) -> str:
        return self.serializer.dumps([request_id, result_id])

    def read(self, token: str) -> tuple[str, str]:
        """The request's and the result's ids in `token`; BadWithdrawToken when it is forged
        or altered."""
        try:
            ids = self.serializer.loads(token or "")
        except BadSignature:
            raise BadWithdrawToken from None
        if not (isinstance(ids, list) and len(ids) == 2 and all(isinstance(i, str) for i in ids)):
            raise BadWithdrawToken
        return ids[0], ids[1]


class BadWithdrawToken(ValueError):
    """A withdraw link or form that was not made here (a 400)."""


@dataclass(frozen=True)
class Offer:
    """The consultation form as a result page shows it: the form (empty, or as posted), its
    signed token, a fresh proof-of-work challenge, and why it was refused (or None)."""

    form: ConsultationForm
    token: str
    challenge: dict
    problem: str | None = None


def offer(checks: Checks, public_id: str, now: float, form: ConsultationForm | None = None,
          problem: str | None = None, token: str | None = None) -> Offer:
    """The form for the result `public_id`; a refused one keeps its typing, and its token
    when that token is still good (so a corrected form keeps its place in time)."""
    return Offer(form or ConsultationForm(), token or checks.tokens.make(public_id, now),
                 checks.pow.challenge(now), problem)


@dataclass(frozen=True)
class Sent:
    """Stored (or dropped as a bot's, which must not tell): show the confirmation."""

    withdraw_token: str


@dataclass(frozen=True)
class Refused:
    """Not stored: show the result page again with the form as typed, and why."""

    offer: Offer
    status: int


@dataclass(frozen=True)
class Asking:
    """What a request needs besides its form: the time, the language it was asked in, and
    the result's permalink."""

    now: dt.datetime
    lang: str
    result_url: str


@dataclass(frozen=True)
class NewRequest:
    """A request that passed every check and is not stored yet: `store_request` stores it
    once the view has checked that the address's rate limit allows another (refused forms
    and double clicks never get here, so they cost nothing)."""

    stored: StoredResult  # the result it is about
    form: ConsultationForm
    token: bot_checks.FormToken
    spent: tuple[str, ...]  # the form's nonce and the proof of work's, spent once stored
    asking: Asking


def ask(dbs: Session, checks: Checks, public_id: str, formdata,
        asking: Asking) -> NewRequest | Sent | Refused | None:
    """POST /result/<id>/consultation: check the form. A NewRequest for `store_request` when
    it passes; Sent for a double click (the first was stored) or a bot's honeypot; Refused
    with why. None: no such result (never stored, or purged)."""
    stored = results.find(dbs, public_id)
    if stored is None:
        return None
    form = ConsultationForm(formdata)
    now = asking.now.timestamp()
    if form.website.data:
        # The honeypot, which people never see, was filled: a bot. It gets the usual
        # confirmation, for a request that never existed.
        return Sent(checks.withdraw.make(_new_id(), public_id))
    try:
        token = checks.tokens.read(form.form_token.data, public_id, now)
    except bot_checks.FormRefused as refused:
        return _refuse(checks, public_id, now, form, refused.reason,
                       keep_token=refused.reason == bot_checks.TOO_FAST)
    twin = requests.find_by_nonce(dbs, token.nonce)
    if twin is not None:  # a double click: the first one was stored
        return Sent(checks.withdraw.make(twin.id, public_id))
    if not form.validate():
        return _refuse(checks, public_id, now, form, "invalid")
    spent = [f"form:{token.nonce}"]
    try:
        if form.altcha.data:
            spent.append(checks.pow.verify(form.altcha.data))
        elif now - token.rendered_at < checks.no_pow_min_seconds:
            return _refuse(checks, public_id, now, form, bot_checks.TOO_FAST)
    except bot_checks.FormRefused as refused:
        return _refuse(checks, public_id, now, form, refused.reason)
    return NewRequest(stored, form, token, tuple(spent), asking)


def store_request(dbs: Session, checks: Checks, new: NewRequest, allowed: bool) -> Sent | Refused:
    """Store the request `new` once, with its tallies and its event, when `allowed` (within
    the address's rate limit, which the view checks); refused, the typing is kept."""
    now, public_id = new.asking.now.timestamp(), new.stored.public_id
    if not allowed:
        return _refuse(checks, public_id, now, new.form, "limited")
    try:
        # Kept as long as the later of the form and the challenge could still be sent: both
        # were made at most now, each good for the same lifetime.
        spent_until = new.asking.now + dt.timedelta(seconds=checks.tokens.max_seconds)
        request_id, is_new = _store(dbs, new, spent_until)
    except requests.Replayed:
        return _refuse(checks, public_id, now, new.form, "replayed", keep_token=False)
    if is_new:
        # Not when a concurrent twin stored it first.
        metrics.consultation_requested(new.stored.comparison)
    return Sent(checks.withdraw.make(request_id, public_id))


def _refuse(checks: Checks, public_id: str, now: float, form: ConsultationForm, reason: str,
            keep_token: bool = True) -> Refused:
    """Not stored, for `reason` (a key of PROBLEMS): the form as typed, with its token when
    it is still good."""
    status, problem = PROBLEMS[reason]
    kept = form.form_token.data if keep_token else None
    return Refused(offer(checks, public_id, now, form, problem, kept), status)


def _store(dbs: Session, new: NewRequest, spent_until: dt.datetime) -> tuple[str, bool]:
    """Store the request with its tallies and its event; its id, and whether it is new."""
    stored, form, asking = new.stored, new.form, new.asking
    row = {"id": _new_id(), "result_id": stored.public_id, "name": form.name.data,
           "email": form.email.data, "company": form.company.data or None,
           "message": form.message.data or None, "consent_version": CONSENT_VERSION,
           "consent_given_at": asking.now, "lang": asking.lang, "source": stored.source,
           "form_nonce": new.token.nonce}
    with transaction(dbs):
        request = requests.insert(dbs, row)
        if request.id != row["id"]:  # its twin, stored meanwhile by a concurrent click
            return request.id, False
        requests.spend(dbs, list(new.spent), spent_until, asking.now)
        tallies.add(dbs.connection(), stored.comparison, _tally_keys(request, stored))
        announce(dbs, REQUESTED, requested_event(request, stored, asking.result_url),
                 subject=request.id)
    return request.id, True


def requested_event(request, stored, result_url: str) -> dict:
    """The `data` of a consultation.requested event (`events.ConsultationRequested`)."""
    return {
        "request_id": request.id,
        "name": request.name,
        "email": request.email,
        "company": request.company,
        "message": request.message,
        "language": request.lang,
        "consent": {"version": request.consent_version,
                    "given_at": utc(request.consent_given_at).isoformat()},
        "result": {"id": stored.public_id, "url": result_url, "comparison": stored.comparison,
                   "quiz_version": stored.quiz_version, "verdict": stored.verdict,
                   "answers": dict(stored.answers)},
    }


def utc(moment: dt.datetime) -> dt.datetime:
    """`moment` with its time zone, UTC: SQLite gives back the UTC time it stored without it."""
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def _tally_keys(request, stored) -> list[funnel.TallyKey]:
    return funnel.consultation_keys(request.consent_given_at.date(), stored.quiz_version,
                                    stored.verdict, stored.answers, request.source,
                                    request.lang)


def withdraw(dbs: Session, checks: Checks, token: str) -> str:
    """POST /consultation/withdraw: delete the request the token names, its outbox rows
    still pending, and its count; announce the withdrawal. Returns the id of the result it
    was about; withdrawing again changes nothing. BadWithdrawToken when the token was not
    made here."""
    request_id, public_id = checks.withdraw.read(token)
    with transaction(dbs):
        removed = requests.remove(dbs, request_id)
        if removed is None:
            return public_id
        request, stored = removed
        forget_subject(dbs, request.id)
        if stored is not None:
            tallies.add(dbs.connection(), stored.comparison,
                        {key: -1 for key in _tally_keys(request, stored)})
        announce(dbs, WITHDRAWN, {"request_id": request.id}, subject=request.id)
    return public_id


def make_checks(config) -> Checks:
    """The checks as the settings configure them."""
    key, max_seconds = config["SECRET_KEY"], config["CONSULTATION_FORM_HOURS"] * 3600
    return Checks(
        bot_checks.FormTokens(key, config["CONSULTATION_MIN_SECONDS"], max_seconds),
        bot_checks.ProofOfWork(key, config["CONSULTATION_POW_MAX_NUMBER"], max_seconds),
        config["CONSULTATION_NO_JS_MIN_SECONDS"],
        WithdrawTokens(key))


def _new_id() -> str:
    return secrets.token_urlsafe(16)  # 22 characters, as unguessable as a result's id
