"""Issue 18.6 and 18.7: in the frame, the embedding page's label travels with every link and
form that starts or resumes an attempt (a publisher's second attempt is still theirs), and a
429 or 503 page keeps the answers: it offers the same request again, with the draft token."""

from __future__ import annotations

import datetime as dt
import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy.exc import OperationalError

from tests.support.answer_sets import NODE_DELIVERY, PYTHON_AI
from tests.web.test_embedded_mode import app_config  # noqa: F401
from tests.web.visitor_support import HTMX, QUIZ, stored_results, tags

SURFACES = ["/embed", "/ne/embed"]


def form_fields(body: bytes, action_ends: str) -> tuple[str, dict[str, str]]:
    """The action and hidden fields of the page's form whose action ends with `action_ends`."""
    text = body.decode()
    found = re.search(rf'<form[^>]*action="([^"]*{re.escape(action_ends)})"', text)
    assert found, (action_ends, text[:2000])
    form = text[found.start():text.index("</form>", found.start())]
    hidden = {t["name"]: t["value"] for t in tags(form.encode(), "input", type="hidden")}
    return html.unescape(found.group(1)), hidden


def answer_steps(client, page, answers, steps, htmx=False):
    """Answer `steps` from `page` with the forms the frame shows; the last response."""
    for step in steps:
        action, hidden = form_fields(page.data, f"/quiz/{step.id}")
        asked = {q: answers[q] for q in QUIZ.asked_in(step, answers)}
        response = client.post(action, data={**hidden, "nav": "next", **asked},
                               headers=HTMX if htmx else {})
        if step == steps[-1]:
            return response
        page = response if htmx else client.get(response.headers["Location"])
    raise AssertionError("no steps")


def query(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query)


def links(body: bytes) -> list[str]:
    return [a["href"] for a in tags(body, "a") if a.get("href")]


# -- 18.6: the label travels ---------------------------------------------------------------


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("prefix", SURFACES)
def test_a_publishers_second_attempt_from_retake_is_counted_for_its_label(app, client, prefix,
                                                                          htmx):
    steps = QUIZ.active_steps(NODE_DELIVERY)
    first = answer_steps(client, client.get(f"{prefix}/quiz?source=blog"), NODE_DELIVERY, steps,
                         htmx)
    result = client.get(first.headers.get("HX-Redirect") or first.headers["Location"])

    action, hidden = form_fields(result.data, "/quiz/restart")  # "Retake the quiz"
    retake = client.post(action, data=hidden)
    assert retake.status_code == 303 and query(retake.headers["Location"])["source"] == ["blog"]
    steps = QUIZ.active_steps(PYTHON_AI)
    answer_steps(client, client.get(retake.headers["Location"]), PYTHON_AI, steps, htmx)
    assert [r.source for r in stored_results(app)] == ["blog", "blog"]


@pytest.mark.parametrize("prefix", SURFACES)
def test_the_expired_token_page_starts_again_with_the_label(app, client, prefix):
    page = client.get(f"{prefix}/quiz?source=newsletter")
    first = QUIZ.steps[0]
    action, hidden = form_fields(page.data, f"/quiz/{first.id}")
    app.permanent_session_lifetime = dt.timedelta(seconds=-1)  # every token is now too old
    expired = client.post(action, data={**hidden, "nav": "next", "project_type": "saas"})
    followed_link = client.get(f"{prefix}/quiz/{first.id}?d={hidden['draft']}&source=newsletter")
    app.permanent_session_lifetime = dt.timedelta(days=1)

    for refused in (expired, followed_link):
        assert refused.status_code == 400
        frame_links = [url for url in links(refused.data) if "/embed" in url]
        assert len(frame_links) == 2  # back to the start, and to the quiz
        for url in frame_links:
            assert query(url) == {"source": ["newsletter"]}, url  # no dead token carried on
    again = client.get(links(expired.data)[-1])
    answer_steps(client, again, NODE_DELIVERY, QUIZ.active_steps(NODE_DELIVERY))
    assert [r.source for r in stored_results(app)] == ["newsletter"]


@pytest.mark.parametrize("prefix", SURFACES)
def test_the_landing_page_in_the_frame_carries_the_draft_and_the_label(client, prefix):
    fresh = client.get(f"{prefix}/?source=blog")
    assert all(query(url) == {"source": ["blog"]} for url in links(fresh.data)
               if "/quiz" in url)
    page = client.get(f"{prefix}/quiz?source=blog")
    first = QUIZ.steps[0]
    action, hidden = form_fields(page.data, f"/quiz/{first.id}")
    back = client.post(action, data={**hidden, "nav": "back", "project_type": "saas"})
    landing = client.get(back.headers["Location"])
    [resume] = [url for url in links(landing.data) if "/quiz" in url]
    assert query(resume)["source"] == ["blog"] and query(resume)["d"]
    # The answer was kept: the quiz resumes at the step after the one answered.
    [shown] = tags(client.get(resume).data, "input", name="step")
    assert shown["value"] == QUIZ.active_steps({"project_type": "saas"})[1].id


# -- 18.7: a 429 or 503 in the frame keeps the answers --------------------------------------


@pytest.fixture
def limited(app_config, build_app):  # noqa: F811 (the embedded mode's settings, then a limit)
    return build_app({**app_config, "RATELIMIT_ENABLED": True,
                      "COMPLETION_RATE_LIMIT": "1 per hour"})


@pytest.mark.parametrize("prefix", SURFACES)
def test_the_429_page_in_the_frame_offers_the_same_finish_again_with_the_answers(limited,
                                                                                 prefix):
    from advisor_web.extensions import limiter
    steps = QUIZ.active_steps(NODE_DELIVERY)
    client = limited.test_client()
    answer_steps(client, client.get(f"{prefix}/quiz?source=blog"), NODE_DELIVERY, steps)
    refused = answer_steps(client, client.get(f"{prefix}/quiz?source=blog"), PYTHON_AI,
                           QUIZ.active_steps(PYTHON_AI))
    assert refused.status_code == 429 and len(stored_results(limited)) == 1

    for url in (u for u in links(refused.data) if "/embed" in u):
        assert query(url)["source"] == ["blog"] and query(url)["d"], url
    action, retry = form_fields(refused.data, f"/quiz/{QUIZ.active_steps(PYTHON_AI)[-1].id}")
    assert retry["draft"] and retry["source"] == "blog" and retry["nav"] == "next"
    with limited.app_context():
        limiter.reset()  # an hour later
    again = client.post(action, data=retry)
    assert again.status_code == 303 and "/result/" in again.headers["Location"]
    second = [r for r in stored_results(limited) if dict(r.answers) == PYTHON_AI]
    assert [r.source for r in second] == ["blog"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("prefix", SURFACES)
def test_the_503_page_in_the_frame_offers_the_same_finish_again(app, client, prefix, htmx,
                                                                monkeypatch):
    from advisor_web.storage import results
    store_one = results.store_one

    def unavailable(*args, **kwargs):
        monkeypatch.setattr(results, "store_one", store_one)  # back after this one failure
        raise OperationalError("INSERT", {}, Exception("database is locked"))

    monkeypatch.setattr(results, "store_one", unavailable)
    steps = QUIZ.active_steps(NODE_DELIVERY)
    failed = answer_steps(client, client.get(f"{prefix}/quiz?source=blog"), NODE_DELIVERY, steps,
                          htmx)
    assert failed.status_code == 503 and stored_results(app) == []
    assert "data-retry" in failed.text

    action, retry = form_fields(failed.data, f"/quiz/{steps[-1].id}")
    again = client.post(action, data=retry)
    assert again.status_code == 303
    [stored] = stored_results(app)
    assert dict(stored.answers) == NODE_DELIVERY and stored.source == "blog"


def test_the_site_error_pages_offer_no_retry_form(client):
    """The site keeps the answers in its cookie; the frame's retry form is the frame's."""
    response = client.get("/no-such-page")
    assert "data-retry" not in response.text
