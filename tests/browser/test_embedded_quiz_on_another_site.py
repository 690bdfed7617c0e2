"""The quiz embedded in another site's article, in Chromium with third-party cookies blocked:
`localhost` is another site than `127.0.0.1`. The frame follows each step's height, never
scrolls inside, and the result is stored once with its source (issue 15, "Done when")."""

from __future__ import annotations

import re

import pytest
import requests

from tests.support.answer_sets import HYBRID_LARGE_TEAM
from tests.support.host_site import steps_in_frame
from tests.web.visitor_support import QUIZ, stored_results, tally_rows


@pytest.fixture
def app_config(app_config, host_site):
    return {**app_config, **host_site.settings}


def frame_sizes(page):
    """The iframe's height on the host page, and its document's height and viewport inside."""
    outer = page.locator("iframe").evaluate("el => el.getBoundingClientRect().height")
    inner = page.frames[1].evaluate(
        "() => [document.documentElement.scrollHeight, window.innerHeight]")
    return outer, inner[0], inner[1]


def settled_sizes(page, attempts: int = 40):
    """The frame's sizes once the host has applied the height the frame last reported."""
    for _ in range(attempts):
        outer, content, viewport = frame_sizes(page)
        if abs(outer - content) <= 2:
            return outer, content, viewport
        page.wait_for_timeout(50)
    return frame_sizes(page)


def test_the_quiz_runs_in_a_cross_site_frame_that_fits_each_step(
        cookieless_browser, live_server, live_app, host_site):
    host_site.embed(live_server.url, filler="Lorem ipsum. " * 400)
    context = cookieless_browser.new_context(viewport={"width": 900, "height": 700})
    page = host_site.open(context)
    page.wait_for_selector("iframe")
    page.wait_for_function("() => window.frames.length === 1 && "
                           "document.querySelector('iframe').getBoundingClientRect().height > 0")
    frame = page.frame_locator("iframe")
    heights = []
    for step in steps_in_frame(frame, HYBRID_LARGE_TEAM):
        # The frame reports its height; the host applies it: they agree, with no inner scroll.
        outer, content, viewport = settled_sizes(page)
        assert content <= viewport + 1, (step.id, content, viewport)  # no inner scrollbar
        assert abs(outer - content) <= 2, (step.id, outer, content)  # the frame fits its page
        heights.append(outer)
    assert frame.locator("[data-verdict]").get_attribute("data-verdict") == "hybrid"
    assert "/embed/result/" in page.frames[1].url
    assert len(set(heights)) > 1, heights  # the frame grew and shrank with the steps
    [stored] = stored_results(live_app)
    assert stored.source == "blog"
    assert context.cookies(live_server.url) == []  # nothing was ever set for the app's site
    context.close()


HOSTILE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Win a prize</title>
</head><body><form method="post" action="{app}/embed/quiz/{step}">
<input type="hidden" name="draft" value="{token}"><input type="hidden" name="step" value="{step}">
{answers}<button name="nav" value="next">Claim</button></form></body></html>"""


def test_a_form_on_another_site_cannot_post_into_the_frame(page, live_server, live_app,
                                                           host_site):
    """Issue 18.4: what Chromium really sends on a cross-site POST (`Sec-Fetch-Site:
    cross-site`, the article's `Origin`) is refused with a 403, and nothing is counted."""
    first = QUIZ.steps[0]
    frame_page = requests.get(f"{live_server.url}/embed/quiz?source=blog", timeout=10).text
    token = re.search(r'name="draft" value="([^"]+)"', frame_page).group(1)
    answers = "".join(f'<input type="hidden" name="{q}" value="{HYBRID_LARGE_TEAM[q]}">'
                      for q in QUIZ.asked_in(first, HYBRID_LARGE_TEAM))
    host_site.html = HOSTILE.format(app=live_server.url, step=first.id, token=token,
                                    answers=answers).encode()
    page.goto(f"{host_site.origin}/")
    with page.expect_navigation() as navigation:
        page.click("button")
    assert navigation.value.status == 403
    assert "sent from another site" in page.content()
    assert tally_rows(live_app) == 0
