"""End to end: a visitor's request, then their withdrawal, reach the publisher's receiver
through `flask outbox run --once`, signed (checked with `standardwebhooks` by the receiver);
a request withdrawn before the worker ran is never sent, only its withdrawal."""

from __future__ import annotations

import pytest

from tests.support.answer_sets import NODE_DELIVERY
from tests.web.consultation_support import QUICK, ask, stored_requests, withdraw_form
from tests.web.visitor_support import finish_quiz


@pytest.fixture
def app_config(app_config, receiver):
    return {**app_config, **QUICK, **receiver.settings, "OUTBOX_RETRY_SECONDS": "0,0,0"}


def run_worker(runner):
    result = runner.invoke(args=["outbox", "run", "--once"])
    assert result.exit_code == 0, result.output


def test_the_request_and_its_withdrawal_arrive_signed(app, client, runner, receiver):
    url = finish_quiz(client, NODE_DELIVERY)
    page = client.get(ask(client, url).headers["Location"])
    [request] = stored_requests(app)
    run_worker(runner)
    [requested] = receiver.acknowledged()
    assert requested.payload["type"] == "consultation.requested"
    data = requested.payload["data"]
    assert (data["request_id"], data["email"]) == (request.id, "sita@example.com")
    assert data["result"]["url"].endswith(url) and data["result"]["verdict"] == "node"
    client.post("/consultation/withdraw", data=withdraw_form(page.data))
    run_worker(runner)
    withdrawn = receiver.acknowledged()[1]
    assert withdrawn.payload["type"] == "consultation.withdrawn"
    assert withdrawn.payload["data"] == {"request_id": request.id}


def test_a_request_withdrawn_before_delivery_never_leaves_only_its_withdrawal(
        app, client, runner, receiver):
    url = finish_quiz(client, NODE_DELIVERY)
    page = client.get(ask(client, url).headers["Location"])
    client.post("/consultation/withdraw", data=withdraw_form(page.data))
    run_worker(runner)
    assert [r.payload["type"] for r in receiver.acknowledged()] == ["consultation.withdrawn"]
    assert not any("sita@example.com" in str(r.payload) for r in receiver.received)
