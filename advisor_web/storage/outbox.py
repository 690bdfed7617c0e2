"""The outbox's tables and every query on them.

A row is one event on its way to one destination: a webhook URL, or mail to the staff.
Rows are written in the transaction of the request that caused the event (`add`), so an event
exists exactly when its request does; a worker claims the rows that are due (`claim_due`),
delivers them with no transaction open, and records the outcome.

Claims are safe for several workers on several hosts: the claiming transaction locks the rows
it picks (PostgreSQL: `FOR UPDATE SKIP LOCKED`, so a second worker skips them instead of
waiting; SQLite: the whole write transaction is serialised by BEGIN IMMEDIATE) and gives them a
lease (`locked_until`). A worker that dies mid-delivery leaves its lease behind; once it runs
out, the row is due again, so a crash loses nothing, and a delivery may repeat, always under
the same message id.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from sqlalchemy import JSON, DateTime, Index, Integer, String, delete, func, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Mapped, Session, mapped_column

from .. import db
from .models import Base

PENDING, DELIVERED, FAILED, STOPPED = "pending", "delivered", "failed", "stopped"
STATUSES = (PENDING, DELIVERED, FAILED, STOPPED)
WEBHOOK, MAIL = "webhook", "mail"
# Longer errors are cut: the staff page shows the start, which names the cause.
ERROR_LENGTH = 500


class OutboxMessage(Base):
    """One event on its way to one destination, with its delivery state."""

    __tablename__ = "outbox_message"
    __table_args__ = (Index("ix_outbox_message_due", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The event's id (`msg_...`), the same for every destination and every attempt: the
    # `webhook-id` a receiver de-duplicates by, and the mail's Message-ID.
    message_id: Mapped[str] = mapped_column(String(40), index=True)
    # What the event is about (a consultation request's id), so erasing a person's data can
    # find the rows that still hold their contact details.
    subject: Mapped[str] = mapped_column(String(64), index=True)
    event_type: Mapped[str] = mapped_column(String(64))
    channel: Mapped[str] = mapped_column(String(16))  # WEBHOOK or MAIL
    # The webhook's URL, or the mail's recipients (space-separated, as MAIL_TO was then).
    target: Mapped[str] = mapped_column(String(2048))
    event: Mapped[dict] = mapped_column(JSON)  # {"type", "timestamp", "data"}
    status: Mapped[str] = mapped_column(String(16), default=PENDING)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    # Naive datetimes in UTC throughout (SQLite keeps no time zone).
    created_at: Mapped[dt.datetime] = mapped_column(DateTime)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(DateTime)
    locked_until: Mapped[dt.datetime | None] = mapped_column(DateTime)
    locked_by: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(ERROR_LENGTH))
    delivered_at: Mapped[dt.datetime | None] = mapped_column(DateTime)


class StoppedWebhook(Base):
    """A webhook URL that answered 410 Gone: nothing more is sent to it until staff send one
    of its deliveries again."""

    __tablename__ = "stopped_webhook"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    stopped_at: Mapped[dt.datetime] = mapped_column(DateTime)


@dataclass(frozen=True)
class Destination:
    channel: str  # WEBHOOK or MAIL
    target: str


@dataclass(frozen=True)
class Claimed:
    """A claimed row, as plain values: the worker delivers it with no session open."""

    id: int
    message_id: str
    event_type: str
    channel: str
    target: str
    event: dict
    attempts: int  # attempts made before this one


@dataclass(frozen=True)
class Delivery:
    """A row as the staff page lists it."""

    id: int
    message_id: str
    event_type: str
    channel: str
    target: str
    status: str
    attempts: int
    created_at: dt.datetime
    next_attempt_at: dt.datetime
    last_error: str | None


def add(session: Session, *, message_id: str, subject: str, event: dict,
        destinations: Iterable[Destination], now: dt.datetime) -> None:
    """Queue `event` for each destination, in the caller's open transaction. A webhook URL
    that answered 410 gets its row all the same, stopped, so staff see what it missed."""
    destinations = list(destinations)
    urls = [d.target for d in destinations if d.channel == WEBHOOK]
    stopped = set(session.scalars(select(StoppedWebhook.url).where(StoppedWebhook.url.in_(urls)))
                  ) if urls else set()
    session.add_all(
        OutboxMessage(message_id=message_id, subject=subject, event_type=event["type"],
                      channel=d.channel, target=d.target, event=event,
                      status=STOPPED if d.channel == WEBHOOK and d.target in stopped else PENDING,
                      attempts=0, created_at=now, next_attempt_at=now,
                      last_error="410 Gone earlier: not sent" if d.target in stopped else None)
        for d in destinations)
    session.flush()


def forget_subject(session: Session, subject: str) -> int:
    """Delete every outbox row about `subject`, in the caller's transaction, whatever its
    status (pending rows hold contact details); return how many were deleted."""
    return session.execute(
        delete(OutboxMessage).where(OutboxMessage.subject == subject)
        .execution_options(synchronize_session=False)).rowcount


def _due(now: dt.datetime):
    return (OutboxMessage.status == PENDING, OutboxMessage.next_attempt_at <= now,
            or_(OutboxMessage.locked_until.is_(None), OutboxMessage.locked_until <= now))


def claim_due(session: Session, *, now: dt.datetime, lease_until: dt.datetime, worker: str,
              limit: int) -> list[Claimed]:
    """Claim up to `limit` rows that are due (oldest first) for `worker` until `lease_until`,
    in a short write transaction of their own; rows another worker holds are skipped."""
    with db.transaction(session):
        rows = session.scalars(
            select(OutboxMessage).where(*_due(now))
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id).limit(limit)
            # PostgreSQL locks the rows it returns and skips those locked; SQLite ignores
            # the clause, as BEGIN IMMEDIATE already admits one writer at a time.
            .with_for_update(skip_locked=True)).all()
        for row in rows:
            row.locked_until, row.locked_by = lease_until, worker
        claimed = [Claimed(r.id, r.message_id, r.event_type, r.channel, r.target, r.event,
                           r.attempts) for r in rows]
    return claimed


@dataclass(frozen=True)
class Attempt:
    """The outcome of one delivery attempt, to record: DELIVERED; PENDING again at
    `retry_at`; FAILED for good; or STOPPED (the webhook URL answered 410 Gone)."""

    row: Claimed
    status: str
    at: dt.datetime
    error: str | None = None
    retry_at: dt.datetime | None = None


def record(session: Session, worker: str, attempts: Sequence[Attempt]) -> int:
    """Record `attempts` in one short write transaction; return how many rows a 410 stopped.

    A delivery is recorded even when the lease ran out meanwhile (whoever holds the row now
    would only deliver it again); a failure only while `worker` still holds the row. A 410
    remembers its URL and stops every row still pending for it."""
    stopped = 0
    with db.transaction(session):
        for attempt in attempts:
            stopped += _record(session, worker, attempt)
    return stopped


def _record(session: Session, worker: str, attempt: Attempt) -> int:
    row = OutboxMessage.__table__.c
    values = {"attempts": attempt.row.attempts + 1, "locked_until": None, "locked_by": None,
              "last_error": attempt.error and attempt.error[:ERROR_LENGTH]}
    where = [row.id == attempt.row.id, row.status == PENDING]
    if attempt.status == DELIVERED:
        # Delivered, the row needs its contact details no more: only the event's type and
        # time stay (the payload is with the receiver).
        values.update(status=DELIVERED, delivered_at=attempt.at,
                      event={**attempt.row.event, "data": None})
    elif attempt.status == PENDING:
        values.update(next_attempt_at=attempt.retry_at)
        where.append(row.locked_by == worker)
    elif attempt.status == FAILED:
        values.update(status=FAILED)
        where.append(row.locked_by == worker)
    session.execute(update(OutboxMessage.__table__).where(*where).values(**values))
    if attempt.status != STOPPED:
        return 0
    session.execute(db.insert_for(session.bind.dialect.name)(StoppedWebhook.__table__)
                    .values(url=attempt.row.target, stopped_at=attempt.at)
                    .on_conflict_do_nothing(index_elements=["url"]))
    return session.execute(
        update(OutboxMessage.__table__)
        .where(row.channel == WEBHOOK, row.target == attempt.row.target, row.status == PENDING)
        .values(status=STOPPED, last_error=attempt.error[:ERROR_LENGTH], locked_until=None,
                locked_by=None)).rowcount


def release(session: Session, ids: Sequence[int], worker: str) -> None:
    """Give back rows `worker` claimed and will not deliver (it is stopping)."""
    if not ids:
        return
    with db.transaction(session):
        session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id.in_(ids), OutboxMessage.locked_by == worker)
            .values(locked_until=None, locked_by=None)
            .execution_options(synchronize_session=False))


def send_again(session: Session, row_id: int, now: dt.datetime) -> bool:
    """Make a pending, failed or stopped row due now, with a fresh retry schedule (its
    message id stays); a stopped webhook URL is no longer stopped. False when there is no such
    row, or it was delivered."""
    with db.transaction(session):
        row = session.get(OutboxMessage, row_id)
        if row is None or row.status == DELIVERED:
            return False
        if row.channel == WEBHOOK and row.status == STOPPED:
            session.execute(delete(StoppedWebhook).where(StoppedWebhook.url == row.target))
            session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.channel == WEBHOOK, OutboxMessage.target == row.target,
                       OutboxMessage.status == STOPPED, OutboxMessage.id != row.id)
                .values(status=PENDING, next_attempt_at=now, attempts=0)
                .execution_options(synchronize_session=False))
        row.status, row.next_attempt_at, row.attempts = PENDING, now, 0
        row.locked_until = row.locked_by = None
    return True


def undelivered(session: Session, limit: int = 200) -> list[Delivery]:
    """Rows not delivered (pending, failed, stopped), failed and stopped first, then the
    oldest; at most `limit`."""
    order = {FAILED: 0, STOPPED: 1, PENDING: 2}
    rows = session.scalars(
        select(OutboxMessage).where(OutboxMessage.status != DELIVERED)
        .order_by(OutboxMessage.created_at, OutboxMessage.id).limit(limit)).all()
    session.rollback()  # end the read: nothing here is written
    deliveries = [Delivery(r.id, r.message_id, r.event_type, r.channel, r.target, r.status,
                           r.attempts, r.created_at, r.next_attempt_at, r.last_error)
                  for r in rows]
    return sorted(deliveries, key=lambda d: order[d.status])


@dataclass(frozen=True)
class State:
    """The outbox at a glance, for the metrics."""

    counts: dict[str, int]
    oldest_pending: dt.datetime | None


def state(session: Session) -> State | None:
    """How many rows are in each status and when the oldest pending one was queued; None
    when the database does not answer (the caller serves what it has without)."""
    try:
        return State(counts_by_status(session), oldest_pending(session))
    except SQLAlchemyError:
        return None
    finally:
        session.rollback()


def counts_by_status(session: Session) -> dict[str, int]:
    """How many rows are in each status (every status named, 0 when none)."""
    counts = dict.fromkeys(STATUSES, 0)
    counts.update(session.execute(
        select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    return counts


def oldest_pending(session: Session) -> dt.datetime | None:
    """When the oldest row still pending was queued; None when nothing is pending."""
    return session.scalar(select(func.min(OutboxMessage.created_at))
                          .where(OutboxMessage.status == PENDING))


def next_due(session: Session) -> dt.datetime | None:
    """When the next pending row falls due (or its lease runs out), for a worker's sleep."""
    return session.scalar(
        select(func.min(func.coalesce(OutboxMessage.locked_until, OutboxMessage.next_attempt_at)))
        .where(OutboxMessage.status == PENDING))
