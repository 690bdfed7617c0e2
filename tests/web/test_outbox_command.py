"""`flask outbox run --once` drains what is due and says what it did; a bad outbox setting
stops the app at start-up, naming the setting."""

from __future__ import annotations

import pytest

from advisor_web import create_app
from advisor_web.outbox import OutboxSettingsError
from tests.support.outbox import announce, queued
from tests.support.webhooks import requested


@pytest.fixture
def webhook(app_config, receiver):
    app_config.update(receiver.settings)


def test_run_once_delivers_what_is_due_and_exits(webhook, app, runner, receiver):
    announce(app, requested("req_1"), "req_1")
    announce(app, requested("req_2"), "req_2")
    outcome = runner.invoke(args=["outbox", "run", "--once"])
    assert outcome.exit_code == 0, outcome.output
    assert "outbox: 2 delivered, 0 to retry, 0 failed, 0 stopped" in outcome.output
    assert [r.status for r in queued(app)] == ["delivered", "delivered"]
    assert len(receiver.acknowledged()) == 2


def test_the_worker_counts_its_attempts_by_channel_and_outcome(webhook, app, runner,
                                                               receiver):
    from prometheus_client import REGISTRY

    def counted() -> float:
        return REGISTRY.get_sample_value("advisor_outbox_delivery_attempts_total",
                                         {"channel": "webhook", "outcome": "retried"}) or 0

    before = counted()
    receiver.statuses[:] = [500]
    announce(app)
    runner.invoke(args=["outbox", "run", "--once"])
    assert counted() == before + 1


def test_run_once_with_nothing_queued_does_nothing(app, runner):
    outcome = runner.invoke(args=["outbox", "run", "--once"])
    assert outcome.exit_code == 0
    assert "outbox: 0 delivered" in outcome.output


def test_a_bad_outbox_setting_stops_start_up(app_config):
    app_config.update(WEBHOOK_URLS=["https://crm.example/hooks"], WEBHOOK_SECRET=None)
    with pytest.raises(OutboxSettingsError, match="WEBHOOK_SECRET is not"):
        create_app(app_config)
