"""/staff/deliveries: what the outbox has not delivered, with attempts and last error, and
"send again" (303), which a stopped URL resumes with."""

from __future__ import annotations

import re

import pytest

from tests.support.outbox import announce, drain, queued
from tests.support.webhooks import SECRET, requested
from tests.web.staff_support import csrf_token


@pytest.fixture
def webhook(app_config, receiver):
    app_config.update(WEBHOOK_URLS=[receiver.url + "?token=s3cret"], WEBHOOK_SECRET=SECRET,
                      OUTBOX_RETRY_SECONDS="0")


def rows(body: bytes) -> dict[str, str]:
    return dict(re.findall(r'data-delivery="(\d+)" data-status="(\w+)"', body.decode()))


def test_the_page_needs_a_logged_in_staff_member(app, client):
    assert client.get("/staff/deliveries").status_code == 302


def test_failed_and_stopped_deliveries_are_listed_with_their_last_error(webhook, app, staff,
                                                                        receiver):
    receiver.statuses[:] = [500, 500, 410]
    announce(app, requested("req_1"), "req_1")
    drain(app)  # two attempts: failed
    announce(app, requested("req_2"), "req_2")
    drain(app)  # 410: stopped
    page = staff.get("/staff/deliveries")
    body = page.data.decode()
    assert page.status_code == 200
    assert sorted(rows(page.data).values()) == ["failed", "stopped"]
    assert "HTTP 500 Internal Server Error" in body and "410 Gone" in body
    assert "s3cret" not in body  # a URL's query may hold a token
    assert 'data-metric="deliveries-failed">1<' in body


def test_delivered_events_are_not_listed(webhook, app, staff):
    announce(app)
    drain(app)
    page = staff.get("/staff/deliveries")
    assert rows(page.data) == {}
    assert b"data-no-deliveries" in page.data


def test_send_again_answers_303_and_the_worker_delivers_it(webhook, app, staff, receiver):
    receiver.statuses[:] = [500, 500]
    announce(app)
    drain(app)
    [row] = queued(app)
    assert row.status == "failed"
    page = staff.get("/staff/deliveries")
    sent = staff.post(f"/staff/deliveries/{row.id}/send-again",
                      data={"csrf_token": csrf_token(page.data)})
    assert sent.status_code == 303 and sent.headers["Location"].endswith("/staff/deliveries")
    assert (queued(app)[0].status, queued(app)[0].attempts) == ("pending", 0)
    assert drain(app).delivered == 1
    assert {r.webhook_id for r in receiver.received} == {row.message_id}


def test_sending_a_stopped_delivery_again_resumes_its_url(webhook, app, staff, receiver):
    receiver.statuses[:] = [410]
    announce(app, requested("req_1"), "req_1")
    announce(app, requested("req_2"), "req_2")
    drain(app)
    first = queued(app)[0]
    page = staff.get("/staff/deliveries")
    staff.post(f"/staff/deliveries/{first.id}/send-again",
               data={"csrf_token": csrf_token(page.data)})
    assert drain(app).delivered == 2
    announce(app, requested("req_3"), "req_3")  # the URL takes new events again
    assert drain(app).delivered == 1


def test_send_again_without_a_csrf_token_is_refused(webhook, app, staff, receiver):
    receiver.statuses[:] = [500, 500]
    announce(app)
    drain(app)
    [row] = queued(app)
    assert staff.post(f"/staff/deliveries/{row.id}/send-again").status_code == 400
    assert queued(app)[0].status == "failed"


def test_send_again_for_an_unknown_delivery_is_a_404(app, staff):
    page = staff.get("/staff/deliveries")
    response = staff.post("/staff/deliveries/999/send-again",
                          data={"csrf_token": csrf_token(page.data)})
    assert response.status_code == 404


def test_the_staff_nav_links_to_the_deliveries(app, staff):
    dashboard = staff.get("/staff/").data.decode()
    assert re.search(r'<nav class="staff-nav"[^>]*>.*href="/staff/deliveries"', dashboard, re.S)
    page = staff.get("/staff/deliveries").data.decode()
    assert 'href="/staff/deliveries" aria-current="page"' in page
