"""The outbox's settings: MAIL_URL's forms, the retry schedule, and the refusals that name
the bad setting; and the signed headers a receiver verifies."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from advisor_web import mail, outbox, webhooks
from advisor_web.mail import MailServer
from tests.support.webhooks import SECRET


@pytest.mark.parametrize(("url", "server"), [
    ("smtp://mail.example", MailServer("mail.example", 25, "plain")),
    ("smtp://mail.example:2525", MailServer("mail.example", 2525, "plain")),
    ("smtp://me:p%40ss@mail.example?starttls=1", MailServer("mail.example", 587, "starttls",
                                                            "me", "p@ss")),
    ("smtps://me:secret@mail.example", MailServer("mail.example", 465, "tls", "me", "secret")),
    ("smtps://mail.example:2465", MailServer("mail.example", 2465, "tls")),
])
def test_mail_url_forms(url, server):
    assert mail.parse_url(url) == server


@pytest.mark.parametrize(("url", "problem"), [
    ("http://mail.example", "the scheme must be smtp:// or smtps://"),
    ("smtp://", "no host"),
    ("smtp://mail.example:port", "the port is not a number"),
    ("smtp://mail.example?tls=1", "unknown option 'tls'"),
    ("smtps://mail.example?starttls=1", "smtps:// is TLS already"),
    ("smtp://me@mail.example", "a user name without a password"),
])
def test_a_bad_mail_url_is_refused_with_the_reason(url, problem):
    with pytest.raises(ValueError, match=problem):
        mail.parse_url(url)


def test_a_refused_mail_url_never_repeats_the_password():
    with pytest.raises(outbox.OutboxSettingsError) as refused:
        outbox.settings_from({"MAIL_URL": "smtp://me:hunter2@mail.example:x",
                              "MAIL_FROM": "a@example.com", "MAIL_TO": "b@example.com"})
    assert "hunter2" not in str(refused.value)


def test_the_default_schedule_is_the_specifications():
    waits = outbox.settings_from({}).retry_seconds
    assert waits == (5, 300, 1800, 7200, 18000, 36000, 36000)


@pytest.mark.parametrize(("config", "problem"), [
    ({"OUTBOX_RETRY_SECONDS": "5,soon"}, "OUTBOX_RETRY_SECONDS='5,soon'"),
    ({"OUTBOX_RETRY_SECONDS": "5,-1"}, "a wait cannot be negative"),
    ({"WEBHOOK_URLS": ["https://crm.example/h"]}, "WEBHOOK_SECRET is not"),
    ({"WEBHOOK_URLS": ["ftp://crm.example/h"], "WEBHOOK_SECRET": SECRET}, "not an http"),
    ({"WEBHOOK_URLS": ["https://crm.example/h"], "WEBHOOK_SECRET": "hunter2"},
     "must start with whsec_"),
    ({"WEBHOOK_SECRET": "whsec_c2hvcnQ="}, "WEBHOOK_SECRET holds 5 bytes: it needs 24 to 64"),
    ({"WEBHOOK_SECRET": "whsec_not base64!"}, "is not base64"),
    ({"MAIL_URL": "smtp://mail.example", "MAIL_TO": "b@example.com"}, "MAIL_FROM is not"),
    ({"MAIL_URL": "smtp://mail.example", "MAIL_FROM": "a@example.com"}, "MAIL_TO names no"),
    ({"OUTBOX_LEASE_SECONDS": 10}, "OUTBOX_LEASE_SECONDS=10 must be longer"),
    ({"OUTBOX_LEASE_SECONDS": 100, "MAIL_URL": "smtp://mail.example",
      "MAIL_FROM": "a@example.com", "MAIL_TO": "b@example.com"},
     "OUTBOX_LEASE_SECONDS=100 must be longer than one delivery may take (240 s)"),
    ({"WEBHOOK_TIMEOUT_SECONDS": "soon"}, "WEBHOOK_TIMEOUT_SECONDS='soon' is not a number"),
    ({"OUTBOX_POLL_SECONDS": "0"}, "OUTBOX_POLL_SECONDS='0' must be more than 0"),
])
def test_a_bad_setting_is_refused_naming_it(config, problem):
    with pytest.raises(outbox.OutboxSettingsError, match=re.escape(problem)):
        outbox.settings_from(config)


def test_destinations_are_each_webhook_then_mail():
    settings = outbox.settings_from({
        "WEBHOOK_URLS": "https://a.example/h https://b.example/h", "WEBHOOK_SECRET": SECRET,
        "MAIL_URL": "smtp://mail.example", "MAIL_FROM": "a@example.com",
        "MAIL_TO": "x@example.com y@example.com"})
    assert [(d.channel, d.target) for d in settings.destinations()] == [
        ("webhook", "https://a.example/h"), ("webhook", "https://b.example/h"),
        ("mail", "x@example.com y@example.com")]


def test_signed_headers_verify_with_the_reference_library_and_only_for_that_body():
    body = json.dumps({"type": "consultation.withdrawn", "data": {"request_id": "r"}}).encode()
    headers = webhooks.headers(SECRET, "msg_1", body, dt.datetime.now(dt.UTC))
    assert Webhook(SECRET).verify(body, headers)["data"] == {"request_id": "r"}
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(body.replace(b'"r"', b'"s"'), headers)
