"""What the privacy page states, worked out from the settings, so that the page cannot say
something other than what the app does: what is kept, who receives it, and for how long."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit


@dataclass(frozen=True)
class PrivacyFacts:
    result_days: int | None  # None: results are kept until someone deletes them
    consultations: bool  # the form is offered
    request_days: int
    publisher: str | None  # None: the page says "the publisher of this site"
    webhook_hosts: tuple[str, ...]  # the publisher's systems a request is sent to
    mail: bool  # a request is also emailed to the publisher's staff
    embedding: bool  # the quiz may be shown inside other sites' pages


def privacy_facts(config: Mapping) -> PrivacyFacts:
    """The facts for the privacy page, from the app's settings."""
    hosts = tuple(dict.fromkeys(urlsplit(url).hostname or url
                                for url in _words(config.get("WEBHOOK_URLS"))))
    return PrivacyFacts(
        result_days=config.get("RESULT_RETENTION_DAYS") or None,
        consultations=bool(config.get("CONSULTATIONS")),
        request_days=config["CONSULTATION_RETENTION_DAYS"],
        publisher=config.get("PUBLISHER_NAME"),
        webhook_hosts=hosts,
        mail=bool(config.get("MAIL_URL") and _words(config.get("MAIL_TO"))),
        embedding=bool(config.get("EMBED_ORIGINS")),
    )


def _words(value) -> list[str]:
    """A space-separated setting, read either as given in the environment or as a list."""
    if not value:
        return []
    return value.split() if isinstance(value, str) else list(value)
