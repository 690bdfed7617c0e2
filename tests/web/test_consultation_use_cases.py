"""The consultation use cases called directly, with no HTTP: `ask` checks a form and hands
back a NewRequest without storing anything; `store_request` stores it once, when the view
says the address's rate limit allows another (the rate limit itself is the view's)."""

from __future__ import annotations

import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from advisor_web import db
from advisor_web.quiz.funnel import CONSULTATION
from advisor_web.visitor import consultations
from tests.support.answer_sets import NODE_DELIVERY
from tests.support.database import tally
from tests.support.webhooks import SECRET
from tests.web.consultation_support import QUICK, filled, outbox_rows, stored_requests
from tests.web.visitor_support import finish_quiz, public_id_of


@pytest.fixture
def app_config(app_config):
    return {**app_config, **QUICK, "WEBHOOK_URLS": ["https://crm.example/in"],
            "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def sent_form(client):
    """A result's id, and its consultation form filled in as a browser sends it."""
    url = finish_quiz(client, NODE_DELIVERY)
    return public_id_of(url), MultiDict(filled(client.get(url).data))


def ask(app, public_id: str, form: MultiDict):
    asking = consultations.Asking(dt.datetime.now(dt.UTC), "en",
                                  f"https://advisor.example/result/{public_id}")
    return consultations.ask(db.get_session(), consultations.make_checks(app.config),
                             public_id, form, asking)


def store(app, new, allowed: bool = True):
    return consultations.store_request(db.get_session(), consultations.make_checks(app.config),
                                       new, allowed=allowed)


def test_a_form_that_passes_every_check_is_a_new_request_not_yet_stored(app, sent_form):
    with app.app_context():
        new = ask(app, *sent_form)
    assert isinstance(new, consultations.NewRequest)
    assert new.form.name.data == "Sita Sharma"
    assert stored_requests(app) == [] and outbox_rows(app) == []
    assert tally(app, CONSULTATION, "all") == 0


def test_a_new_request_allowed_by_the_limit_is_stored_with_its_event_and_count(app, sent_form):
    with app.app_context():
        sent = store(app, ask(app, *sent_form))
    assert isinstance(sent, consultations.Sent)
    [request] = stored_requests(app)
    assert request.name == "Sita Sharma" and request.result_id == sent_form[0]
    assert [row.event_type for row in outbox_rows(app)] == ["consultation.requested"]
    assert tally(app, CONSULTATION, "all") == 1


def test_a_new_request_over_the_limit_is_refused_with_429_and_stores_nothing(app, sent_form):
    with app.app_context():
        refused = store(app, ask(app, *sent_form), allowed=False)
    assert isinstance(refused, consultations.Refused) and refused.status == 429
    assert refused.offer.form.email.data == "sita@example.com"
    assert stored_requests(app) == [] and outbox_rows(app) == []


def test_once_stored_the_same_form_again_is_a_double_click_that_needs_no_limit(
        app, sent_form):
    """A double click never reaches `store_request`: it costs nothing of the rate limit."""
    with app.app_context():
        first = store(app, ask(app, *sent_form))
        again = ask(app, *sent_form)
    assert isinstance(again, consultations.Sent)
    assert again.withdraw_token == first.withdraw_token
    assert len(stored_requests(app)) == 1


def test_a_refused_form_never_becomes_a_new_request(app, sent_form):
    public_id, form = sent_form
    form["email"] = "not an address"
    with app.app_context():
        refused = ask(app, public_id, form)
    assert isinstance(refused, consultations.Refused) and refused.status == 422
    assert stored_requests(app) == []
