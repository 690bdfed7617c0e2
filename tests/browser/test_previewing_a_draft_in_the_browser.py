"""A staff member previews a draft comparison in Chromium: logs in, opens it from the staff
list of comparisons, walks it with htmx under the preview banner, sees its result and a
what-if, and nothing is stored. The draft is the suite's fixture comparison, copied with
`listed = false`."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_web import db
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from advisor_web.staff import accounts
from tests.browser.test_staff_dashboard_screenshot import PASSWORD, USERNAME, log_in, violations
from tests.support.database import stored_results

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
DRAFT = load_quiz(FIXTURE)
RAINY = {"distance": "far", "fitness": "keen", "weather": "rainy"}  # its combined verdict


@pytest.fixture
def app_config(app_config, tmp_path):
    draft = tmp_path / "commute.toml"
    draft.write_text(FIXTURE.read_text(encoding="utf-8")
                     .replace("\nlisted = true\n", "\nlisted = false\n"), encoding="utf-8")
    return {**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(draft)]}


@pytest.fixture
def staff_server(live_app, live_server):
    with live_app.app_context():
        accounts.create(db.get_session(), USERNAME, PASSWORD)
    return live_server


def test_staff_preview_a_draft_with_htmx_and_nothing_is_stored(quiz_page, staff_server,
                                                               live_app):
    page = quiz_page.page
    site = f"/compare/{DRAFT.slug}"
    assert page.goto(f"{staff_server.url}{site}/quiz").status == 404  # not logged in yet

    log_in(page, staff_server, "/staff/comparisons")
    page.get_by_role("link", name="Preview (English)").click()
    page.wait_for_url(f"{staff_server.url}{site}/")
    banner = page.locator("[data-preview]")
    assert "nothing is stored or counted" in banner.inner_text()

    quiz_page.open(f"{site}/quiz")
    for _ in DRAFT.active_steps(RAINY):
        assert banner.is_visible()  # above every step htmx swaps in
        quiz_page.pick(RAINY)
        quiz_page.next()
    assert page.url == f"{staff_server.url}{site}/preview"
    assert page.locator("[data-verdict]").get_attribute("data-verdict") == "bike_and_bus"
    assert banner.is_visible()
    assert page.locator("[data-share], [data-consultation], [data-download]").count() == 0
    assert violations(page) == []

    flip = page.locator("#flips-title + p + ul a").first
    flip.click()
    page.wait_for_url(f"{staff_server.url}{site}/preview/what-if/**")
    assert banner.is_visible()
    assert page.get_by_role("link", name="Back to your result").is_visible()
    assert stored_results(live_app) == []
