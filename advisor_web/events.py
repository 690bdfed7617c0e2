"""The events sent to the publisher's systems, as pydantic models: `outbox.announce` checks an
event's data against its model before queuing it, the staff mail is written from it, and the
OpenAPI document's `webhooks` section is generated from it, so the three cannot disagree.

Every event is `{"type": ..., "timestamp": ..., "data": ...}` (the Standard Webhooks payload
shape); `data` is one of the models below, by type.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

REQUESTED = "consultation.requested"
WITHDRAWN = "consultation.withdrawn"


class _Closed(BaseModel):
    # A field the sender starts writing must be added here too, or `announce` refuses it: the
    # published payload is exactly what receivers get.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Consent(_Closed):
    """What the visitor agreed to, and when."""

    version: str = Field(description="The version of the consent text the visitor ticked.")
    given_at: AwareDatetime = Field(description="When the request was sent (ISO 8601, UTC).")


class AttachedResult(_Closed):
    """The quiz result the visitor attached to the request."""

    id: str = Field(description="The result's public id.")
    url: str = Field(description="The result's permalink (absolute URL).")
    comparison: str = Field(description="The comparison's slug, e.g. node-vs-python.")
    quiz_version: str
    verdict: str = Field(description="The verdict's id, e.g. node, python or hybrid.")
    answers: dict[str, str] = Field(description="The answers: question id -> choice id.")


class ConsultationRequested(_Closed):
    """A visitor asked the publisher for a consultation about their result."""

    model_config = ConfigDict(title="ConsultationRequested")

    request_id: str = Field(description="The request's id; a later withdrawal names it.")
    name: str = Field(min_length=1)
    # Checked by the form that took it; here only its shape, for the document.
    email: str = Field(pattern=r"^[^@\s]+@[^@\s]+$")
    company: str | None = None
    message: str | None = Field(default=None, max_length=2000)
    language: Literal["en", "ne"] = Field(description="The language the visitor used.")
    consent: Consent
    result: AttachedResult


class ConsultationWithdrawn(_Closed):
    """The visitor withdrew a request: delete what you hold about it."""

    model_config = ConfigDict(title="ConsultationWithdrawn")

    request_id: str = Field(description="The id of the withdrawn request.")


class ConsultationRequestedEvent(_Closed):
    """The body of a `consultation.requested` delivery."""

    model_config = ConfigDict(title="ConsultationRequestedEvent")

    type: Literal["consultation.requested"]
    timestamp: AwareDatetime = Field(description="When the event happened (ISO 8601, UTC).")
    data: ConsultationRequested


class ConsultationWithdrawnEvent(_Closed):
    """The body of a `consultation.withdrawn` delivery."""

    model_config = ConfigDict(title="ConsultationWithdrawnEvent")

    type: Literal["consultation.withdrawn"]
    timestamp: AwareDatetime = Field(description="When the event happened (ISO 8601, UTC).")
    data: ConsultationWithdrawn


# The data model of each event type, and the model of the whole body delivered.
DATA = {REQUESTED: ConsultationRequested, WITHDRAWN: ConsultationWithdrawn}
BODIES = {REQUESTED: ConsultationRequestedEvent, WITHDRAWN: ConsultationWithdrawnEvent}


def event(event_type: str, data: dict, timestamp: dt.datetime) -> dict:
    """The event as JSON-ready values; a ValueError (pydantic's ValidationError) when `data`
    does not fit `event_type`'s model, a KeyError naming an unknown type."""
    if event_type not in DATA:
        raise KeyError(f"unknown event type {event_type!r}: one of {', '.join(DATA)}")
    checked = DATA[event_type].model_validate(data)
    return {"type": event_type,
            "timestamp": timestamp.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
            "data": checked.model_dump(mode="json")}
