"""Issue 6.5: each attempt is stored exactly once, and counted once in the tallies: after a
double submit, a replayed final request, or ten concurrent copies of the final request."""

import threading

import pytest
import requests

from tests.reliability.reliability_support import (
    EVERY_STEP_ANSWERS,
    answer_all_but_last,
    assert_counted_once,
    post_last_step,
    result_url,
    session_cookie,
    step_form,
    steps_for,
)
from tests.support.servers import LiveServer


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_double_submit_stores_one_result(app, client, htmx):
    token = answer_all_but_last(client)

    first = post_last_step(client, token, htmx=htmx)
    second = post_last_step(client, token, htmx=htmx)

    assert result_url(first) == result_url(second)
    assert_counted_once(app, EVERY_STEP_ANSWERS)


def test_a_replayed_final_request_stores_one_result(app, client):
    """The same request again, cookie and all, as a proxy retry or a resent form sends it."""
    token = answer_all_but_last(client)
    cookie_before_the_last_step = session_cookie(client)
    first = post_last_step(client, token)

    replays = []
    for _ in range(3):
        client.set_cookie("session", cookie_before_the_last_step)
        replays.append(post_last_step(client, token))

    assert {result_url(r) for r in replays} == {result_url(first)}
    assert_counted_once(app, EVERY_STEP_ANSWERS)
    assert client.get(result_url(first)).status_code == 200


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_ten_concurrent_final_requests_store_one_result(app, client, htmx):
    token = answer_all_but_last(client)
    cookie = session_cookie(client)
    last = steps_for(EVERY_STEP_ANSWERS)[-1]
    form = step_form(last, EVERY_STEP_ANSWERS, token)
    headers = {"HX-Request": "true"} if htmx else {}
    start_together = threading.Barrier(10)
    responses, errors = [], []

    def submit(url):
        try:
            start_together.wait(timeout=10)
            responses.append(requests.post(url, data=form, cookies={"session": cookie},
                                           headers=headers, allow_redirects=False, timeout=30))
        except Exception as error:  # reported below, with the others
            errors.append(error)

    with LiveServer(app) as server:
        threads = [threading.Thread(target=submit, args=(f"{server.url}/quiz/{last.id}",))
                   for _ in range(10)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert len(responses) == 10
    assert {r.status_code for r in responses} == ({200} if htmx else {303})
    assert len({result_url(r) for r in responses}) == 1
    assert_counted_once(app, EVERY_STEP_ANSWERS)
