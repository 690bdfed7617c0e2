"""Stored results as CSV or JSON: streamed in chunks, safe to open in a spreadsheet. The
rows come from `storage/exports.py`."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator

from ..quiz.content import Quiz

# Around each option's score (`<option>_score`, in the quiz's option order).
LEADING_COLUMNS = ("date", "quiz_version", "verdict")
TRAILING_COLUMNS = ("source", "helpful", "building_with")
ROWS_PER_CHUNK = 500
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def columns(quiz: Quiz, answered: Iterable[str]) -> tuple[str, ...]:
    """The fixed columns (with a score column per option of the quiz), every question of the
    quiz, then any other question answered."""
    asked = [q.id for q in quiz.questions]
    scores = tuple(f"{option}_score" for option in quiz.option_ids)
    return (LEADING_COLUMNS + scores + TRAILING_COLUMNS + tuple(asked)
            + tuple(sorted(set(answered) - set(asked))))


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
