"""Helpers for the consultation tests: read the form a result page offers, fill it in as a
browser would (with the proof of work solved, as static/consultation.js does, or without),
and look at what was stored."""

from __future__ import annotations

import html
import json
import re

from sqlalchemy import select

from advisor_web import db
from advisor_web.storage.consultation_models import ConsultationRequest
from advisor_web.storage.outbox import OutboxMessage
from advisor_web.visitor.bot_checks import solve
from tests.web.visitor_support import tags

TYPED = {"name": "Sita Sharma", "email": "sita@example.com", "company": "Himal Apps",
         "message": "We plan a live tracking app for couriers.", "consent": "y"}

# Settings for tests about behaviour, not timing: no least time since render, and a proof of
# work of a few dozen hashes.
QUICK = {"CONSULTATION_MIN_SECONDS": 0, "CONSULTATION_NO_JS_MIN_SECONDS": 0,
         "CONSULTATION_POW_MAX_NUMBER": 50}


def offered(body: bytes) -> dict[str, str]:
    """The hidden fields of the page's consultation form, and its challenge (`pow`)."""
    [form] = [f for f in tags(body, "form") if "data-consultation" in f]
    fields = {}
    start = body.index(b"data-consultation")
    section = body[start:body.index(b"</form>", start)]
    for name in ("csrf_token", "draft", "form_token", "altcha"):
        found = re.search(rb'name="' + name.encode() + rb'" value="([^"]*)"', section)
        if found:
            fields[name] = html.unescape(found.group(1).decode())
    fields["pow"] = form["data-pow"]
    return fields


def filled(body: bytes, typed: dict | None = None, *, pow: bool = True) -> dict[str, str]:
    """The form on `body` as a browser posts it, with `typed` in its fields."""
    hidden = offered(body)
    challenge = json.loads(hidden.pop("pow"))
    form = {**hidden, **(TYPED if typed is None else typed)}
    form["altcha"] = solve(challenge) if pow else ""
    return form


def ask(client, result_url: str, typed: dict | None = None, *, pow: bool = True, **kwargs):
    """Open the result, fill in its consultation form and send it; the POST's response."""
    page = client.get(result_url)
    assert page.status_code == 200, page.data[:300]
    return client.post(f"{result_url}/consultation", data=filled(page.data, typed, pow=pow),
                       **kwargs)


def withdraw_form(body: bytes) -> dict[str, str]:
    start = body.index(b"data-withdraw")
    section = body[start:body.index(b"</form>", start)]
    return {name.decode(): html.unescape(value.decode())
            for name, value in re.findall(rb'name="([^"]+)" value="([^"]*)"', section)}


def stored_requests(app) -> list[ConsultationRequest]:
    with app.app_context():
        return list(db.get_session().scalars(
            select(ConsultationRequest).order_by(ConsultationRequest.consent_given_at)))


def outbox_rows(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.get_session().scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
