"""The embedded mode (issue 15): the quiz in another site's iframe, with no cookie at all —
the draft travels in the page as a signed, expiring token — framed only by EMBED_ORIGINS."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from tests.support.answer_sets import HYBRID_LARGE_TEAM, NODE_DELIVERY
from tests.support.quiz_runner import walk
from tests.web.visitor_support import stored_results, tags

ORIGIN = "http://localhost:8765"


@pytest.fixture
def app_config(app_config):
    return {**app_config, "EMBED_ORIGINS": [ORIGIN], "EMBED_SOURCES": ["blog", "newsletter"]}


def token_in(body: bytes) -> str:
    found = re.search(rb'name="draft" value="([^"]+)"', body)
    assert found, body[:300]
    return found.group(1).decode()


class Frame:
    """A visitor inside the iframe: every response is checked for cookies as it comes."""

    def __init__(self, client):
        self.client = client
        self.responses = []

    def get(self, url, **kw):
        response = self.client.get(url, **kw)
        self.responses.append(response)
        return response

    def post(self, url, **kw):
        response = self.client.post(url, **kw)
        self.responses.append(response)
        return response

    def answer_all(self, answers, source="blog", htmx=False):
        _, last = walk(self, answers, prefix="/embed", query=f"?source={source}", htmx=htmx)
        return last


def result_location(response) -> str:
    return response.headers.get("HX-Redirect") or response.headers["Location"]


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_the_whole_quiz_runs_in_the_frame_without_a_single_cookie(app, client, htmx):
    frame = Frame(client)
    finished = frame.answer_all(HYBRID_LARGE_TEAM, htmx=htmx)
    url = result_location(finished)
    assert url.startswith("/embed/result/")
    result = frame.get(url)
    assert b'data-verdict="hybrid"' in result.data
    assert all("Set-Cookie" not in r.headers for r in frame.responses)
    assert client.get_cookie("session") is None
    [stored] = stored_results(app)
    assert stored.source == "blog" and url.endswith(stored.public_id)


def test_every_url_the_frame_visits_or_pushes_stays_under_embed(client):
    frame = Frame(client)
    frame.answer_all(NODE_DELIVERY, htmx=True)
    pushed = [r.headers["HX-Push-Url"] for r in frame.responses if "HX-Push-Url" in r.headers]
    assert pushed and all(url.startswith("/embed/quiz/") for url in pushed)
    links = [value for r in frame.responses for tag in tags(r.data)
             for key, value in tag.items() if key in ("href", "action", "hx-post") and value]
    # The frame's own pages, in either language, and the app's assets.
    assert links and all(re.match(r"(http://localhost)?(/ne)?/embed/|/static/", link)
                         for link in links), links


def test_only_the_embedding_sites_may_frame_the_embedded_pages(client):
    framed = client.get("/embed/quiz?source=blog")
    assert framed.headers["Content-Security-Policy"].endswith(f"frame-ancestors {ORIGIN}")
    assert "X-Frame-Options" not in framed.headers
    for path in ("/", "/quiz", "/staff/login"):
        page = client.get(path)
        assert page.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
        assert page.headers["X-Frame-Options"] == "DENY"


def test_a_finish_posted_twice_with_the_same_token_stores_once(app, client):
    from advisor_web.quiz.loader import default_quiz
    quiz = default_quiz()
    frame = Frame(client)
    page = frame.get("/embed/quiz?source=newsletter")
    steps = quiz.active_steps(NODE_DELIVERY)
    for step in steps:
        form = {"step": step.id, "nav": "next", "draft": token_in(page.data),
                **{q: NODE_DELIVERY[q] for q in quiz.asked_in(step, NODE_DELIVERY)}}
        first = frame.post(f"/embed/quiz/{step.id}", data=form)
        if step != steps[-1]:
            page = frame.get(first.headers["Location"])
    again = frame.post(f"/embed/quiz/{steps[-1].id}", data=form)
    assert again.headers["Location"] == first.headers["Location"]
    assert [r.source for r in stored_results(app)] == ["newsletter"]


def test_an_unlisted_label_is_recorded_as_other(app, client):
    Frame(client).answer_all(NODE_DELIVERY, source="someone-elses-site")
    assert [r.source for r in stored_results(app)] == ["other"]


@pytest.mark.parametrize("label", ["<script>alert(1)</script>", "x" * 10_000, "a b"])
def test_a_malformed_source_label_is_a_400(app, client, label):
    response = client.get("/embed/quiz", query_string={"source": label})
    assert response.status_code == 400
    assert b"at most 32 letters, digits or dashes" in response.data
    assert stored_results(app) == []


def tampered(token: str) -> str:
    middle = len(token) // 2
    return token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]


def test_a_forged_or_expired_token_is_refused_and_nothing_is_stored(app, client):
    page = client.get("/embed/quiz?source=blog")
    form = {"step": "project", "nav": "next", "project_type": "saas"}
    for token in (tampered(token_in(page.data)), "not-a-token", token_in(page.data) + "x"):
        response = client.post("/embed/quiz/project", data={**form, "draft": token})
        assert response.status_code == 400
        assert b"expired or was altered" in response.data
    app.permanent_session_lifetime = dt.timedelta(seconds=-1)  # every token is now too old
    expired = client.post("/embed/quiz/project", data={**form, "draft": token_in(page.data)})
    assert expired.status_code == 400
    assert stored_results(app) == []
    assert client.get_cookie("session") is None


def test_the_completion_limit_still_applies_in_the_frame(app_config, build_app):
    app = build_app({**app_config, "RATELIMIT_ENABLED": True,
                     "COMPLETION_RATE_LIMIT": "1 per hour"})
    first = Frame(app.test_client()).answer_all(NODE_DELIVERY)
    assert first.status_code == 303
    second = Frame(app.test_client()).answer_all(NODE_DELIVERY)
    assert second.status_code == 429
    assert len(stored_results(app)) == 1


def test_the_snippet_script_is_served_small_and_names_its_own_origin(client):
    script = client.get("/embed.js")
    assert script.status_code == 200
    assert script.mimetype == "text/javascript"
    assert "Set-Cookie" not in script.headers
    assert b"postMessage" not in script.data or b"event.origin !== app" in script.data
    assert b"event.origin !== app" in script.data


def test_without_embed_origins_there_is_no_embedded_mode(app_config, build_app):
    client = build_app({**app_config, "EMBED_ORIGINS": []}).test_client()
    assert client.get("/embed/quiz").status_code == 404
    assert client.get("/embed.js").status_code == 404


def test_staff_see_both_snippets_ready_to_copy(app, client):
    from tests.web.staff_support import create_staff, log_in
    create_staff(app)
    log_in(client)
    page = client.get("/staff/embed")
    assert page.status_code == 200
    snippets = {t["data-snippet"] for t in tags(page.data, "code") if t.get("data-snippet")}
    assert snippets == {"script", "iframe"}
    assert b"/embed.js&#34; data-source=&#34;blog&#34; async" in page.data \
        or b'/embed.js" data-source="blog" async' in page.data.replace(b"&#34;", b'"')
