"""The publisher's receiver, for every test that sends webhooks: a real HTTP server on
127.0.0.1 that checks each signature with the `standardwebhooks` library, the secret the app
signs with in tests, and a consultation.requested event's data."""

from __future__ import annotations

import base64
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from standardwebhooks.webhooks import Webhook

SECRET = "whsec_" + base64.b64encode(b"a test secret of 32 bytes, ok!!!").decode()


def requested(request_id: str = "req_1", **changes) -> dict:
    """A consultation.requested event's data, as the visitor side sends it."""
    data = {
        "request_id": request_id,
        "name": "Sita Sharma",
        "email": "sita@example.com",
        "company": "Himal Apps",
        "message": "We plan a live tracking app.",
        "language": "en",
        "consent": {"version": "2026-12", "given_at": "2026-12-06T10:00:00Z"},
        "result": {"id": "r" * 22, "url": "https://advisor.example/result/" + "r" * 22,
                   "comparison": "node-vs-python", "quiz_version": "2025.1",
                   "verdict": "node", "answers": {"realtime": "core", "ai_ml": "none"}},
    }
    data.update(changes)
    return data


@dataclass
class Received:
    """One request the receiver took: its headers' id and the verified payload."""

    webhook_id: str
    payload: dict
    status: int


@dataclass
class WebhookReceiver:
    """An HTTP server in a thread answering each POST with the next of `statuses` (then 204),
    after checking its signature; a request whose signature fails gets 401 and is kept in
    `forged`. While `hold` is clear, a request waits for it (a slow receiver)."""

    statuses: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    forged: list[str] = field(default_factory=list)
    hold: threading.Event = field(default_factory=threading.Event)
    arrived: threading.Event = field(default_factory=threading.Event)
    acknowledged_one: threading.Event = field(default_factory=threading.Event)
    path: str = "/hooks/advisor"
    stalled: int = 0

    def __post_init__(self):
        self.hold.set()
        receiver = self
        self._lock = threading.Lock()

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.arrived.set()
                if not receiver.hold.is_set():
                    # A slow receiver: the sender gives up first; this request counts for
                    # nothing, as its answer would reach no one.
                    receiver.hold.wait(timeout=60)
                    receiver.stalled += 1
                    return
                try:
                    payload = Webhook(SECRET).verify(body, dict(self.headers))
                except Exception as error:
                    receiver.forged.append(str(error))
                    self._answer(401)
                    return
                with receiver._lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 204
                    receiver.received.append(Received(self.headers["webhook-id"], payload,
                                                      status))
                self._answer(status)
                if 200 <= status < 300:
                    receiver.acknowledged_one.set()

            def _answer(self, status):
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass  # the sender gave up waiting (a timeout): nothing to answer

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_port}{self.path}"

    @property
    def settings(self) -> dict:
        """The settings that make an app send its events here."""
        return {"WEBHOOK_URLS": [self.url], "WEBHOOK_SECRET": SECRET}

    def acknowledged(self) -> list[Received]:
        return [r for r in self.received if 200 <= r.status < 300]

    def __enter__(self):
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.hold.set()
        self.server.shutdown()
        self.server.server_close()
