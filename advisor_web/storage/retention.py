"""Keeping stored results for a set time: the purge behind `flask results purge` (cli.py).

A purge deletes the raw results (answers, scores, verdict) dated before a cut-off day and
leaves every tally alone, so the dashboard's numbers for past periods do not change: only the
results behind them (their permalinks, their rows in exports) are gone. The app never purges
by itself; a deployer runs the command on a schedule (README, "Keeping results for a set
time"), with `RESULT_RETENTION_DAYS` as its default.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from .. import db
from .models import StoredResult

# Rows deleted per write transaction, at most: on an idle 2-core machine a batch of 2,000 holds
# the write lock for about 30 ms. On a busy one it takes longer, so each batch is sized from
# the last one's time to hold the lock about LOCK_TARGET_SECONDS (visitors finishing a quiz
# wait behind it; the issue allows about 100 ms).
BATCH_SIZE = 2_000
LOCK_TARGET_SECONDS = 0.04
SMALLEST_BATCH = 100
# A pause after each batch lets writers queued behind it (visitors finishing a quiz) take the
# lock before the next batch does: the writers' file lock is not fair, and a purge looping
# straight back would win it again and again. 200 pauses per million rows cost 0.4 s.
PAUSE_SECONDS = 0.002
# The longest retention period accepted (about a hundred years): beyond it the cut-off day
# would fall before the calendar's first year.
MAX_DAYS = 36_500


@dataclass(frozen=True)
class Expiring:
    """The stored results dated before a cut-off day: how many, and their first and last day."""

    before: dt.date
    count: int
    first_day: dt.date | None
    last_day: dt.date | None


def today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()  # the day stored results are dated by


def cutoff(days: int, on: dt.date) -> dt.date:
    """The first day kept when results older than `days` days are purged on day `on`: a
    result stored `days` days ago is exactly that old, not older, and stays."""
    return on - dt.timedelta(days=days)


def expiring(session: Session, before: dt.date) -> Expiring:
    """What a purge of results dated before `before` would remove (reads only)."""
    count, first, last = session.execute(
        select(func.count(), func.min(StoredResult.created_on), func.max(StoredResult.created_on))
        .where(StoredResult.created_on < before)
    ).one()
    session.rollback()  # end the read transaction: a long purge must not keep a snapshot open
    return Expiring(before, count, first, last)


def purge(session: Session, before: dt.date, batch: int = BATCH_SIZE, dry_run: bool = False,
          progress: Callable[[int, float], None] | None = None) -> int:
    """Delete the stored results dated before `before`, at most `batch` rows per short write
    transaction (fewer when the machine is slow); return how many were removed (with
    `dry_run`: how many would be, removing nothing). Tallies are not touched. Running it
    again removes nothing more."""
    if batch < 1:
        raise ValueError("batch must be at least 1")
    if dry_run:
        return expiring(session, before).count
    table = StoredResult.__table__
    # Rows are found through the created_on index; ids are chosen inside the write
    # transaction, so a concurrent purge never counts a row twice.
    started = time.perf_counter()
    removed, size = 0, batch
    while True:
        with db.transaction(session):  # waits for the lock: not part of the time it is held
            began = time.perf_counter()
            doomed = select(table.c.public_id).where(table.c.created_on < before).limit(size)
            deleted = session.connection().execute(
                delete(table).where(table.c.public_id.in_(doomed.scalar_subquery()))).rowcount
        held = time.perf_counter() - began
        removed += deleted
        if deleted < size:
            return removed
        if progress:
            progress(removed, time.perf_counter() - started)
        # The next batch in proportion to the time this one held the lock, within bounds.
        size = max(min(batch, int(size * LOCK_TARGET_SECONDS / max(held, 1e-3))),
                   min(batch, SMALLEST_BATCH))
        time.sleep(PAUSE_SECONDS)
