"""For the outbox tests: queue an event as the visitor side does, drain the outbox as the
worker does (by a clock that moves only when told), and read the queue."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from advisor_web import db, events, outbox
from advisor_web.storage.outbox import OutboxMessage
from tests.support.webhooks import requested


class Clock:
    """A fake clock for `outbox.drain`: starts now, moves only when told."""

    def __init__(self):
        self.at = outbox.utcnow()

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += dt.timedelta(seconds=seconds)


def drain(app, clock=None) -> outbox.DrainReport:
    """Deliver what is due, as `flask outbox run --once` does, by `clock` (default: real)."""
    with app.app_context(), db.new_session() as session:
        return outbox.drain(session, outbox.settings_from(app.config),
                            now=clock or outbox.utcnow)


def announce(app, data=None, subject="req_1", event_type=events.REQUESTED) -> None:
    """Queue an event as the visitor side does: in a transaction of the request's session."""
    with app.app_context():
        session = db.get_session()
        with db.transaction(session):
            outbox.announce(session, event_type, data or requested(subject), subject=subject)


def queued(app) -> list[OutboxMessage]:
    with app.app_context():
        return list(db.get_session().scalars(select(OutboxMessage).order_by(OutboxMessage.id)))
