"""Draining 1,000 queued events to a local webhook receiver: `outbox.drain` as
`flask outbox run --once` runs it, on the default SQLite database.

The receiver is another process (so it does not share the worker's interpreter) that checks
every signature with the `standardwebhooks` library and answers 204. The events are
`consultation.requested` with a full payload, queued by `outbox.announce`. Goal: ≤ 10 s.

BENCH_OUTBOX_EVENTS changes the number of events.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from advisor_web import create_app, db, events, outbox
from advisor_web.db import upgrade

EVENTS = int(os.environ.get("BENCH_OUTBOX_EVENTS", "1000"))
SECRET = "whsec_" + "YSBiZW5jaG1hcmsgc2VjcmV0IG9mIDMyIGJ5dGVzISE="


def receive(port_queue, secret: str) -> None:
    """Serve 204 to every correctly signed POST (401 otherwise) until terminated."""
    from standardwebhooks.webhooks import Webhook

    webhook = Webhook(secret)

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            try:
                webhook.verify(body, dict(self.headers))
                status = 204
            except Exception:
                status = 401
            self.send_response(status)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_port)
    server.serve_forever()


def requested(number: int) -> dict:
    return {
        "request_id": f"req_{number}", "name": "Sita Sharma", "email": "sita@example.com",
        "company": "Himal Apps", "message": "We plan a live tracking app. " * 20,
        "language": "en", "consent": {"version": "2026-12", "given_at": "2026-12-06T10:00:00Z"},
        "result": {"id": "r" * 22, "url": "https://advisor.example/result/" + "r" * 22,
                   "comparison": "node-vs-python", "quiz_version": "2025.1", "verdict": "node",
                   "answers": {"realtime": "core", "ai_ml": "none", "team_language": "both"}},
    }


def main():
    ports = multiprocessing.Queue()
    receiver = multiprocessing.Process(target=receive, args=(ports, SECRET), daemon=True)
    receiver.start()
    try:
        port = ports.get(timeout=30)
        with tempfile.TemporaryDirectory(prefix="advisor-bench-") as directory:
            url = f"sqlite:///{Path(directory) / 'advisor.sqlite3'}"
            upgrade(url)
            app = create_app({"SECRET_KEY": "bench" * 8, "DATABASE_URL": url,
                              "WEBHOOK_URLS": [f"http://127.0.0.1:{port}/hooks"],
                              "WEBHOOK_SECRET": SECRET, "OUTBOX_RETRY_SECONDS": "60"})
            with app.app_context():
                session = db.get_session()
                with db.transaction(session):
                    for number in range(EVENTS):
                        outbox.announce(session, events.REQUESTED, requested(number),
                                        subject=f"req_{number}")
                with db.new_session() as worker:
                    started = time.perf_counter()
                    report = outbox.drain(worker, outbox.settings_from(app.config))
                    seconds = time.perf_counter() - started
            app.extensions["advisor_engine"].dispose()
    finally:
        receiver.terminate()
        receiver.join(timeout=10)
    if report.delivered != EVENTS:
        raise RuntimeError(f"drained {report}, expected {EVENTS} delivered")
    return [(f"outbox: drain {EVENTS:,} queued events to a local receiver (s)", f"{seconds:.1f}",
             "≤ 10"),
            ("outbox: deliveries per second", f"{EVENTS / seconds:,.0f}", "")]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
