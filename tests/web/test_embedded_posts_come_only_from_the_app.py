"""Issue 18.4: in the frame, where no cookie and so no CSRF token exists, a POST is accepted only
when the browser says it comes from the app's own pages (`Sec-Fetch-Site`, else `Origin`). A
hostile page cannot make its visitors submit answers, finish quizzes or vote from their own
addresses: it gets a 403 with the page's usual message, in the page's language, and nothing
is stored."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from tests.support.answer_sets import NODE_DELIVERY
from tests.web.test_embedded_mode import Frame, app_config, token_in  # noqa: F401
from tests.web.visitor_support import HTMX, QUIZ, stored_results, tags, tally_rows

REFUSED = "This form was sent from another site, so it was not used and nothing was saved. " \
          "To send it, use the form on this site's own page."
CATALOG = Path(__file__).parents[2] / "advisor_web/translations/ne/LC_MESSAGES/messages.po"

# What a browser sends on a POST another site's page made: refused.
CROSS_SITE = {
    "another site's Origin": {"Origin": "https://hostile.example"},
    "a look-alike host": {"Origin": "http://localhost.hostile.example"},
    "the app's host on another port": {"Origin": "http://localhost:8080"},
    "a sandboxed frame's null Origin": {"Origin": "null"},
    "Sec-Fetch-Site cross-site": {"Sec-Fetch-Site": "cross-site"},
    "Sec-Fetch-Site same-site": {"Sec-Fetch-Site": "same-site"},
    # Sec-Fetch-Site, which no page can set, decides over Origin.
    "cross-site with the app's Origin": {"Sec-Fetch-Site": "cross-site",
                                         "Origin": "http://localhost"},
}
# What the app's own pages (and clients that are not browsers) send: accepted.
SAME_ORIGIN = {
    "Sec-Fetch-Site same-origin": {"Sec-Fetch-Site": "same-origin",
                                   "Origin": "http://localhost"},
    "the app's Origin, from a browser without Sec-Fetch-Site": {"Origin": "http://localhost"},
    "the visitor's own action": {"Sec-Fetch-Site": "none"},
    # Neither header: not a browser, or one too old to send them (security.is_same_origin).
    "neither header": {},
}
SURFACES = ["/embed", "/ne/embed"]


def nepali(message: str) -> str:
    with CATALOG.open("rb") as po:
        return read_po(po)[message].string


def first_step_form(client, prefix: str) -> dict[str, str]:
    page = client.get(f"{prefix}/quiz?source=blog")
    first = QUIZ.steps[0]
    return {"step": first.id, "nav": "next", "draft": token_in(page.data),
            **{q: NODE_DELIVERY[q] for q in QUIZ.asked_in(first, NODE_DELIVERY)}}


@pytest.mark.parametrize("prefix", SURFACES)
@pytest.mark.parametrize("headers", CROSS_SITE.values(), ids=CROSS_SITE.keys())
def test_a_step_posted_from_another_site_is_a_403_and_counts_nothing(app, client, prefix,
                                                                     headers):
    form = first_step_form(client, prefix)
    for extra in ({}, HTMX):
        response = client.post(f"{prefix}/quiz/{form['step']}", data=form,
                               headers={**headers, **extra})
        assert response.status_code == 403
        expected = REFUSED if prefix == "/embed" else nepali(REFUSED)
        assert expected in html.unescape(response.text)
    assert tally_rows(app) == 0


@pytest.mark.parametrize("prefix", SURFACES)
@pytest.mark.parametrize("headers", SAME_ORIGIN.values(), ids=SAME_ORIGIN.keys())
def test_a_step_posted_from_the_frame_itself_is_taken(client, prefix, headers):
    form = first_step_form(client, prefix)
    response = client.post(f"{prefix}/quiz/{form['step']}", data=form, headers=headers)
    assert response.status_code == 303
    assert response.headers["Location"].startswith(f"{prefix}/quiz/")


@pytest.mark.parametrize("prefix", SURFACES)
def test_no_finish_vote_change_or_restart_is_taken_from_another_site(app, client, prefix):
    frame = Frame(client)
    finished = frame.answer_all(NODE_DELIVERY)
    result = finished.headers["Location"].replace("/embed/", f"{prefix}/", 1)
    [stored] = stored_results(app)
    hostile = {"Origin": "https://hostile.example"}

    vote = client.post(f"{result}/feedback", data={"helpful": "yes"}, headers=hostile)
    change = client.post(f"{result}/change", data={"question": "ship_speed"}, headers=hostile)
    restart = client.post(f"{prefix}/quiz/restart", data={"source": "blog"}, headers=hostile)
    assert [r.status_code for r in (vote, change, restart)] == [403, 403, 403]
    [after] = stored_results(app)
    assert after.helpful is None and after.public_id == stored.public_id

    # The last step of a fresh attempt, posted from another site, stores nothing either.
    last = QUIZ.active_steps(NODE_DELIVERY)[-1]
    page = frame.get(f"{prefix}/quiz?source=blog")
    for step in QUIZ.active_steps(NODE_DELIVERY):
        form = {"step": step.id, "nav": "next", "draft": token_in(page.data),
                **{q: NODE_DELIVERY[q] for q in QUIZ.asked_in(step, NODE_DELIVERY)}}
        if step == last:
            refused = client.post(f"{prefix}/quiz/{step.id}", data=form, headers=hostile)
            assert refused.status_code == 403
            break
        page = frame.get(frame.post(f"{prefix}/quiz/{step.id}", data=form).headers["Location"])
    assert len(stored_results(app)) == 1


def test_the_403_page_keeps_the_frame_and_passes_on_nothing_it_was_sent(client):
    form = first_step_form(client, "/embed")
    response = client.post(f"/embed/quiz/{form['step']}", data={**form, "source": "blog"},
                           headers={"Sec-Fetch-Site": "cross-site"})
    assert response.status_code == 403
    assert response.headers["Content-Security-Policy"].endswith(
        "frame-ancestors http://localhost:8765")
    assert tags(response.data, "form") == []
    assert "Set-Cookie" not in response.headers
    # Its links begin afresh: the draft another site sent is not carried on.
    links = [a["href"] for a in tags(response.data, "a") if "/embed/" in a.get("href", "")]
    assert links and all("d=" not in link and "source=blog" in link for link in links)


def test_the_site_keeps_its_csrf_token_and_needs_no_origin(client):
    """The guard is the frame's: the site's forms carry a CSRF token, checked as before."""
    page = client.get("/quiz")
    token = re.search(rb'name="csrf_token" value="([^"]+)"', page.data).group(1).decode()
    first = QUIZ.steps[0]
    form = {"step": first.id, "nav": "next", "csrf_token": token,
            **{q: NODE_DELIVERY[q] for q in QUIZ.asked_in(first, NODE_DELIVERY)}}
    assert client.post(f"/quiz/{first.id}", data=form).status_code == 303
    assert client.post(f"/quiz/{first.id}", data={**form, "csrf_token": "x"}).status_code == 400
