"""What one attempt to deliver an outbox row came to, whatever the channel (webhooks.py,
mail.py); outbox.py records it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Delivered:
    """The destination acknowledged the event."""


@dataclass(frozen=True)
class Retry:
    """The attempt failed in a way that may pass: try again later."""

    error: str


@dataclass(frozen=True)
class Gone:
    """The webhook answered 410 Gone: send it nothing more."""

    error: str


Outcome = Delivered | Retry | Gone
