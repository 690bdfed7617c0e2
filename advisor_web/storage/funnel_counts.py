"""The funnel's counts from the steps of a quiz, held by a worker for a moment and written
together.

Why: every answered step counts the funnel (started, step reached, step done). Written at
once, that is a write transaction of its own on nearly every quiz request, and on SQLite
every worker queues for the one writer lock to make it: about a tenth of a quiz run's time.
Held and summed in the worker for up to `FUNNEL_WRITE_SECONDS` (production: 1 s), they take
one transaction per worker per interval, however many visitors there are.

What it costs, and what it does not:
- The dashboard's funnel lags by up to that interval.
- A worker stopped the usual way (gunicorn's graceful stop, a restart, `max_requests`, the end
  of `flask run`) writes what it holds as it exits. A worker killed outright (SIGKILL, power
  lost) loses at most one interval's step counts.
- A database that is busy or away keeps the counts held for the next write, instead of
  dropping them as a visitor's own write must (it may not make the visitor wait).
- A stored result, its tallies, votes and consultation requests are never held: they are
  written in their own transaction, as before.

With `FUNNEL_WRITE_SECONDS = 0` (development and tests) each step writes its counts at once,
unless the database is busy (`tallies.add_if_free`).
"""

from __future__ import annotations

import atexit
import logging
import os
import threading
import weakref
from collections import Counter, defaultdict
from collections.abc import Iterable

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .. import db
from . import tallies
from .tallies import TallyKey

log = logging.getLogger(__name__)

# A write from the background waits this long for SQLite's writer lock (or PostgreSQL's row
# locks) before it keeps its counts for the next interval.
WRITE_LOCK_TIMEOUT = 2.0


class HeldCounts:
    """The funnel counts a worker holds for one database (`engine`), written every `every`
    seconds by a thread of their own that runs only while there is something to write."""

    def __init__(self, engine: Engine, every: float):
        self.engine = engine
        self.every = every
        self._lock = threading.Lock()  # the counts and the writer thread
        self._writing = threading.Lock()  # one write at a time: the last one, at exit, waits
        self._closed = threading.Event()
        self._counts: Counter[tuple[str, TallyKey]] = Counter()
        self._writer: threading.Thread | None = None
        self._failing = False  # the last write failed: the next failure is not logged again
        _EVERY_HELD.add(self)

    def add(self, comparison: str, keys: Iterable[TallyKey]) -> None:
        """Hold one count for each key (a key listed twice counts two)."""
        with self._lock:
            for key in keys:
                self._counts[(comparison, key)] += 1
            if self._counts and self._writer is None and not self._closed.is_set():
                self._writer = threading.Thread(target=self._write_while_held, daemon=True,
                                                name="funnel-counts")
                self._writer.start()

    def held(self) -> int:
        """How many counts wait to be written."""
        with self._lock:
            return sum(self._counts.values())

    def write(self) -> bool:
        """Write every held count in one transaction. On a database error the counts stay
        held for the next write (and False)."""
        with self._writing:
            with self._lock:
                counts, self._counts = self._counts, Counter()
            if not counts:
                return True
            by_comparison: dict[str, Counter[TallyKey]] = defaultdict(Counter)
            for (comparison, key), n in counts.items():
                by_comparison[comparison][key] += n
            try:
                with db.writing(self.engine, lock_timeout=WRITE_LOCK_TIMEOUT) as connection:
                    for comparison, keys in sorted(by_comparison.items()):
                        tallies.add(connection, comparison, keys)
            except SQLAlchemyError as error:
                with self._lock:
                    self._counts.update(counts)
                if not self._failing:  # once per outage, not every interval
                    log.warning("funnel counts kept for the next write (%s)",
                                type(error).__name__)
                self._failing = True
                return False
            if self._failing:
                log.warning("funnel counts written again")
            self._failing = False
            return True

    def close(self) -> bool:
        """Stop holding: the writer thread ends, and what is held is written now (False when
        it could not be)."""
        self._closed.set()
        return self.write()

    def _write_while_held(self) -> None:
        while not self._closed.wait(self.every):
            self.write()
            with self._lock:
                if not self._counts:
                    self._writer = None
                    return
        with self._lock:
            self._writer = None

    def _forget_after_fork(self) -> None:
        """In a forked child: the parent's counts are the parent's to write, and its writer
        thread (and perhaps its locks, held mid-write) did not come along."""
        closed, self._closed = self._closed.is_set(), threading.Event()
        if closed:
            self._closed.set()
        self._lock = threading.Lock()
        self._writing = threading.Lock()
        self._counts = Counter()
        self._writer = None


_EVERY_HELD: weakref.WeakSet[HeldCounts] = weakref.WeakSet()
_HELD_FOR: weakref.WeakKeyDictionary[Engine, HeldCounts] = weakref.WeakKeyDictionary()


def hold_for(engine: Engine, every: float) -> HeldCounts | None:
    """Hold `engine`'s funnel counts for up to `every` seconds (None when 0: written at
    once)."""
    if every <= 0:
        return None
    held = _HELD_FOR[engine] = HeldCounts(engine, every)
    return held


def count(session: Session, comparison: str, keys: Iterable[TallyKey]) -> bool:
    """Count the funnel's `keys` for `comparison`: held, when the session's database holds
    its counts (always True), else written at once unless the database is busy (False when
    not counted, so a later answer may count them)."""
    held = _HELD_FOR.get(session.get_bind())
    if held is None:
        return tallies.add_if_free(session, comparison, keys)
    held.add(comparison, keys)
    return True


def release(engine: Engine) -> bool:
    """Stop holding `engine`'s counts, writing what is held (before the engine is disposed
    of; False when that write failed). Counts from then on are written at once."""
    held = _HELD_FOR.pop(engine, None)
    return held.close() if held is not None else True


def write_all() -> None:
    """Write every count this process holds (at exit: gunicorn's workers leave through
    `sys.exit`, so this runs for a graceful stop)."""
    for held in list(_EVERY_HELD):
        waiting = held.held()
        if not held.close():
            log.error("funnel: %d held counts could not be written before exit", waiting)


def _forget_all_after_fork() -> None:
    for held in list(_EVERY_HELD):
        held._forget_after_fork()


atexit.register(write_all)
os.register_at_fork(after_in_child=_forget_all_after_fork)
