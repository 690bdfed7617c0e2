"""Mail to the staff about an event, through the outbox, over SMTP (the standard library's
`smtplib`). Only ever to MAIL_TO: never to the address a visitor typed, so the consultation
form cannot be used to mail strangers.

MAIL_URL: `smtp://[user:pass@]host[:port]` (port 25), with `?starttls=1` to upgrade the
connection before logging in (port 587), or `smtps://...` for TLS from the first byte
(port 465). A user name or password with reserved characters is percent-encoded.
"""

from __future__ import annotations

import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from urllib.parse import parse_qs, unquote, urlsplit

from . import events
from .delivery import Delivered, Outcome, Retry

# Seconds for each step of the SMTP conversation: servers may pause before their greeting
# (anti-spam "greet delay", often 5 to 20 s), so this is looser than the webhooks' timeouts.
TIMEOUT = 30.0
# A conversation has about eight exchanges (greeting, EHLO, STARTTLS, EHLO, AUTH, MAIL, RCPT,
# DATA): the lease must cover them all.
EXCHANGES = 8
PLAIN, STARTTLS, TLS = "plain", "starttls", "tls"


@dataclass(frozen=True)
class MailServer:
    host: str
    port: int
    security: str  # PLAIN, STARTTLS or TLS
    username: str | None = None
    password: str | None = None


def longest_delivery() -> float:
    return TIMEOUT * EXCHANGES


def parse_url(url: str) -> MailServer:
    """MAIL_URL as a MailServer; a ValueError that says what is wrong (it never repeats the
    password)."""
    parts = urlsplit(url)
    if parts.scheme not in ("smtp", "smtps"):
        raise ValueError(f"the scheme must be smtp:// or smtps://, not {parts.scheme!r}://")
    try:
        port = parts.port
    except ValueError:
        raise ValueError("the port is not a number") from None
    if not parts.hostname:
        raise ValueError("no host: smtp://[user:pass@]host[:port]")
    query = parse_qs(parts.query)
    unknown = set(query) - {"starttls"}
    if unknown:
        raise ValueError(f"unknown option {sorted(unknown)[0]!r}: only ?starttls=1")
    starttls = query.get("starttls", ["0"])[-1].lower() in ("1", "true", "yes", "on")
    if parts.scheme == "smtps":
        if starttls:
            raise ValueError("smtps:// is TLS already: starttls=1 does not apply")
        security, default_port = TLS, 465
    elif starttls:
        security, default_port = STARTTLS, 587
    else:
        security, default_port = PLAIN, 25
    if parts.username is not None and parts.password is None:
        raise ValueError("a user name without a password: smtp://user:pass@host")
    return MailServer(parts.hostname, port or default_port, security,
                      unquote(parts.username) if parts.username else None,
                      unquote(parts.password) if parts.password else None)


def compose(event: dict, message_id: str, sender: str, recipients: list[str]) -> EmailMessage:
    """The staff's plain-text mail about `event` (its Message-ID is the event's id, the same
    on every attempt, so a repeated delivery can be recognised)."""
    message = EmailMessage()
    data = event["data"]
    if event["type"] == events.REQUESTED:
        request = events.ConsultationRequested.model_validate(data)
        message["Subject"] = (f"Consultation request from {request.name} "
                              f"(verdict: {request.result.verdict})")
        message.set_content(_requested_text(request, event["timestamp"]))
    else:
        withdrawn = events.ConsultationWithdrawn.model_validate(data)
        message["Subject"] = f"Consultation request {withdrawn.request_id} withdrawn"
        message.set_content(
            f"The visitor withdrew consultation request {withdrawn.request_id} "
            f"({event['timestamp']}).\n\nIt has been deleted here; please delete any copy of "
            "it you keep (this mail's earlier one included) and do not contact them about "
            "it.\n")
    message["From"] = sender
    message["To"] = ", ".join(recipients)
    message["Date"] = formatdate(localtime=False)
    domain = sender.rpartition("@")[2].strip(">") or "localhost"
    message["Message-ID"] = f"<{message_id}@{domain}>"
    return message


def _requested_text(request: events.ConsultationRequested, timestamp: str) -> str:
    result = request.result
    answers = "\n".join(f"  {question}: {choice}" for question, choice in result.answers.items())
    lines = [
        f"A visitor asked for a consultation about their result ({timestamp}).",
        "",
        f"Name:     {request.name}",
        f"Email:    {request.email}",
        f"Company:  {request.company or '-'}",
        f"Language: {request.language}",
        "",
        "Message:",
        request.message or "-",
        "",
        f"Result:   {result.url}",
        f"Verdict:  {result.verdict} ({result.comparison}, quiz version {result.quiz_version})",
        "Answers:",
        answers or "  -",
        "",
        f"Consent:  version {request.consent.version}, given {request.consent.given_at}",
        f"Request:  {request.request_id}",
        "",
        "Reply to the visitor from your own mailbox; this address only sends notices.",
    ]
    return "\n".join(lines) + "\n"


def send(server: MailServer, message: EmailMessage) -> Outcome:
    """Hand `message` to the server; a refusal or a server that is down is to retry."""
    try:
        if server.security == TLS:
            client = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT,
                                      context=ssl.create_default_context())
        else:
            client = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT)
        with client:
            if server.security == STARTTLS:
                client.starttls(context=ssl.create_default_context())
            if server.username:
                client.login(server.username, server.password)
            client.send_message(message)
    except smtplib.SMTPRecipientsRefused as error:
        return Retry(f"recipients refused: {', '.join(error.recipients)}")
    except smtplib.SMTPResponseException as error:
        return Retry(f"SMTP {error.smtp_code}: {_text(error.smtp_error)}")
    except TimeoutError:
        return Retry(f"the mail server did not answer within {TIMEOUT:g} s")
    except ConnectionRefusedError:
        return Retry("the mail server refused the connection")
    except (OSError, smtplib.SMTPException) as error:
        return Retry(f"mail failed: {type(error).__name__}: {error}")
    return Delivered()


def _text(value: bytes | str) -> str:
    return value.decode("utf-8", "replace") if isinstance(value, bytes) else str(value)
