"""The staff dashboard in Chromium: log in through the form, look at it filled with demo data."""

import datetime as dt
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from advisor_web import db, demo_data
from advisor_web.quiz.loader import default_quiz
from advisor_web.staff import accounts

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"
USERNAME, PASSWORD = "dana", "Teal-lantern-castle-58"
RESULTS, DAYS = 3000, 60
METRICS = ("started", "completed", "verdict-node", "verdict-python", "verdict-hybrid")


@pytest.fixture
def staff_server(live_app, live_server):
    with live_app.app_context():
        session = db.get_session()
        demo_data.fill(session, default_quiz(), RESULTS, DAYS, seed=2025)
        accounts.create(session, USERNAME, PASSWORD)
    return live_server


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} {[n['html'][:80] for n in v['nodes']][:4]}"
            for v in results.response["violations"]]


def log_in(page, server, path="/staff/"):
    """Open `path`, get sent to the login form, log in, and come back to `path`."""
    page.goto(server.url + path)
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(server.url + path)


def test_login_page_has_no_axe_violations(page, staff_server):
    page.goto(f"{staff_server.url}/staff/login")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "staff-login.png")
    assert violations(page) == []


def test_a_failed_login_says_so_without_axe_violations(page, staff_server):
    page.goto(f"{staff_server.url}/staff/login")
    page.get_by_label("Username").fill(USERNAME)
    page.get_by_label("Password").fill("not-the-password-1")
    page.get_by_role("button", name="Log in").click()
    assert page.get_by_role("alert").inner_text() == "Unknown username or wrong password."
    assert violations(page) == []


def test_dashboard_filled_with_demo_data_reads_well(page, staff_server):
    page.set_viewport_size({"width": 1280, "height": 900})
    first_day = dt.datetime.now(dt.UTC).date() - dt.timedelta(days=DAYS - 1)
    log_in(page, staff_server, f"/staff/?from={first_day}")
    for metric in METRICS:
        value = page.locator(f"[data-metric={metric}]")
        assert value.is_visible()
        assert int(value.inner_text().replace(",", "")) > 0
    assert int(page.locator("[data-metric=completed]").inner_text().replace(",", "")) == RESULTS
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / "dashboard-desktop.png", full_page=True)
    assert violations(page) == []

    page.set_viewport_size({"width": 390, "height": 844})
    assert page.locator("[data-metric=completed]").is_visible()
    page.screenshot(path=SCREENSHOTS / "dashboard-phone.png", full_page=True)


def test_filters_swap_the_board_and_keep_the_url(page, staff_server):
    log_in(page, staff_server)
    page.get_by_label("Trend by").select_option("week")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url("**/staff/?*by=week*")
    assert page.get_by_role("heading", name="Quizzes per week").is_visible()
    assert violations(page) == []
