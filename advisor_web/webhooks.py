"""Sending one event to one webhook URL, signed per the Standard Webhooks specification with
its reference library (`standardwebhooks`): headers `webhook-id` (the event's id, the same on
every attempt), `webhook-timestamp` (this attempt's time, in seconds) and `webhook-signature`
(`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under WEBHOOK_SECRET).

The HTTP client is the standard library's `http.client`: one POST, no redirects followed (a
3xx is a failure, as the specification recommends, so a moved receiver cannot send the
signed body elsewhere), and separate connect and read timeouts.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import http.client
import ssl
from urllib.parse import urlsplit

from standardwebhooks.webhooks import Webhook

from .delivery import Delivered, Gone, Outcome, Retry

# A receiver that is up completes a TCP (and TLS) handshake in well under a second, even
# across the world; 5 s allows a slow route and still frees the worker soon from a dead host.
CONNECT_TIMEOUT = 5.0
# How long a receiver may take to answer (WEBHOOK_TIMEOUT_SECONDS): the specification asks
# receivers to acknowledge fast and work later; 15 s is what common senders allow.
READ_TIMEOUT = 15.0
# A receiver's answer is read only this far: its body is not used, only its status.
MAX_RESPONSE_BYTES = 64 * 1024
USER_AGENT = "BackendAdvisor-Webhooks/1"


def check_secret(secret: str) -> None:
    """A ValueError, naming WEBHOOK_SECRET, unless `secret` is `whsec_` and 24 to 64 bytes in
    base64 (the specification's range: shorter keys are guessable offline from a signature)."""
    if not secret.startswith("whsec_"):
        raise ValueError("WEBHOOK_SECRET must start with whsec_ (a Standard Webhooks secret: "
                         "whsec_ and 24 to 64 random bytes in base64)")
    try:
        key = base64.b64decode(secret.removeprefix("whsec_"), validate=True)
    except binascii.Error:
        raise ValueError("WEBHOOK_SECRET: what follows whsec_ is not base64") from None
    if not 24 <= len(key) <= 64:
        raise ValueError(f"WEBHOOK_SECRET holds {len(key)} bytes: it needs 24 to 64 "
                         "(python -c \"import base64, secrets; "
                         "print('whsec_' + base64.b64encode(secrets.token_bytes(32)).decode())\")")


def headers(secret: str, message_id: str, body: bytes, at: dt.datetime) -> dict[str, str]:
    """The signed headers of one attempt made at `at`."""
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": message_id,
        "webhook-timestamp": str(int(at.timestamp())),
        "webhook-signature": Webhook(secret).sign(message_id, at, body),
    }


def send(url: str, secret: str, message_id: str, body: bytes,
         read_timeout: float = READ_TIMEOUT) -> Outcome:
    """POST `body` to `url`, signed now; 2xx is delivered, 410 is gone, anything else
    (another status, a timeout, a refused connection) is to retry."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=CONNECT_TIMEOUT,
            context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port,
                                                timeout=CONNECT_TIMEOUT)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    signed = headers(secret, message_id, body, dt.datetime.now(dt.UTC))
    try:
        try:
            connection.connect()
        except TimeoutError:
            return Retry(f"could not connect within {CONNECT_TIMEOUT:g} s")
        connection.sock.settimeout(read_timeout)
        connection.request("POST", target, body=body, headers=signed)
        response = connection.getresponse()
        response.read(MAX_RESPONSE_BYTES)
    except TimeoutError:
        return Retry(f"no answer within {read_timeout:g} s")
    except ssl.SSLError as error:
        return Retry(f"TLS error: {error.reason or error}")
    except ConnectionRefusedError:
        return Retry("connection refused")
    except (OSError, http.client.HTTPException) as error:
        return Retry(f"connection failed: {type(error).__name__}: {error}")
    finally:
        connection.close()
    if 200 <= response.status < 300:
        return Delivered()
    if response.status == 410:
        return Gone("410 Gone")
    return Retry(f"HTTP {response.status} {response.reason}".strip())
