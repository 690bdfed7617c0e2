"""The suite's three-option fixture comparison, served after the shipped quiz, taken in
Chromium: chosen from the site's landing page and walked with htmx, and embedded in another
site's article by `embed.js` with `data-quiz`."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from tests.browser.test_accessibility import violations
from tests.support.database import stored_results
from tests.support.host_site import steps_in_frame

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
COMMUTE = load_quiz(FIXTURE)
RAINY = {"distance": "far", "fitness": "keen", "weather": "rainy"}  # its combined verdict


@pytest.fixture
def app_config(app_config, host_site):
    return {**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(FIXTURE)],
            **host_site.settings}


def test_a_visitor_picks_the_comparison_on_the_landing_page_and_finishes_it(quiz_page,
                                                                            live_app):
    page = quiz_page.page
    quiz_page.open("/")
    start = page.get_by_role("link", name=f"Start the quiz “{COMMUTE.title}”")
    quiz_page.next(click=start.click)
    assert quiz_page.heading() == COMMUTE.steps[0].title
    assert f"/compare/{COMMUTE.slug}/quiz" in page.url
    quiz_page.finish(RAINY)  # with htmx: each step swapped in place

    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "bike_and_bus"
    headers = page.locator("table#comparison thead th").all_inner_texts()
    assert [h.casefold() for h in headers[2:5]] == ["bus", "bike", "walk"]
    # The score bar draws the third option in its own colour (app.css's .option-3).
    fills = page.locator("svg.scorebar rect").evaluate_all(
        "rects => rects.map(r => getComputedStyle(r).fill)")
    assert len(set(fills)) == 3, fills
    assert fills[2] == "rgb(161, 77, 0)"
    [stored] = stored_results(live_app)
    assert (stored.comparison, stored.verdict) == (COMMUTE.slug, "bike_and_bus")


def test_embed_js_with_data_quiz_frames_the_comparison(page, live_server, live_app,
                                                       host_site):
    host_site.embed(live_server.url, quiz=COMMUTE.slug)
    page.goto(f"{host_site.origin}/")
    frame = page.frame_locator("iframe")
    frame.locator(f'h1:has-text("{COMMUTE.steps[0].title}")').wait_for()
    assert f"/embed/compare/{COMMUTE.slug}/quiz" in page.locator("iframe").get_attribute("src")
    for _step in steps_in_frame(frame, RAINY, quiz=COMMUTE):
        pass
    assert frame.locator("[data-verdict]").get_attribute("data-verdict") == "bike_and_bus"
    [stored] = stored_results(live_app)
    assert (stored.comparison, stored.source) == (COMMUTE.slug, "blog")


def test_embed_js_with_an_unknown_data_quiz_shows_not_found_in_the_frame(page, live_server,
                                                                         host_site):
    host_site.embed(live_server.url, quiz="no-such-quiz")
    page.goto(f"{host_site.origin}/")
    page.wait_for_selector("iframe")
    frame = page.frame_locator("iframe")
    frame.locator("main").wait_for()
    assert "/embed/compare/no-such-quiz/quiz" in page.locator("iframe").get_attribute("src")
    assert frame.locator("h1").first.inner_text() != COMMUTE.steps[0].title
    assert frame.locator("[data-verdict], #step").count() == 0


def test_the_listing_landing_page_and_a_three_option_result_have_no_axe_violations(quiz_page):
    quiz_page.open("/")
    assert violations(quiz_page.page) == []
    quiz_page.open(f"/compare/{COMMUTE.slug}/quiz")
    quiz_page.finish(RAINY)
    assert violations(quiz_page.page) == []
