"""Mail to the staff through the outbox, received by a real SMTP server (aiosmtpd): a plain
summary of the request, to MAIL_TO only; a mail server that is down loses nothing."""

from __future__ import annotations

import email
import ssl
import subprocess
from email import policy

import pytest

from tests.support.mail import SmtpServer
from tests.support.outbox import Clock, announce, drain, queued
from tests.support.servers import free_port
from tests.support.webhooks import requested

STAFF = ["sales@example.com", "lead@example.com"]


@pytest.fixture
def mail_to_staff(app_config, smtp):
    app_config.update(MAIL_URL=smtp.url, MAIL_FROM="Backend Advisor <advisor@example.com>",
                      MAIL_TO=STAFF, OUTBOX_RETRY_SECONDS="60")


def received(smtp) -> list[tuple[str, list[str], email.message.EmailMessage]]:
    return [(sender, recipients, email.message_from_bytes(content, policy=policy.default))
            for sender, recipients, content in smtp.mailbox.messages]


def test_the_staff_receive_a_summary_of_the_request(mail_to_staff, app, smtp):
    announce(app)
    assert drain(app).delivered == 1
    [(sender, recipients, message)] = received(smtp)
    assert (sender, recipients) == ("advisor@example.com", STAFF)
    assert message["Subject"] == "Consultation request from Sita Sharma (verdict: node)"
    assert message["Message-ID"] == f"<{queued(app)[0].message_id}@example.com>"
    body = message.get_content()
    for expected in ("Name:     Sita Sharma", "Email:    sita@example.com",
                     "Company:  Himal Apps", "We plan a live tracking app.",
                     "Verdict:  node (node-vs-python, quiz version 2025.1)",
                     "  realtime: core", "  ai_ml: none",
                     "Result:   https://advisor.example/result/" + "r" * 22,
                     "Consent:  version 2026-12"):
        assert expected in body


def test_nothing_is_ever_sent_to_the_visitors_address(mail_to_staff, app, smtp):
    announce(app, requested(email="stranger@example.org"))
    drain(app)
    [(_, recipients, message)] = received(smtp)
    assert "stranger@example.org" not in recipients
    assert "stranger@example.org" not in message["To"] + str(message["Cc"] or "")


def test_a_withdrawal_is_mailed_too(mail_to_staff, app, smtp):
    announce(app, {"request_id": "req_1"}, "req_1", "consultation.withdrawn")
    drain(app)
    [(_, _, message)] = received(smtp)
    assert message["Subject"] == "Consultation request req_1 withdrawn"
    assert "please delete any copy" in message.get_content()


@pytest.fixture
def mail_server_down(app_config):
    port = free_port()  # nothing listens there
    app_config.update(MAIL_URL=f"smtp://127.0.0.1:{port}", MAIL_FROM="advisor@example.com",
                      MAIL_TO=STAFF, OUTBOX_RETRY_SECONDS="60")
    return port


def test_a_mail_server_that_is_down_loses_nothing(mail_server_down, app):
    announce(app)
    clock = Clock()
    assert drain(app, clock).retried == 1
    [row] = queued(app)
    assert (row.status, row.last_error) == ("pending", "the mail server refused the connection")
    with SmtpServer(port=mail_server_down) as smtp:
        clock.advance(60)
        assert drain(app, clock).delivered == 1
        [(_, recipients, message)] = received(smtp)
    assert recipients == STAFF
    assert message["Message-ID"] == f"<{row.message_id}@example.com>"


@pytest.fixture
def certificate(tmp_path, monkeypatch):
    """A self-signed certificate for 127.0.0.1, trusted by this process's TLS clients."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # read by ssl.create_default_context()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


@pytest.fixture
def starttls_server(certificate):
    with SmtpServer(login=True, tls_context=certificate, require_starttls=True) as smtp:
        yield smtp


@pytest.fixture
def mail_with_starttls(app_config, starttls_server):
    port = starttls_server.controller.port
    app_config.update(MAIL_URL=f"smtp://staff%40example.com:p%40ss@127.0.0.1:{port}?starttls=1",
                      MAIL_FROM="advisor@example.com", MAIL_TO=STAFF)


def test_starttls_then_login_with_a_percent_encoded_password(mail_with_starttls, app,
                                                             starttls_server):
    announce(app)
    assert drain(app).delivered == 1
    assert starttls_server.logins == [("staff@example.com", "p@ss")]
    [(_, recipients, _)] = received(starttls_server)
    assert recipients == STAFF


@pytest.fixture
def smtps_server(certificate):
    # aiosmtpd cannot tell a connection wrapped from the first byte is TLS: it is.
    with SmtpServer(login=True, ssl_context=certificate, auth_require_tls=False) as smtp:
        yield smtp


@pytest.fixture
def mail_with_smtps(app_config, smtps_server):
    app_config.update(MAIL_URL=f"smtps://me:secret@127.0.0.1:{smtps_server.controller.port}",
                      MAIL_FROM="advisor@example.com", MAIL_TO=STAFF)


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS:UserWarning")
def test_smtps_is_tls_from_the_first_byte(mail_with_smtps, app, smtps_server):
    announce(app)
    assert drain(app).delivered == 1
    assert smtps_server.logins == [("me", "secret")]
