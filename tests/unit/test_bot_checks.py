"""The consultation form's bot checks, without an app: a signed form token that knows its
result and when it was shown, and an ALTCHA proof of work made and verified on the server."""

from __future__ import annotations

import base64
import json
import time

import pytest

from advisor_web.visitor.bot_checks import (
    FORGED,
    POW_FAILED,
    TOO_FAST,
    TOO_OLD,
    FormRefused,
    FormTokens,
    ProofOfWork,
    solve,
)

KEY = "a-secret-key-for-the-unit-tests-only"
NOW = 1_800_000_000.0
RESULT = "r" * 22


def tokens(min_seconds=3, max_seconds=3600) -> FormTokens:
    return FormTokens(KEY, min_seconds, max_seconds)


def reason(call) -> str:
    with pytest.raises(FormRefused) as refused:
        call()
    return refused.value.reason


def test_a_token_read_in_time_gives_its_nonce_and_render_time():
    token = tokens().make(RESULT, NOW)
    read = tokens().read(token, RESULT, NOW + 10)
    assert (read.result_id, read.rendered_at) == (RESULT, NOW) and len(read.nonce) >= 32


def test_every_rendered_form_gets_its_own_nonce():
    first, second = (tokens().read(tokens().make(RESULT, NOW), RESULT, NOW + 10)
                     for _ in range(2))
    assert first.nonce != second.nonce


def test_a_form_sent_sooner_than_a_person_could_is_too_fast():
    assert reason(lambda: tokens().read(tokens().make(RESULT, NOW), RESULT, NOW + 2)) == TOO_FAST


def test_a_form_shown_longer_ago_than_its_lifetime_is_too_old():
    token = tokens().make(RESULT, NOW)
    assert reason(lambda: tokens().read(token, RESULT, NOW + 3601)) == TOO_OLD


@pytest.mark.parametrize("token", ["", "garbage", "eyJyIjoiciJ9.forged"])
def test_a_token_not_made_here_is_forged(token):
    assert reason(lambda: tokens().read(token, RESULT, NOW + 10)) == FORGED


def test_a_token_for_another_result_or_under_another_key_is_forged():
    token = tokens().make("o" * 22, NOW)
    assert reason(lambda: tokens().read(token, RESULT, NOW + 10)) == FORGED
    other_key = FormTokens("another-key-another-key-another-key", 3, 3600).make(RESULT, NOW)
    assert reason(lambda: tokens().read(other_key, RESULT, NOW + 10)) == FORGED


def pow_checks(lifetime=3600) -> ProofOfWork:
    return ProofOfWork(KEY, max_number=200, lifetime_seconds=lifetime)


def test_a_solved_challenge_verifies_and_names_the_key_to_spend_it_under():

    challenge = pow_checks().challenge(time.time())
    spent = pow_checks().verify(solve(challenge))
    assert spent == "pow:" + challenge["challenge"]


def altered(payload: str, **changes) -> str:
    data = {**json.loads(base64.b64decode(payload)), **changes}
    return base64.b64encode(json.dumps(data).encode()).decode()


def test_a_wrong_number_a_foreign_signature_or_garbage_is_refused():

    challenge = pow_checks().challenge(time.time())
    good = solve(challenge)
    number = json.loads(base64.b64decode(good))["number"]
    for payload in (altered(good, number=number + 1), altered(good, signature="0" * 64),
                    altered(good, number="7"), "not base64!", base64.b64encode(b"[]").decode()):
        assert reason(lambda p=payload: pow_checks().verify(p)) == POW_FAILED


def test_an_expired_challenge_is_refused():
    challenge = pow_checks(lifetime=60).challenge(time.time() - 3600)  # made an hour ago
    assert reason(lambda: pow_checks().verify(solve(challenge))) == POW_FAILED


def test_another_servers_challenge_is_refused():

    foreign = ProofOfWork("another-key-another-key-another-key", 200, 3600)
    payload = solve(foreign.challenge(time.time()))
    assert reason(lambda: pow_checks().verify(payload)) == POW_FAILED
