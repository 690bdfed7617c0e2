"""`flask outbox run` killed (SIGKILL) in the middle of a delivery: started again, it delivers
the event, under the same id, once the dead worker's lease has run out; SIGTERM stops it
cleanly."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.outbox import announce, queued
from tests.support.webhooks import SECRET

FLASK = str(Path(sys.executable).parent / "flask")
ROOT = Path(__file__).resolve().parents[2]
# The receiver never answers the first attempt, and the dead worker cannot time it out: the
# second worker waits for the lease (longer than a delivery's 5 s connect + 10 s read).
SETTINGS = {"WEBHOOK_TIMEOUT_SECONDS": "10", "OUTBOX_LEASE_SECONDS": "16",
            "OUTBOX_POLL_SECONDS": "0.2"}


@pytest.fixture
def app_config(app_config, receiver):
    app_config.update({**receiver.settings, **SETTINGS})
    return app_config


def worker(app_config, log: Path) -> subprocess.Popen:
    environment = {**os.environ, "ADVISOR_ENV": "development", "SECRET_KEY": "k" * 40,
                   "DATABASE_URL": app_config["DATABASE_URL"],
                   "WEBHOOK_URLS": " ".join(app_config["WEBHOOK_URLS"]),
                   "WEBHOOK_SECRET": SECRET, **SETTINGS}
    with log.open("ab") as output:
        return subprocess.Popen([FLASK, "--app", "advisor_web", "outbox", "run"], cwd=ROOT,
                                env=environment, stdout=output, stderr=subprocess.STDOUT)


@pytest.mark.slow
def test_a_worker_killed_mid_delivery_is_replaced_and_the_event_arrives(
        app, app_config, receiver, tmp_path):
    log = tmp_path / "worker.log"
    receiver.hold.clear()
    announce(app)
    first = worker(app_config, log)
    try:
        assert receiver.arrived.wait(timeout=60), log.read_text()
    finally:
        first.send_signal(signal.SIGKILL)
        first.wait(timeout=30)
    [row] = queued(app)
    assert (row.status, row.attempts) == ("pending", 0)  # claimed, never recorded
    assert row.locked_until is not None
    receiver.hold.set()

    second = worker(app_config, log)
    try:
        assert receiver.acknowledged_one.wait(timeout=120), log.read_text()
    finally:
        second.send_signal(signal.SIGTERM)
        assert second.wait(timeout=60) == 0, log.read_text()
    [acknowledged] = receiver.acknowledged()
    [row] = queued(app)
    assert (row.status, acknowledged.webhook_id) == ("delivered", row.message_id)
    assert "outbox: 1 delivered" in log.read_text()
