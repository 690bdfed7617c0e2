"""Running counts behind the staff dashboard, bumped in the same transaction as their event.

Every event adds to a handful of `Tally` rows keyed by day, comparison, quiz version, kind,
key and value, with an upsert (`INSERT ... ON CONFLICT DO UPDATE`), so concurrent writers on
SQLite and PostgreSQL add up instead of overwriting each other.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache

from sqlalchemy import Connection, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from .. import db
from ..db import insert_for

# What a tally counts, and which tallies an event adds: the funnel's rules, in the core.
from ..quiz.funnel import (
    ALL_TIME,
    ANSWER,
    BUILDING_WITH,
    COMPLETED,
    CONSULTATION,
    HELPFUL,
    HELPFUL_BY_TYPE,
    LANG,
    PROJECT_VERDICT,
    SOURCE,
    STARTED,
    STEP_DONE,
    STEP_REACHED,
    VERDICT,
    TallyKey,
)
from .compiled import for_driver
from .models import Tally

log = logging.getLogger(__name__)

__all__ = ["ANSWER", "COMPLETED", "LANG", "STARTED", "STEP_DONE", "STEP_REACHED", "VERDICT",
           "TallyKey", "add", "add_if_free", "summarise", "versions", "answered_questions",
           "project_verdicts", "comparisons"]


def add(connection: Connection, comparison: str,
        keys: Iterable[TallyKey] | Mapping[TallyKey, int]) -> None:
    """Add one to each of `comparison`'s tallies in `keys` (a key listed twice adds two), or,
    given a mapping of keys to counts, add each count (a negative one subtracts), in the
    connection's transaction (a session's: `session.connection()`)."""
    counts = Counter(keys)
    if not counts:
        return
    # On nearly every quiz request (the funnel): compiled once, run on the driver.
    upsert = for_driver(_upsert, connection.dialect, column_keys=list(_COLUMNS),
                        for_executemany=True)
    # Sorted rows: concurrent writers take row locks in the same order (no deadlocks).
    rows = [upsert.parameters(dict(zip(_COLUMNS, (day, comparison, version, kind, key, value,
                                                  n), strict=True)))
            for (day, version, kind, key, value), n in sorted(counts.items())]
    connection.exec_driver_sql(upsert.sql, rows)


# A visitor page waits at most this long for SQLite's writer lock to count its funnel.
FUNNEL_LOCK_TIMEOUT = 0.1


def add_if_free(session: Session, comparison: str, keys: Iterable[TallyKey]) -> bool:
    """Add the tallies on a connection of their own (from `session`'s engine, outside its
    transaction), unless the database is busy: funnel counting is best effort, so a visitor
    never waits more than FUNNEL_LOCK_TIMEOUT for it (a stored result, by contrast, waits
    and answers 503). False when skipped."""
    keys = list(keys)
    if not keys:
        return True
    try:
        with db.writing(session.get_bind(), lock_timeout=FUNNEL_LOCK_TIMEOUT) as connection:
            add(connection, comparison, keys)
    except SQLAlchemyError as error:
        log.debug("funnel not counted: %s", type(error).__name__)
        return False
    return True


@cache
def _upsert(dialect: str):
    """The add-to-count statement for a dialect (Core)."""
    table = Tally.__table__
    statement = insert_for(dialect)(table)
    return statement.on_conflict_do_update(
        index_elements=["day", "comparison", "quiz_version", "kind", "key", "value"],
        set_={"count": table.c.count + statement.excluded.count},
    )


_COLUMNS = ("day", "comparison", "quiz_version", "kind", "key", "value", "count")


# -- Reading: the staff dashboard ------------------------------------------------------------
#
# Everything the dashboard shows comes from two GROUP BY queries on `tally` over the chosen
# days (plus one for the versions on offer), so a dashboard costs the same at a thousand
# results as at a million: it reads at most one row per day, version and counted thing.

PERIODS = ("day", "week", "month")


@dataclass(frozen=True)
class Period:
    """One bar of the trend: the counts of the days from `start` to the next period."""

    start: dt.date
    started: int
    completed: int
    verdicts: Mapping[str, int]
    votes: Mapping[str, int] = field(default_factory=dict)  # "yes"/"no" -> votes on its results
    consultations: int = 0  # consultation requests asked in these days


# Tallies of two ids each (key, value), read into nested counts: kind -> key -> value -> count.
_PAIRED = (SOURCE, HELPFUL, HELPFUL_BY_TYPE, BUILDING_WITH, CONSULTATION)


@dataclass(frozen=True)
class Summary:
    """What the tallies say about a range of days, for one quiz version or all of them."""

    started: int
    completed: int
    verdicts: Mapping[str, int]  # verdict id -> count
    answers: Mapping[str, Mapping[str, int]]  # question id -> choice id -> count
    reached: Mapping[str, int]  # step id -> attempts that saw it
    done: Mapping[str, int]  # step id -> attempts that answered it validly
    trend: tuple[Period, ...]
    period: str  # "day", "week" or "month": the length of each trend bar
    sources: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # source -> verdict
    helpful: Mapping[str, Mapping[str, int]] = field(default_factory=dict)  # yes/no -> verdict
    # project type -> yes/no
    helpful_by_type: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    # what voters will build with -> the verdict they were given
    building_with: Mapping[str, Mapping[str, int]] = field(default_factory=dict)
    languages: Mapping[str, int] = field(default_factory=dict)  # lang -> results finished in it
    # consultation requests: "all" -> "" -> count, and per dimension (funnel.CONSULTATION_BY)
    # its value -> count
    consultations: Mapping[str, Mapping[str, int]] = field(default_factory=dict)


def comparisons(session: Session) -> dict[str, list[str]]:
    """Every comparison (slug) with tallies -> its quiz versions with tallies, newest first:
    those no longer served as well, whose numbers stay readable."""
    return {slug: versions(session, slug) for slug in _each(session, _SLUG)}


def versions(session: Session, comparison: str) -> list[str]:
    """The comparison's quiz versions that have any tallies, newest first (by their text)."""
    return _each(session, Tally.quiz_version, _SLUG == comparison)[::-1]


def sources(session: Session, comparison: str, its_versions: list[str]) -> list[str]:
    """The sources that have any of the comparison's stored results counted, in order, given
    its versions with tallies (`versions`, or `comparisons`' list): each named, the index
    leads straight to the source rows."""
    return sorted(session.scalars(select(Tally.key).where(
        _SLUG == comparison, Tally.quiz_version.in_(its_versions),
        Tally.kind == SOURCE).distinct()))


# The comparison as models.TALLY_BY_COMPARISON indexes it (the slug: slugs are lower case).
_SLUG = func.lower(Tally.comparison)


def _each(session: Session, column, *where) -> list[str]:
    """The distinct values of `column` in the rows `where` selects, in order, each found by
    one `MIN(column) ... > the last one`, a seek in TALLY_BY_COMPARISON: a handful of seeks
    where `DISTINCT` read every tally (7 ms a question at a million results, and growing)."""
    found: list[str] = []
    while True:
        after = () if not found else (column > found[-1],)
        value = session.scalar(select(func.min(column)).where(*where, *after))
        if value is None:
            return found
        found.append(value)


def summarise(session: Session, comparison: str, start: dt.date, end: dt.date,
              version: str | None = None, period: str = "day") -> Summary:
    """The comparison's tallies from `start` to `end` (both included), optionally of one quiz
    version."""
    where = _where(comparison, start, end, version)
    totals = session.execute(
        select(Tally.kind, Tally.key, Tally.value, func.sum(Tally.count))
        .where(*where)
        .group_by(Tally.kind, Tally.key, Tally.value)
    )
    verdicts: dict[str, int] = {}
    answers: dict[str, dict[str, int]] = {}
    reached: dict[str, int] = {}
    done: dict[str, int] = {}
    languages: dict[str, int] = {}
    simple = {STARTED: 0, COMPLETED: 0}
    paired: dict[str, dict[str, dict[str, int]]] = {kind: {} for kind in _PAIRED}
    for kind, key, value, count in totals:
        if kind in paired:
            paired[kind].setdefault(key, {})[value] = count
        elif kind in simple:
            simple[kind] += count
        elif kind == VERDICT:
            verdicts[key] = count
        elif kind == ANSWER:
            answers.setdefault(key, {})[value] = count
        elif kind == STEP_REACHED:
            reached[key] = count
        elif kind == STEP_DONE:
            done[key] = count
        elif kind == LANG:
            languages[key] = count
    daily = session.execute(
        select(Tally.day, Tally.kind, Tally.key, func.sum(Tally.count))
        .where(*where, Tally.kind.in_((STARTED, COMPLETED, VERDICT, HELPFUL, CONSULTATION)))
        .group_by(Tally.day, Tally.kind, Tally.key)
    )
    return Summary(
        started=simple[STARTED],
        completed=simple[COMPLETED],
        verdicts=verdicts,
        answers=answers,
        reached=reached,
        done=done,
        trend=_trend(daily, start, end, period),
        period=period,
        sources=paired[SOURCE],
        helpful=paired[HELPFUL],
        helpful_by_type=paired[HELPFUL_BY_TYPE],
        building_with=paired[BUILDING_WITH],
        languages=languages,
        consultations=paired[CONSULTATION],
    )


def project_verdicts(session: Session, comparison: str, version: str
                     ) -> dict[str, dict[str, int]]:
    """Every result of the comparison's quiz `version` so far: project type -> verdict ->
    count.

    Reads the ALL_TIME tallies through the unique index's prefix (day, comparison, version,
    kind): a few dozen rows, as many at a million results as at a thousand."""
    rows = session.execute(
        select(Tally.key, Tally.value, Tally.count)
        .where(Tally.day == ALL_TIME, Tally.comparison == comparison,
               Tally.quiz_version == version, Tally.kind == PROJECT_VERDICT)
    )
    counts: dict[str, dict[str, int]] = {}
    for project, verdict, count in rows:
        counts.setdefault(project, {})[verdict] = count
    return counts


def answered_questions(session: Session, comparison: str, start: dt.date, end: dt.date,
                       version: str | None = None) -> list[str]:
    """The question ids answered in the comparison's stored results of the range (the
    export's columns)."""
    rows = session.scalars(
        select(Tally.key).where(*_where(comparison, start, end, version),
                                Tally.kind == ANSWER).distinct()
    )
    return sorted(rows)


def _period_start(day: dt.date, period: str) -> dt.date:
    """The first day of the trend bar `day` falls in (weeks begin on Monday)."""
    if period == "week":
        return day - dt.timedelta(days=day.weekday())
    if period == "month":
        return day.replace(day=1)
    return day


def _where(comparison: str, start: dt.date, end: dt.date, version: str | None) -> list:
    where = [Tally.day >= start, Tally.day <= end, Tally.comparison == comparison]
    if version:
        where.append(Tally.quiz_version == version)
    return where


def _trend(daily, start: dt.date, end: dt.date, period: str) -> tuple[Period, ...]:
    """Daily rows bucketed into periods, every period of the range present, empty or not."""
    buckets: dict[dt.date, dict] = {}
    day = _period_start(start, period)
    while day <= end:
        buckets[day] = {STARTED: 0, COMPLETED: 0, VERDICT: Counter(), HELPFUL: Counter(),
                        CONSULTATION: 0}
        day = _next_period(day, period)
    for day, kind, key, count in daily:
        bucket = buckets[_period_start(day, period)]
        if kind in (VERDICT, HELPFUL):
            bucket[kind][key] += count
        elif kind == CONSULTATION:
            bucket[kind] += count if key == "all" else 0
        else:
            bucket[kind] += count
    return tuple(
        Period(day, b[STARTED], b[COMPLETED], dict(b[VERDICT]), dict(b[HELPFUL]),
               b[CONSULTATION])
        for day, b in buckets.items()
    )


def _next_period(day: dt.date, period: str) -> dt.date:
    if period == "week":
        return day + dt.timedelta(days=7)
    if period == "month":
        return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return day + dt.timedelta(days=1)
