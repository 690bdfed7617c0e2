"""Stored results as CSV or JSON: streamed in chunks, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Iterable, Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import StoredResult
from ..quiz.content import Quiz

FIXED_COLUMNS = ("date", "quiz_version", "verdict", "node_score", "python_score", "source",
                 "helpful", "building_with")
ROWS_PER_READ = 1000
ROWS_PER_CHUNK = 500
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns(quiz: Quiz, answered: Iterable[str]) -> tuple[str, ...]:
    """The fixed columns, every question of the quiz, then any other question answered."""
    asked = [q.id for q in quiz.questions]
    return FIXED_COLUMNS + tuple(asked) + tuple(sorted(set(answered) - set(asked)))


def stored_rows(session: Session, start: dt.date, end: dt.date,
                version: str | None = None, source: str | None = None) -> Iterator[dict]:
    """Each stored result of the range as a flat dict, read from the database in batches."""
    query = (
        select(StoredResult.created_on, StoredResult.quiz_version, StoredResult.verdict,
               StoredResult.node_score, StoredResult.python_score, StoredResult.answers,
               StoredResult.source, StoredResult.helpful, StoredResult.building_with)
        .where(StoredResult.created_on >= start, StoredResult.created_on <= end)
        # By day, then by the random public id: the order of completions within a day is
        # not told (a sequential id or a time of day would tell it).
        .order_by(StoredResult.created_on, StoredResult.public_id)
        .execution_options(yield_per=ROWS_PER_READ)
    )
    if version:
        query = query.where(StoredResult.quiz_version == version)
    if source:
        query = query.where(StoredResult.source == source)
    for (day, quiz_version, verdict, node, python, answers, source_, helpful,
         building_with) in session.execute(query):
        # The fixed columns last: an answer can never stand in for one of them.
        yield {**answers, "date": day.isoformat(), "quiz_version": quiz_version,
               "verdict": verdict, "node_score": node, "python_score": python,
               "source": source_, "helpful": helpful, "building_with": building_with}


def neutralise(value: object) -> object:
    """A text cell a spreadsheet would run as a formula, made plain text with a quote."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_chunks(header: tuple[str, ...], rows: Iterable[dict]) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(row.get(column, "")) for column in header])
        if count % ROWS_PER_CHUNK == 0:
            yield _drain(buffer)
    yield _drain(buffer)


def json_chunks(header: tuple[str, ...], rows: Iterable[dict]) -> Iterator[str]:
    """A JSON array of objects with the same keys as the CSV's columns (null: not asked)."""
    buffer = io.StringIO()
    buffer.write("[")
    for count, row in enumerate(rows):
        buffer.write(",\n" if count else "\n")
        buffer.write(json.dumps({column: row.get(column) for column in header}))
        if (count + 1) % ROWS_PER_CHUNK == 0:
            yield _drain(buffer)
    buffer.write("\n]\n")
    yield _drain(buffer)


def _drain(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text
