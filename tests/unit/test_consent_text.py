"""The consent text and its version change together: a request records the version it was
given under, so the words of a version already recorded must never change."""

from __future__ import annotations

import hashlib

from flask import Flask
from flask_babel import Babel

from advisor_web.visitor.consultation_form import CONSENT_VERSION, consent_text

# Each version's English text (both plural forms), by SHA-256. Changing the text: bump
# CONSENT_VERSION and add the new pair here; never edit a line already here.
KNOWN_TEXTS = {
    "2026-12-1": "17110cde3c757a923422079575d6aca38ef4f2baf6695290fb3a6bb773013d2d",
}


def english_consent() -> str:
    app = Flask(__name__)
    Babel(app)
    with app.test_request_context():
        return consent_text("{publisher}", 1) + "\n" + consent_text("{publisher}", 2)


def test_the_consent_text_is_the_one_recorded_for_its_version():
    digest = hashlib.sha256(english_consent().encode()).hexdigest()
    assert KNOWN_TEXTS.get(CONSENT_VERSION) == digest, (
        "the consent text changed: give it a new CONSENT_VERSION and record it here")


def test_the_consent_text_says_what_with_whom_why_and_how_long():
    text = english_consent()
    for words in ("contact details", "this result", "{publisher}", "to answer my request",
                  "at most 2 days", "withdraw"):
        assert words in text
