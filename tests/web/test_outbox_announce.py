"""`outbox.announce`: an event is queued in the caller's transaction, one row per destination,
under one id; `forget_subject` deletes a subject's rows."""

from __future__ import annotations

import pydantic
import pytest

from advisor_web import db, events, outbox
from advisor_web.storage import outbox as store
from advisor_web.storage.outbox import OutboxMessage
from tests.support import outbox as support
from tests.support.outbox import queued
from tests.support.webhooks import SECRET, requested

HOOKS = ["https://crm.example/hooks/advisor", "https://chat.example/in"]


@pytest.fixture
def destinations(app_config):
    app_config.update(WEBHOOK_URLS=HOOKS, WEBHOOK_SECRET=SECRET,
                      MAIL_URL="smtp://127.0.0.1:2525", MAIL_FROM="advisor@example.com",
                      MAIL_TO=["sales@example.com", "lead@example.com"])


def rows(app) -> list[OutboxMessage]:
    return queued(app)


def announce(app, event_type=events.REQUESTED, data=None, subject="req_1"):
    support.announce(app, data, subject, event_type)


def test_one_row_per_webhook_and_one_for_mail_all_under_one_id(destinations, app):
    announce(app)
    queued = rows(app)
    assert [(r.channel, r.target) for r in queued] == [
        ("webhook", HOOKS[0]), ("webhook", HOOKS[1]),
        ("mail", "sales@example.com lead@example.com")]
    assert {r.message_id for r in queued} == {queued[0].message_id}
    assert queued[0].message_id.startswith("msg_")
    assert {(r.status, r.attempts, r.subject) for r in queued} == {("pending", 0, "req_1")}


def test_the_event_is_type_timestamp_and_data(destinations, app):
    announce(app)
    event = rows(app)[0].event
    assert set(event) == {"type", "timestamp", "data"}
    assert event["type"] == "consultation.requested"
    assert event["timestamp"].endswith("Z")
    assert event["data"]["email"] == "sita@example.com"
    assert event["data"]["result"]["answers"] == {"realtime": "core", "ai_ml": "none"}


def test_each_event_gets_an_id_of_its_own(destinations, app):
    announce(app, subject="req_1")
    announce(app, events.WITHDRAWN, {"request_id": "req_1"}, subject="req_1")
    assert len({r.message_id for r in rows(app)}) == 2


def test_nothing_is_queued_when_no_destination_is_configured(app):
    announce(app)
    assert rows(app) == []


@pytest.fixture
def mail_only(app_config):
    app_config.update(MAIL_URL="smtps://u:p@mail.example", MAIL_FROM="a@example.com",
                      MAIL_TO="staff@example.com")


def test_mail_without_webhooks_is_one_row(mail_only, app):
    announce(app)
    assert [(r.channel, r.target) for r in rows(app)] == [("mail", "staff@example.com")]


@pytest.mark.parametrize("data", [
    requested(email="not an address"),
    requested(message="x" * 2001),
    requested(surprise="a field the payload does not document"),
    {"request_id": "req_1"},
], ids=["bad email", "long message", "unknown field", "missing fields"])
def test_data_that_does_not_fit_the_event_is_refused_even_with_no_destination(app, data):
    with pytest.raises(pydantic.ValidationError):
        announce(app, data=data)


def test_an_unknown_event_type_is_refused(destinations, app):
    with pytest.raises(KeyError, match="consultation.requested"):
        announce(app, "consultation.maybe", {"request_id": "req_1"})
    assert rows(app) == []


def test_the_rows_are_written_only_if_the_request_commits(destinations, app):
    with app.app_context(), pytest.raises(RuntimeError):
        session = db.get_session()
        with db.transaction(session):
            outbox.announce(session, events.REQUESTED, requested(), subject="req_1")
            raise RuntimeError("the request failed after announcing")
    assert rows(app) == []


def test_forget_subject_deletes_that_subjects_rows_only(destinations, app):
    announce(app, subject="req_1")
    announce(app, events.WITHDRAWN, {"request_id": "req_1"}, subject="req_1")
    announce(app, data=requested("req_2"), subject="req_2")
    with app.app_context():
        session = db.get_session()
        with db.transaction(session):
            assert store.forget_subject(session, "req_1") == 6
    assert {r.subject for r in rows(app)} == {"req_2"}
