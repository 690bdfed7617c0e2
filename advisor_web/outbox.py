"""The outbox: events for the publisher's systems (signed webhooks, mail to staff), queued in
the transaction of the request that caused them and delivered by a worker,
`flask --app advisor_web outbox run [--once]`.

`announce()` is what the rest of the app calls: it writes one row per configured destination
in the caller's open transaction, so an event exists exactly when the change it reports was
committed, and a crash anywhere between the request and the delivery loses nothing. The worker
claims due rows under a lease (`storage/outbox.py` says why several workers on several hosts
are safe), delivers each with no transaction open, and records the outcome: delivered, retried
along OUTBOX_RETRY_SECONDS, failed after the last wait, or stopped (a webhook URL answered
410 Gone). A delivery may repeat (a worker killed after sending, before recording); it always
carries the event's one id, which receivers de-duplicate by.

Settings are read here (from the app's config) and passed to `webhooks.py` and `mail.py` as
plain values.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import secrets
import signal
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from . import db, delivery, events, mail, webhooks
from .storage import outbox as store

log = logging.getLogger(__name__)

# The Standard Webhooks specification's recommended schedule: the waits after the first
# attempt, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (about 27.6 hours in all).
DEFAULT_RETRY_SECONDS = "5,300,1800,7200,18000,36000,36000"
# Rows claimed at once. Small, so several workers share a backlog, yet one claim (a write
# transaction) serves many deliveries. A batch never outlives its lease: before each delivery
# `drain` checks that the longest it may take still fits, and gives the rest back otherwise.
BATCH = 20
# The longest a delivery's outcome waits to be recorded with others (`_deliver_batch`).
RECORD_EVERY_SECONDS = 1.0


class OutboxSettingsError(ValueError):
    """A setting of the outbox is malformed; the message names the setting."""


@dataclass(frozen=True)
class Settings:
    """The outbox's settings, checked (`settings_from`)."""

    webhook_urls: tuple[str, ...] = ()
    webhook_secret: str | None = None
    webhook_timeout: float = webhooks.READ_TIMEOUT
    mail_server: mail.MailServer | None = None
    mail_from: str | None = None
    mail_to: tuple[str, ...] = ()
    retry_seconds: tuple[float, ...] = field(default_factory=lambda: parse_waits(
        DEFAULT_RETRY_SECONDS))
    lease_seconds: float = 300.0
    poll_seconds: float = 5.0

    def destinations(self) -> list[store.Destination]:
        """Where each event goes: every webhook URL, and mail when a server and recipients
        are set."""
        found = [store.Destination(store.WEBHOOK, url) for url in self.webhook_urls]
        if self.mail_server and self.mail_to:
            found.append(store.Destination(store.MAIL, " ".join(self.mail_to)))
        return found

    def longest_delivery(self, channel: str) -> float:
        """The longest one delivery on `channel` may take, timeouts included."""
        if channel == store.MAIL:
            return mail.longest_delivery()
        return webhooks.CONNECT_TIMEOUT + self.webhook_timeout


def parse_waits(text: str) -> tuple[float, ...]:
    """OUTBOX_RETRY_SECONDS: comma-separated waits in seconds, each ≥ 0."""
    try:
        waits = tuple(float(part) for part in text.split(",") if part.strip())
    except ValueError:
        raise OutboxSettingsError(
            f"OUTBOX_RETRY_SECONDS={text!r}: give comma-separated numbers of seconds, "
            f"e.g. {DEFAULT_RETRY_SECONDS}") from None
    if any(wait < 0 or wait != wait for wait in waits):
        raise OutboxSettingsError(f"OUTBOX_RETRY_SECONDS={text!r}: a wait cannot be negative")
    return waits


def _words(value) -> tuple[str, ...]:
    return tuple(value.split()) if isinstance(value, str) else tuple(value or ())


def _seconds(config: Mapping, name: str, default: float) -> float:
    """A positive number of seconds from `config[name]`; OutboxSettingsError naming it."""
    value = config.get(name, default)
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        raise OutboxSettingsError(f"{name}={value!r} is not a number of seconds") from None
    if not seconds > 0:
        raise OutboxSettingsError(f"{name}={value!r} must be more than 0 seconds")
    return seconds


def settings_from(config: Mapping) -> Settings:
    """The outbox's settings from the app's config; OutboxSettingsError names a bad one."""
    urls = _words(config.get("WEBHOOK_URLS"))
    for url in urls:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise OutboxSettingsError(f"WEBHOOK_URLS: {url!r} is not an http(s) URL")
    secret = config.get("WEBHOOK_SECRET") or None
    if urls and not secret:
        raise OutboxSettingsError("WEBHOOK_URLS is set but WEBHOOK_SECRET is not: webhooks "
                                  "are always signed (a whsec_... secret)")
    if secret:
        try:
            webhooks.check_secret(secret)
        except ValueError as error:
            raise OutboxSettingsError(str(error)) from None
    server = None
    if config.get("MAIL_URL"):
        try:
            server = mail.parse_url(config["MAIL_URL"])
        except ValueError as error:
            raise OutboxSettingsError(f"MAIL_URL: {error}") from None
        if not config.get("MAIL_FROM"):
            raise OutboxSettingsError("MAIL_URL is set but MAIL_FROM is not")
        if not _words(config.get("MAIL_TO")):
            raise OutboxSettingsError("MAIL_URL is set but MAIL_TO names no recipient")
    retry = config.get("OUTBOX_RETRY_SECONDS", DEFAULT_RETRY_SECONDS)
    waits = parse_waits(retry) if isinstance(retry, str) else tuple(float(w) for w in retry)
    timeout = _seconds(config, "WEBHOOK_TIMEOUT_SECONDS", webhooks.READ_TIMEOUT)
    lease = _seconds(config, "OUTBOX_LEASE_SECONDS", 300)
    poll = _seconds(config, "OUTBOX_POLL_SECONDS", 5)
    settings = Settings(urls, secret, timeout, server, config.get("MAIL_FROM") or None,
                        _words(config.get("MAIL_TO")), waits, lease, poll)
    longest = max((settings.longest_delivery(d.channel) for d in settings.destinations()),
                  default=webhooks.CONNECT_TIMEOUT + timeout)
    if lease <= longest:
        raise OutboxSettingsError(
            f"OUTBOX_LEASE_SECONDS={lease:g} must be longer than one delivery may take "
            f"({longest:g} s): another worker could send it again meanwhile")
    return settings


def utcnow() -> dt.datetime:
    """Now in UTC, naive, as the outbox's columns hold it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def new_message_id() -> str:
    """An event's id: `msg_` and 24 random hex digits (96 bits: no two events share one)."""
    return f"msg_{secrets.token_hex(12)}"


def announce(dbs, event_type: str, data: dict, *, subject: str) -> None:
    """Queue the event `event_type` with `data` for every configured destination (each of
    WEBHOOK_URLS, and mail when MAIL_URL and MAIL_TO are set) in `dbs`'s open transaction;
    nothing when none is configured. `subject` is what the event is about (a consultation
    request's id): `storage.outbox.forget_subject` deletes its rows.

    `data` must fit the event type's model in `events.py` (a ValueError otherwise, whether or
    not a destination is configured). The caller commits: the event is sent only if the
    change it reports is.

    A withdrawal: `forget_subject(dbs, request_id)` first (an undelivered request's rows hold
    its contact details), then announce `consultation.withdrawn` under the same subject.
    """
    now = utcnow()
    event = events.event(event_type, data, now.replace(tzinfo=dt.UTC))
    destinations = settings_from(current_app.config).destinations()
    if destinations:
        store.add(dbs, message_id=new_message_id(), subject=subject, event=event,
                  destinations=destinations, now=now)


# -- the worker ------------------------------------------------------------------------------


@dataclass
class DrainReport:
    """What one drain did: rows by outcome."""

    delivered: int = 0
    retried: int = 0
    failed: int = 0
    stopped: int = 0

    def __str__(self) -> str:
        return (f"{self.delivered} delivered, {self.retried} to retry, {self.failed} failed, "
                f"{self.stopped} stopped")


def new_worker_id() -> str:
    return secrets.token_hex(8)


def deliver(claimed: store.Claimed, settings: Settings) -> delivery.Outcome:
    """One attempt to deliver `claimed` to its destination."""
    if claimed.channel == store.MAIL:
        message = mail.compose(claimed.event, claimed.message_id, settings.mail_from,
                               claimed.target.split())
        return mail.send(settings.mail_server, message)
    body = json.dumps(claimed.event, ensure_ascii=False, separators=(",", ":")).encode()
    return webhooks.send(claimed.target, settings.webhook_secret, claimed.message_id, body,
                         settings.webhook_timeout)


def drain(session, settings: Settings, *, now: Callable[[], dt.datetime] = utcnow,
          worker: str | None = None, should_stop: Callable[[], bool] = lambda: False,
          on_outcome: Callable[[str, str], None] | None = None) -> DrainReport:
    """Deliver every row that is due, until none is (rows retried with no wait are tried
    again in the same drain) or `should_stop()`; return what happened. `now` is the clock
    the schedule is read by (a test passes a fake one); `on_outcome(channel, outcome)` is
    told of each attempt (the metrics)."""
    worker = worker or new_worker_id()
    report = DrainReport()
    while not should_stop():
        started = now()
        lease_until = started + dt.timedelta(seconds=settings.lease_seconds)
        claimed = store.claim_due(session, now=started, lease_until=lease_until, worker=worker,
                                  limit=BATCH)
        if not claimed:
            break
        if not _deliver_batch(session, settings, claimed, lease_until, worker, now,
                              should_stop, report, on_outcome):
            # Claiming again at once could hand back the same rows: leave them to the next
            # drain (or to another worker).
            break
    return report


def _deliver_batch(session, settings: Settings, claimed: list[store.Claimed],
                   lease_until: dt.datetime, worker: str, now: Callable[[], dt.datetime],
                   should_stop: Callable[[], bool], report: DrainReport,
                   on_outcome: Callable[[str, str], None] | None) -> bool:
    """Deliver the rows of one claim and record their outcomes, several per transaction:
    a transaction per delivery cost more than the delivery itself (SQLite on a busy 2-core
    machine: about 6 ms against 1.5 ms for a local receiver). Outcomes wait at most
    RECORD_EVERY_SECONDS; a worker killed meanwhile sends those rows again, under their ids.
    False when it stopped early (told to, or its lease ran short) and gave rows back."""
    unrecorded: list[store.Attempt] = []
    oldest = 0.0
    gone: set[str] = set()

    def flush() -> None:
        if unrecorded:
            store.record(session, worker, unrecorded)
            unrecorded.clear()

    for index, row in enumerate(claimed):
        if row.channel == store.WEBHOOK and row.target in gone:
            continue  # stopped with its URL, in the database too
        longest = dt.timedelta(seconds=settings.longest_delivery(row.channel))
        if should_stop() or now() + longest > lease_until:
            # Not enough lease left to be sure no one else sends it meanwhile.
            flush()
            store.release(session, [r.id for r in claimed[index:]], worker)
            return False
        attempt = _attempt(settings, row, now)
        if not unrecorded:
            oldest = time.monotonic()
        unrecorded.append(attempt)
        outcome = OUTCOMES[attempt.status]
        setattr(report, outcome, getattr(report, outcome) + 1)
        if on_outcome:
            on_outcome(row.channel, outcome)
        if attempt.status == store.STOPPED:
            gone.add(row.target)
            flush()  # before any other row to that URL is tried
        elif time.monotonic() - oldest >= RECORD_EVERY_SECONDS:
            flush()
    flush()
    return True


# The report's name for each recorded status.
OUTCOMES = {store.DELIVERED: "delivered", store.PENDING: "retried", store.FAILED: "failed",
            store.STOPPED: "stopped"}


def _attempt(settings: Settings, row: store.Claimed,
             now: Callable[[], dt.datetime]) -> store.Attempt:
    """Deliver `row` once; what to record."""
    try:
        outcome = deliver(row, settings)
    except Exception as error:  # a bug in composing must not stop the other deliveries
        log.exception("outbox: delivering %s failed unexpectedly", row.message_id)
        outcome = delivery.Retry(f"unexpected error: {type(error).__name__}")
    where, at = _where(row), now()
    if isinstance(outcome, delivery.Delivered):
        log.info("outbox: %s %s delivered to %s", row.event_type, row.message_id, where)
        return store.Attempt(row, store.DELIVERED, at)
    if isinstance(outcome, delivery.Gone):
        log.warning("outbox: %s answered %s: its pending deliveries are stopped", where,
                    outcome.error)
        return store.Attempt(row, store.STOPPED, at, outcome.error)
    attempt = row.attempts + 1
    if attempt > len(settings.retry_seconds):
        log.error("outbox: %s to %s failed for good after %d attempts: %s", row.message_id,
                  where, attempt, outcome.error)
        return store.Attempt(row, store.FAILED, at, outcome.error)
    retry_at = at + dt.timedelta(seconds=settings.retry_seconds[attempt - 1])
    log.warning("outbox: %s to %s failed (attempt %d), retrying at %s: %s", row.message_id,
                where, attempt, retry_at.isoformat(timespec="seconds"), outcome.error)
    return store.Attempt(row, store.PENDING, at, outcome.error, retry_at)


def _where(row: store.Claimed) -> str:
    """A destination as the log names it: a webhook's scheme and host (a URL's path or query
    may hold a token), or "mail"."""
    if row.channel == store.MAIL:
        return "mail"
    parts = urlsplit(row.target)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}"


def run(settings: Settings, *, once: bool, stop: threading.Event) -> DrainReport:
    """Drain what is due; unless `once`, keep polling until `stop` is set."""
    from . import metrics  # the process's counters (loaded here: see create_app)

    total = DrainReport()
    worker = new_worker_id()
    while True:
        due = None
        try:
            with db.new_session() as session:
                report = drain(session, settings, worker=worker, should_stop=stop.is_set,
                               on_outcome=metrics.delivery_attempted)
                for name in ("delivered", "retried", "failed", "stopped"):
                    setattr(total, name, getattr(total, name) + getattr(report, name))
                if once or stop.is_set():
                    return total
                due = store.next_due(session)
                session.rollback()
        except Exception:
            if once:
                raise
            # A long-running worker outlives a database outage: what it claimed comes back
            # after the lease, and it tries again at the next poll.
            log.exception("outbox: this poll failed; trying again in %g s",
                          settings.poll_seconds)
        wait = settings.poll_seconds
        if due is not None:
            wait = min(wait, max((due - utcnow()).total_seconds(), 0.05))
        stop.wait(wait)


outbox_cli = AppGroup("outbox", help="Deliver queued events (webhooks, mail to staff).")


@outbox_cli.command("run")
@click.option("--once", is_flag=True, help="Deliver what is due now, then exit.")
def run_command(once: bool) -> None:
    """Deliver queued events: long-running (stop it with SIGTERM or Ctrl-C; a delivery under
    way finishes first), or with --once until nothing is due. Run as many as you like, on as
    many hosts: each row is claimed by one worker at a time."""
    try:
        settings = settings_from(current_app.config)
    except OutboxSettingsError as error:
        raise click.ClickException(str(error)) from None
    stop = threading.Event()
    # A signal ends the wait between polls, or the drain after the delivery under way.
    previous = {signum: signal.signal(signum, lambda *_: stop.set())
                for signum in (signal.SIGTERM, signal.SIGINT)}
    started = time.perf_counter()
    if not once:
        click.echo(f"outbox worker: polling every {settings.poll_seconds:g} s "
                   f"({len(settings.destinations())} destinations)")
    try:
        report = run(settings, once=once, stop=stop)
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    click.echo(f"outbox: {report} in {time.perf_counter() - started:.1f} s")


def init_app(app: Flask) -> None:
    """Check the outbox's settings at start-up (a bad one stops it, naming the setting) and
    add `flask outbox`."""
    settings_from(app.config)
    app.cli.add_command(outbox_cli)
