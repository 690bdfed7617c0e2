"""The seam between a consultation request's checks and its storing: `ask` hands back a
NewRequest, and `store_request` stores it only when the view says the address's rate limit
allows another. Refused by the limit, nothing is touched and the visitor's typing is kept."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from werkzeug.datastructures import MultiDict

from advisor_web.visitor.consultation_form import ConsultationForm
from advisor_web.visitor.consultations import (
    PROBLEMS,
    Asking,
    NewRequest,
    Refused,
    make_checks,
    store_request,
)

NOW = dt.datetime(2026, 12, 6, 10, 0, tzinfo=dt.UTC)
RESULT = "r" * 22
CHECKS = make_checks({"SECRET_KEY": "a-secret-key-for-the-unit-tests-only",
                      "CONSULTATION_FORM_HOURS": 1, "CONSULTATION_MIN_SECONDS": 3,
                      "CONSULTATION_POW_MAX_NUMBER": 1000,
                      "CONSULTATION_NO_JS_MIN_SECONDS": 10})


class NoDatabase:
    """A session that fails the test on any use: a refusal must not reach the database."""

    def __getattr__(self, name):
        raise AssertionError(f"the database was used ({name}) for a refused request")


def new_request() -> NewRequest:
    form_token = CHECKS.tokens.make(RESULT, NOW.timestamp() - 60)
    form = ConsultationForm(MultiDict({"name": "Sita Sharma", "email": "sita@example.com",
                                       "message": "A live tracking app.", "consent": "y",
                                       "form_token": form_token}))
    token = CHECKS.tokens.read(form_token, RESULT, NOW.timestamp())
    # The stored result stands in by its id alone: a refusal reads nothing else of it.
    return NewRequest(stored=SimpleNamespace(public_id=RESULT), form=form, token=token,
                      spent=(f"form:{token.nonce}",),
                      asking=Asking(NOW, "en", f"https://advisor.example/result/{RESULT}"))


def test_a_request_over_the_rate_limit_is_refused_with_429_and_stores_nothing():
    reply = store_request(NoDatabase(), CHECKS, new_request(), allowed=False)
    assert isinstance(reply, Refused)
    assert reply.status == 429 and reply.offer.problem == PROBLEMS["limited"][1]


def test_a_request_over_the_rate_limit_keeps_the_typing_and_the_forms_place_in_time():
    new = new_request()
    offer = store_request(NoDatabase(), CHECKS, new, allowed=False).offer
    assert offer.form.name.data == "Sita Sharma" and offer.form.email.data == "sita@example.com"
    assert offer.form.message.data == "A live tracking app."
    # The same token: sent again once the limit allows, the form is not "too fast" anew.
    assert offer.token == new.form.form_token.data
    assert CHECKS.tokens.read(offer.token, RESULT, NOW.timestamp()).nonce == new.token.nonce

