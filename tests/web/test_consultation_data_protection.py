"""Data protection for consultation requests, on SQLite and PostgreSQL: `consultations erase
--email` deletes everything held about an address (its requests and their pending
deliveries), `consultations purge` deletes requests past their retention period; /privacy
says what is kept, from the settings."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import update

from advisor_web import db
from advisor_web.storage.consultation_models import ConsultationRequest
from tests.support.answer_sets import NODE_DELIVERY
from tests.support.webhooks import SECRET
from tests.web.consultation_support import QUICK, TYPED, ask, outbox_rows, stored_requests
from tests.web.visitor_support import finish_quiz


@pytest.fixture
def app_config(app_config):
    return {**app_config, **QUICK, "WEBHOOK_URLS": ["https://crm.example/in"],
            "WEBHOOK_SECRET": SECRET, "PUBLISHER_NAME": "Himal Software"}


def request_as(app, client, email: str, name: str = "Sita Sharma"):
    url = finish_quiz(client, NODE_DELIVERY)
    assert ask(client, url, {**TYPED, "email": email, "name": name}).status_code == 303


def age(app, name: str, days: int) -> None:
    """Make `name`'s requests `days` days old."""
    with app.app_context():
        session = db.get_session()
        with db.transaction(session):
            session.execute(update(ConsultationRequest).where(ConsultationRequest.name == name)
                            .values(consent_given_at=dt.datetime.now(dt.UTC)
                                    - dt.timedelta(days=days)))


def test_erase_deletes_every_request_of_an_address_and_its_pending_deliveries(
        app, client, runner):
    request_as(app, client, "sita@example.com")
    request_as(app, client, "Sita@Example.com")
    request_as(app, client, "ram@example.com", "Ram")
    result = runner.invoke(args=["consultations", "erase", "--email", "sita@example.com"])
    assert result.exit_code == 0, result.output
    assert "erased 2 request(s)" in result.output and "2 pending" in result.output
    [left] = stored_requests(app)
    assert left.email == "ram@example.com"
    assert [row.subject for row in outbox_rows(app)] == [left.id]


def test_erase_refuses_something_that_is_no_address(runner):
    result = runner.invoke(args=["consultations", "erase", "--email", "sita"])
    assert result.exit_code != 0 and "not an email address" in result.output


def test_purge_deletes_requests_older_than_the_retention_period(app, client, runner):
    request_as(app, client, "old@example.com", "Old")
    request_as(app, client, "new@example.com", "New")
    age(app, "Old", 181)
    dry = runner.invoke(args=["consultations", "purge", "--dry-run"])
    assert dry.exit_code == 0 and "would remove 1 request(s)" in dry.output
    assert len(stored_requests(app)) == 2
    done = runner.invoke(args=["consultations", "purge"])  # CONSULTATION_RETENTION_DAYS: 180
    assert done.exit_code == 0 and "removed 1 request(s)" in done.output, done.output
    assert [r.name for r in stored_requests(app)] == ["New"]
    assert [row.event["data"]["name"] for row in outbox_rows(app)] == ["New"]
    again = runner.invoke(args=["consultations", "purge"])
    assert "removed 0 request(s)" in again.output


def test_purge_takes_its_period_from_the_option(app, client, runner):
    request_as(app, client, "a@example.com", "A")
    age(app, "A", 10)
    assert "removed 0" in runner.invoke(args=["consultations", "purge",
                                              "--older-than", "30"]).output
    assert "removed 1" in runner.invoke(args=["consultations", "purge",
                                              "--older-than", "7"]).output


@pytest.mark.parametrize("prefix", ["", "/ne"], ids=["en", "ne"])
def test_the_privacy_page_is_linked_from_every_footer_and_states_the_settings(
        client, prefix):
    landing = client.get(prefix + "/").data.decode()
    assert f'href="{prefix}/privacy"' in landing
    page = client.get(prefix + "/privacy")
    assert page.status_code == 200
    text = page.data.decode()
    days = "१८०" if prefix == "/ne" else "180"  # a Nepali page writes Devanagari digits
    assert "Himal Software" in text and "crm.example" in text and days in text


def test_the_privacy_page_follows_the_settings(app_config, request):
    app_config.update(CONSULTATIONS=False, RESULT_RETENTION_DAYS=90, WEBHOOK_URLS=[])
    client = request.getfixturevalue("client")
    text = client.get("/privacy").data.decode()
    assert "does not take consultation requests" in text
    assert "kept for 90 days" in text
    assert "crm.example" not in text
