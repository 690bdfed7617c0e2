"""Tables: stored results, the running tallies behind the dashboard, staff accounts."""

from __future__ import annotations

import datetime as dt
import secrets

from sqlalchemy import JSON, Boolean, Date, Index, Integer, String, UniqueConstraint, func
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

# An id shaped as a stored result's is (results made outside a visitor's attempt: demo data,
# tests); a visitor's result gets a keyed hash of its attempt (`results.public_id_of`).
from ..quiz.flow import new_attempt_id as new_public_id  # noqa: F401


class Base(DeclarativeBase):
    pass


class StoredResult(Base):
    """One finished quiz. Holds nothing that points to a person: no time of day, no address."""

    __tablename__ = "stored_result"

    # The public id, random-looking, is the key: a sequential one would tell the order of
    # completions.
    public_id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # The comparison's slug ("node-vs-python"); a quiz version is a version of its comparison.
    comparison: Mapped[str] = mapped_column(String(40))
    quiz_version: Mapped[str] = mapped_column(String(32))
    answers: Mapped[dict] = mapped_column(JSON)
    scores: Mapped[dict] = mapped_column(JSON)  # option id -> its score
    verdict: Mapped[str] = mapped_column(String(16))
    created_on: Mapped[dt.date] = mapped_column(Date, index=True)
    # "site", or the label of the page that embedded the quiz (EMBED_SOURCES, else "other").
    source: Mapped[str] = mapped_column(String(32), default="site", server_default="site")
    # The visitor's vote on the advice: "yes" or "no", and what they will build it with.
    helpful: Mapped[str | None] = mapped_column(String(3))
    building_with: Mapped[str | None] = mapped_column(String(16))


class Tally(Base):
    """A running count, bumped in the same transaction as the event it counts.

    `kind` is what is counted: "started", "completed", "verdict" (key = verdict id),
    "answer" (key = question id, value = choice id), "step_reached" and "step_done"
    (key = step id), each per comparison and quiz version. The dashboard reads only these
    rows, so its cost follows the number of days and choices, not the number of results.
    """

    __tablename__ = "tally"
    __table_args__ = (UniqueConstraint("day", "comparison", "quiz_version", "kind", "key",
                                       "value", name="uq_tally"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date)
    comparison: Mapped[str] = mapped_column(String(40))
    quiz_version: Mapped[str] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(16))
    key: Mapped[str] = mapped_column(String(32), default="")
    value: Mapped[str] = mapped_column(String(32), default="")
    count: Mapped[int] = mapped_column(Integer, default=0)


# What the dashboard asks without naming a day (which comparisons and versions have numbers,
# which sources), answered by one seek per value found instead of a read of every tally. On
# `lower(comparison)`, the slug itself (slugs are lower case), so that only the queries
# written for it use it: on a plain `comparison` column SQLite, which keeps no statistics
# unless asked, would take it for the dashboard's day ranges too and read every day there.
TALLY_BY_COMPARISON = Index("ix_tally_by_comparison", func.lower(Tally.comparison),
                            Tally.quiz_version, Tally.kind, Tally.key)


class StaffMember(Base):
    """A staff account, managed with `flask staff ...`."""

    __tablename__ = "staff_member"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    # Part of the login cookie; replaced at logout so a copied cookie stops working.
    session_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_hex(16))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
