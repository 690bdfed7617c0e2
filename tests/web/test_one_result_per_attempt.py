"""Issue 18.3 and 18.5: one attempt makes at most one result, whatever its last step is
retried with; and the result's id cannot be read from anything a visitor sees before
finishing (the draft cookie and the embed token are signed, not encrypted)."""

from __future__ import annotations

import datetime as dt
import html
import re
import threading
import zlib
from urllib.parse import parse_qs, urlsplit

import pytest
import requests
from itsdangerous.encoding import base64_decode

from advisor_web.visitor.attempts import ALREADY_FINISHED
from tests.support.answer_sets import NODE_DELIVERY
from tests.support.servers import LiveServer
from tests.web.test_embedded_mode import app_config, token_in  # noqa: F401
from tests.web.test_embedded_posts_come_only_from_the_app import nepali
from tests.web.visitor_support import HTMX, QUIZ, stored_results, tags, tally

STEPS = QUIZ.active_steps(NODE_DELIVERY)
LAST = STEPS[-1]
SURFACES = ["/embed", "/ne/embed"]


def step_form(step, answers, token=None, csrf=None) -> dict[str, str]:
    form = {"step": step.id, "nav": "next",
            **{q: answers[q] for q in QUIZ.asked_in(step, answers)}}
    if token:
        form["draft"] = token
    if csrf:
        form["csrf_token"] = csrf
    return form


def changed_last_answers() -> list[dict[str, str]]:
    """NODE_DELIVERY with the last step answered each other way it can be."""
    question = QUIZ.asked_in(LAST, NODE_DELIVERY)[0]
    return [{**NODE_DELIVERY, question: choice.id} for choice in QUIZ.question(question).choices
            if choice.id != NODE_DELIVERY[question]]


def last_step_token(client, prefix: str) -> str:
    """Answer every step but the last in the frame; the token the last step's page holds."""
    page = client.get(f"{prefix}/quiz?source=blog")
    for step in STEPS[:-1]:
        moved = client.post(f"{prefix}/quiz/{step.id}",
                            data=step_form(step, NODE_DELIVERY, token_in(page.data)))
        page = client.get(moved.headers["Location"])
    return token_in(page.data)


def path_of(response) -> str:
    return urlsplit(response.headers.get("HX-Redirect") or response.headers["Location"]).path


# -- 18.3: a stale token makes no new results ---------------------------------------------


@pytest.mark.parametrize("prefix", SURFACES)
def test_a_stale_token_retried_with_changed_answers_lands_on_its_one_result(app, client,
                                                                           prefix):
    token = last_step_token(client, prefix)
    first = client.post(f"{prefix}/quiz/{LAST.id}", data=step_form(LAST, NODE_DELIVERY, token))
    assert first.status_code == 303 and path_of(first).startswith(f"{prefix}/result/")

    retries = [client.post(f"{prefix}/quiz/{LAST.id}", data=step_form(LAST, answers, token),
                           headers=HTMX if n % 2 else {})
               for n, answers in enumerate(changed_last_answers() * 2)]
    assert len(retries) >= 4
    assert {path_of(r) for r in retries} == {path_of(first)}
    [stored] = stored_results(app)
    assert dict(stored.answers) == NODE_DELIVERY and stored.source == "blog"
    assert tally(app, "completed") == 1
    # The frame says why the result shows other answers than the ones just sent.
    told = client.get(retries[0].headers["Location"])
    message = ALREADY_FINISHED if prefix == "/embed" else nepali(ALREADY_FINISHED)
    assert told.status_code == 200 and message in html.unescape(told.text)


@pytest.mark.parametrize("prefix", SURFACES)
def test_concurrent_retries_of_one_token_with_changed_answers_store_one_result(app, client,
                                                                              prefix):
    token = last_step_token(client, prefix)
    answer_sets = [NODE_DELIVERY, *changed_last_answers()] * 2
    start_together = threading.Barrier(len(answer_sets))
    responses, errors = [], []

    def submit(url, answers):
        try:
            start_together.wait(timeout=10)
            responses.append(requests.post(url, data=step_form(LAST, answers, token),
                                           allow_redirects=False, timeout=30))
        except Exception as error:  # reported below, with the others
            errors.append(error)

    with LiveServer(app) as server:
        threads = [threading.Thread(target=submit, args=(f"{server.url}{prefix}/quiz/{LAST.id}",
                                                         answers))
                   for answers in answer_sets]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert errors == []
    assert [r.status_code for r in responses] == [303] * len(answer_sets)
    assert len({path_of(r) for r in responses}) == 1
    assert len(stored_results(app)) == 1 and tally(app, "completed") == 1


def test_a_finished_cookie_replayed_with_changed_answers_makes_one_new_result(app, client):
    """A change after finishing begins the next attempt: the same one however often the
    finished draft is replayed, so it too lands on one result."""
    page = client.get("/quiz")
    for step in STEPS:
        csrf = tags(page.data, "input", name="csrf_token")[0]["value"]
        moved = client.post(f"/quiz/{step.id}", data=step_form(step, NODE_DELIVERY, csrf=csrf))
        if step != LAST:
            page = client.get(moved.headers["Location"])
    finished = client.get_cookie("session").value

    landed = set()
    for answers in changed_last_answers() * 2:
        client.set_cookie("session", finished)
        landed.add(path_of(client.post(f"/quiz/{LAST.id}",
                                       data=step_form(LAST, answers, csrf=csrf))))
    assert len(landed) == 1 and landed != {path_of(moved)}
    assert len(stored_results(app)) == 2


# -- 18.5: nothing before the result gives its id away --------------------------------------


def decoded(token: str) -> bytes:
    """The payload of an itsdangerous token or Flask session cookie, as anyone can read it."""
    payload = token.split(".")[1] if token.startswith(".") else token.split(".")[0]
    data = base64_decode(payload)
    return zlib.decompress(data) if token.startswith(".") else data


def tokens_in(response) -> list[str]:
    """Every draft a response hands the visitor: hidden fields, `d` in URLs, the cookie."""
    found = [t["value"] for t in tags(response.data, "input", name="draft")]
    for header in ("Location", "HX-Push-Url", "HX-Redirect"):
        found += parse_qs(urlsplit(response.headers.get(header, "")).query).get("d", [])
    for cookie in response.headers.getlist("Set-Cookie"):
        if cookie.startswith("session="):
            found.append(cookie.split(";")[0].removeprefix("session="))
    return found


def run_quiz(client, prefix: str, htmx: bool):
    """Every response up to (not including) the last step's, and the last step's."""
    seen = [client.get(f"{prefix}/quiz?source=blog")]
    for step in STEPS:
        page = seen[-1]
        token = token_in(page.data) if "embed" in prefix else None
        csrf = None if token else tags(page.data, "input", name="csrf_token")[0]["value"]
        response = client.post(f"{prefix}/quiz/{step.id}",
                               data=step_form(step, NODE_DELIVERY, token, csrf),
                               headers=HTMX if htmx else {})
        if step == LAST:
            return seen, response
        seen.append(response)
        if not htmx:
            seen.append(client.get(response.headers["Location"]))
    raise AssertionError("unreachable")


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("prefix", ["", "/ne", "/embed", "/ne/embed"])
def test_no_draft_before_the_result_holds_the_results_id_in_any_form(app, client, prefix,
                                                                     htmx):
    before, finish = run_quiz(client, prefix, htmx)
    public_id = path_of(finish).rsplit("/", 1)[-1]
    [stored] = stored_results(app)
    assert stored.public_id == public_id

    drafts = [decoded(t) for r in before for t in tokens_in(r)]
    assert drafts, "the visitor was handed no draft at all"
    attempt = re.search(rb'"id":"([^"]+)"', drafts[-1]).group(1).decode()
    for draft in drafts:
        assert public_id.encode() not in draft
        assert base64_decode(public_id) not in draft  # nor its bytes
    assert attempt != public_id  # the draft's attempt id is not the result's id
    # Nor does any page, header or URL before the finish show it.
    for response in before:
        assert public_id.encode() not in response.data
        assert public_id not in str(response.headers)


@pytest.mark.parametrize("prefix", ["", "/ne"])
def test_the_landing_page_leads_back_to_the_last_result(client, prefix):
    _, finish = run_quiz(client, prefix, htmx=False)
    [last] = [a for a in tags(client.get(f"{prefix}/").data, "a")
              if "/result/" in (a.get("href") or "")]
    assert last["href"] == path_of(finish)


def test_a_result_stored_before_keeps_its_id(app, client):
    """Results stored under their attempt's id (before issue 18) are found as before."""
    from advisor_web import db
    from advisor_web.quiz.scoring import score
    from advisor_web.storage import results
    from tests.support.database import DEFAULT_COMPARISON
    old_id = "Zx3uS1AC5ra2Ww5xG7I5qiSl"
    with app.app_context():
        outcome = score(QUIZ, NODE_DELIVERY)
        results.store_one(db.get_session(), DEFAULT_COMPARISON,
                          results.Finished(old_id, outcome, dt.date.today()))
    assert client.get(f"/result/{old_id}").status_code == 200
