"""Webhooks delivered by the outbox to a real receiver on 127.0.0.1, which checks every
signature with the `standardwebhooks` library: retried until acknowledged under one id, a 410
stops the URL, a slow receiver is timed out and tried again."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from advisor_web import db
from advisor_web.storage.outbox import StoppedWebhook
from tests.support.outbox import Clock, announce, drain, queued
from tests.support.webhooks import requested


@pytest.fixture
def outbox_settings():
    """Retry at once, three times; a test may parametrize other settings."""
    return {"OUTBOX_RETRY_SECONDS": "0,0,0"}


@pytest.fixture
def webhook(app_config, receiver, outbox_settings):
    """The app sends its events to `receiver`."""
    app_config.update({**receiver.settings, **outbox_settings})


def test_500_twice_then_204_arrives_once_acknowledged_under_one_id(webhook, app, receiver):
    receiver.statuses[:] = [500, 500]
    announce(app)
    report = drain(app)
    assert (report.delivered, report.retried) == (1, 2)
    assert [r.status for r in receiver.received] == [500, 500, 204]
    assert len({r.webhook_id for r in receiver.received}) == 1
    [acknowledged] = receiver.acknowledged()
    assert acknowledged.payload["type"] == "consultation.requested"
    assert acknowledged.payload["data"]["email"] == requested()["email"]
    assert receiver.forged == []
    [row] = queued(app)
    assert (row.status, row.attempts, row.message_id) == ("delivered", 3,
                                                          acknowledged.webhook_id)


def test_a_delivered_row_keeps_no_contact_details(webhook, app, receiver):
    announce(app)
    drain(app)
    [row] = queued(app)
    assert row.status == "delivered"
    assert row.event["data"] is None
    assert row.event["type"] == "consultation.requested"


def test_a_delivered_event_is_not_sent_again(webhook, app, receiver):
    announce(app)
    drain(app)
    assert drain(app).delivered == 0
    assert len(receiver.received) == 1


OTHER_SECRET = "whsec_" + "QW5vdGhlciBzZWNyZXQgb2YgMzIgYnl0ZXMsIG9rIQ=="


@pytest.mark.parametrize("outbox_settings", [
    {"WEBHOOK_SECRET": OTHER_SECRET, "OUTBOX_RETRY_SECONDS": "60"}])
def test_a_signature_under_another_secret_is_refused_by_the_receiver(webhook, app, receiver):
    announce(app)
    assert drain(app).retried == 1
    assert len(receiver.forged) == 1 and receiver.received == []
    assert queued(app)[0].last_error == "HTTP 401 Unauthorized"


@pytest.mark.parametrize("outbox_settings", [{"OUTBOX_RETRY_SECONDS": "5,300"}])
def test_retries_follow_the_schedule_and_fail_after_the_last_wait(webhook, app, receiver):
    receiver.statuses[:] = [503] * 10
    announce(app)
    clock = Clock()
    assert drain(app, clock).retried == 1
    clock.advance(4)
    assert drain(app, clock).retried == 0  # not due before its wait is over
    clock.advance(1)
    assert drain(app, clock).retried == 1
    clock.advance(300)
    assert drain(app, clock).failed == 1
    clock.advance(36_000)
    assert drain(app, clock).failed == 0
    [row] = queued(app)
    assert (row.status, row.attempts, row.last_error) == ("failed", 3,
                                                          "HTTP 503 Service Unavailable")
    assert len(receiver.received) == 3


@pytest.mark.parametrize("outbox_settings", [{"OUTBOX_RETRY_SECONDS": "60"}])
def test_a_redirect_is_not_followed_but_retried(webhook, app, receiver):
    receiver.statuses[:] = [307]
    announce(app)
    assert drain(app).retried == 1
    assert len(receiver.received) == 1
    assert queued(app)[0].last_error == "HTTP 307 Temporary Redirect"


def test_410_stops_every_delivery_to_that_url(webhook, app, receiver):
    receiver.statuses[:] = [410]
    announce(app, requested("req_1"), "req_1")
    announce(app, requested("req_2"), "req_2")
    report = drain(app)
    assert (report.stopped, report.delivered) == (1, 0)
    assert len(receiver.received) == 1
    assert [r.status for r in queued(app)] == ["stopped", "stopped"]
    with app.app_context():
        assert db.get_session().scalars(select(StoppedWebhook.url)).all() == [receiver.url]
    announce(app, requested("req_3"), "req_3")  # a later event is kept, not sent
    drain(app)
    assert len(receiver.received) == 1
    assert [r.status for r in queued(app)] == ["stopped"] * 3


@pytest.mark.parametrize("outbox_settings", [
    {"WEBHOOK_TIMEOUT_SECONDS": 0.5, "OUTBOX_RETRY_SECONDS": "30"}])
def test_a_slow_receiver_is_timed_out_and_tried_again(webhook, app, receiver):
    receiver.hold.clear()  # it answers nothing until released
    announce(app)
    clock = Clock()
    assert drain(app, clock).retried == 1
    [row] = queued(app)
    assert (row.status, row.last_error) == ("pending", "no answer within 0.5 s")
    receiver.hold.set()
    clock.advance(30)
    assert drain(app, clock).delivered == 1
    [acknowledged] = receiver.acknowledged()
    assert acknowledged.webhook_id == row.message_id


def test_a_receiver_that_is_down_loses_nothing(webhook, app, receiver):
    receiver.server.server_close()  # nothing listens on its port now
    announce(app)
    assert drain(app).failed == 1
    [row] = queued(app)
    assert (row.status, row.attempts, row.last_error) == ("failed", 4, "connection refused")


def test_two_workers_draining_at_once_send_each_event_once(webhook, app, receiver):
    for number in range(60):
        announce(app, requested(f"req_{number}"), f"req_{number}")
    reports = []

    def work():
        reports.append(drain(app))

    workers = [threading.Thread(target=work) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert sum(r.delivered for r in reports) == 60
    ids = [r.webhook_id for r in receiver.received]
    assert len(ids) == len(set(ids)) == 60
    assert {r.status for r in queued(app)} == {"delivered"}


class SlowClock(Clock):
    """A clock that moves `step` seconds each time it is read: a worker whose time runs out."""

    def __init__(self, step: float):
        super().__init__()
        self.step = step

    def __call__(self):
        self.advance(self.step)
        return self.at


@pytest.mark.parametrize("outbox_settings", [{"OUTBOX_LEASE_SECONDS": "30"}])
def test_a_worker_short_of_lease_gives_its_rows_back_unsent(webhook, app, receiver):
    announce(app, requested("req_1"), "req_1")
    announce(app, requested("req_2"), "req_2")
    # Claimed at t+11 with a lease to t+41; the first row's check at t+22 leaves less than
    # the 20 s a delivery may take (5 s connect + 15 s read).
    report = drain(app, SlowClock(step=11))
    assert (report.delivered, receiver.received) == (0, [])
    assert [(r.status, r.locked_by) for r in queued(app)] == [("pending", None)] * 2
    assert drain(app).delivered == 2
