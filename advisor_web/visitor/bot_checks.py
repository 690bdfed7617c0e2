"""What a consultation form must show to be taken from a person rather than a script,
without any third party: a signed form token and a proof of work.

* The form token (`FormTokens`) is signed with the app's key and names the result the form
  is about, a nonce unique to the rendered form, and when it was rendered. A form sent
  sooner than `min_seconds` after it was rendered (no person types a name and an address
  that fast), or later than `max_seconds`, is refused; its nonce makes a double click store
  one request, and is spent once stored, so a replayed form is refused.
* The proof of work is ALTCHA's (the `altcha` library, its v1 scheme): the server makes a
  challenge, SHA-256 of a random salt and a secret number below `max_number`, signed with
  an HMAC; the browser finds the number (static/consultation.js, WebCrypto) and sends it
  back. Each solution costs the sender about max_number / 2 hashes; a solved challenge is
  spent once used (`UsedChallenge`), so one solution cannot carry many forms.

Pure apart from the clock, which every function takes as an argument: no Flask here.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass

import altcha
from itsdangerous import BadSignature, URLSafeSerializer


class FormRefused(ValueError):
    """A form that cannot be taken: `reason` is one of the REASONS below."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


FORGED = "forged"  # the token does not verify, or names another result
TOO_FAST = "too_fast"
TOO_OLD = "too_old"
POW_FAILED = "pow_failed"  # a proof of work that does not verify or has expired


@dataclass(frozen=True)
class FormToken:
    """What a verified form token says."""

    result_id: str
    nonce: str
    rendered_at: float  # epoch seconds


class FormTokens:
    """Makes and reads the signed token each rendered consultation form carries."""

    def __init__(self, secret_key: str, min_seconds: int, max_seconds: int):
        self.serializer = URLSafeSerializer(secret_key, salt="advisor-consultation-form")
        self.min_seconds = min_seconds
        self.max_seconds = max_seconds

    def make(self, result_id: str, now: float) -> str:
        return self.serializer.dumps({"r": result_id, "n": secrets.token_urlsafe(24),
                                      "t": int(now)})

    def read(self, token: str, result_id: str, now: float) -> FormToken:
        """The token's content when it is genuine, for `result_id`, and sent neither too soon
        nor too late after rendering; else FormRefused."""
        try:
            data = self.serializer.loads(token or "")
        except BadSignature:
            raise FormRefused(FORGED) from None
        if not (isinstance(data, dict) and data.get("r") == result_id
                and isinstance(data.get("n"), str) and isinstance(data.get("t"), int)):
            raise FormRefused(FORGED)
        age = now - data["t"]
        if age < self.min_seconds:
            raise FormRefused(TOO_FAST)
        if age > self.max_seconds:
            raise FormRefused(TOO_OLD)
        return FormToken(result_id, data["n"], data["t"])


class ProofOfWork:
    """ALTCHA challenges: made for each rendered form, verified when it is sent."""

    def __init__(self, secret_key: str, max_number: int, lifetime_seconds: int):
        # A key of its own, derived from the app's: a leaked challenge signature tells
        # nothing about the key that signs sessions.
        self.hmac_key = hmac.new(secret_key.encode(), b"advisor-altcha",
                                 hashlib.sha256).hexdigest()
        self.max_number = max_number
        self.lifetime_seconds = lifetime_seconds

    def challenge(self, now: float) -> dict:
        """A fresh challenge as the browser's script reads it (algorithm, challenge, salt,
        maxNumber, signature); it expires with the form."""
        expires = dt.datetime.fromtimestamp(now + self.lifetime_seconds, dt.UTC)
        made = altcha.create_challenge_v1(hmac_key=self.hmac_key, max_number=self.max_number,
                                          expires=expires)
        return made.to_dict()

    def verify(self, payload: str) -> str:
        """The challenge a solution `payload` (base64 JSON, as the script sends it) solves,
        when it verifies and has not expired: the key to spend it under. Else FormRefused."""
        try:
            data = json.loads(base64.b64decode(payload, validate=True))
        except (binascii.Error, ValueError):
            raise FormRefused(POW_FAILED) from None
        if not isinstance(data, dict) or not isinstance(data.get("number"), int) \
                or not all(isinstance(data.get(k), str)
                           for k in ("algorithm", "challenge", "salt", "signature")):
            raise FormRefused(POW_FAILED)
        verified, _error = altcha.verify_solution_v1(data, self.hmac_key, check_expires=True)
        if not verified or data["algorithm"] != "SHA-256":
            raise FormRefused(POW_FAILED)
        return "pow:" + data["challenge"]


def solve(challenge: dict) -> str:
    """A solution to `challenge`, as the browser's script would send it (tests and
    benchmarks post forms without a browser)."""
    solution = altcha.solve_challenge_v1(challenge["challenge"], challenge["salt"],
                                         challenge["algorithm"], challenge["maxNumber"])
    payload = {"algorithm": challenge["algorithm"], "challenge": challenge["challenge"],
               "number": solution.number, "salt": challenge["salt"],
               "signature": challenge["signature"]}
    return base64.b64encode(json.dumps(payload).encode()).decode()
