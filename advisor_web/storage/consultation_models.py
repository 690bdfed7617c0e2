"""Tables of consultation requests: the requests themselves, and the proof-of-work
challenges and forms already used (so that a replayed form is refused)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from .models import Base


class ConsultationRequest(Base):
    """A visitor's request for a consultation about one of their results.

    It holds what the visitor typed, the consent they gave (its text's version, and when),
    and the result they chose to attach: it points at the result, never the reverse, so the
    anonymous result gains no link to a person. No address, no user agent.
    """

    __tablename__ = "consultation_request"

    # Random, like a result's id: a sequential one would tell how many requests there are.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    # Not a foreign key: purging results (`results purge`) and purging requests
    # (`consultations purge`) each keep their own time; the staff list says when a
    # request's result is gone.
    result_id: Mapped[str] = mapped_column(String(32), index=True)
    name: Mapped[str] = mapped_column(String(200))
    email: Mapped[str] = mapped_column(String(254), index=True)
    company: Mapped[str | None] = mapped_column(String(200))
    message: Mapped[str | None] = mapped_column(Text)
    consent_version: Mapped[str] = mapped_column(String(16))
    consent_given_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    source: Mapped[str] = mapped_column(String(32))
    # "new", "answered" or "closed": set by staff.
    status: Mapped[str] = mapped_column(String(16), default="new", server_default="new")
    # The nonce of the rendered form it came from: a double click posts the same one.
    form_nonce: Mapped[str] = mapped_column(String(64), unique=True)


class UsedChallenge(Base):
    """A proof-of-work challenge or a form nonce already spent, kept until it would have
    expired anyway: a form replayed after its request was withdrawn, or one solution sent
    with several forms, is refused."""

    __tablename__ = "used_challenge"

    key: Mapped[str] = mapped_column(String(160), primary_key=True)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), index=True)
