"""Was the advice helpful? Visitors vote on their result with and without JavaScript, change
their vote, and the staff dashboard's numbers follow (issue 13, "Done when")."""

from __future__ import annotations

from sqlalchemy import select

from advisor_web import db
from advisor_web.staff import accounts
from advisor_web.storage.models import StoredResult

USERNAME, PASSWORD = "erin", "Copper-meadow-kettle-71"


def votes(app) -> list[tuple[str | None, str | None]]:
    with app.extensions["advisor_engine"].connect() as connection:
        return sorted(connection.execute(
            select(StoredResult.helpful, StoredResult.building_with)).all(), key=str)


def dashboard_votes(page, server) -> dict[str, str]:
    page.goto(f"{server.url}/staff/")
    if "/staff/login" in page.url:
        page.get_by_label("Username").fill(USERNAME)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{server.url}/staff/")
    return {metric: page.locator(f'[data-metric="{metric}"]').inner_text()
            for metric in ("helpful-yes", "helpful-no")}


def test_votes_with_and_without_javascript_and_a_changed_vote_reach_the_dashboard(
        quiz_page, no_script_quiz, live_server, live_app, browser):
    with live_app.app_context():
        accounts.create(db.get_session(), USERNAME, PASSWORD)

    # With JavaScript: htmx swaps the card for a thank-you, and a second vote replaces the first.
    quiz_page.open("/quiz")
    quiz_page.finish()
    page = quiz_page.page
    result_url = page.url
    feedback = page.locator("form[data-feedback]")
    feedback.locator('button[name="helpful"][value="yes"]').click()
    page.locator("[data-thanks]").wait_for()
    assert page.url == result_url  # swapped in place, no reload
    page.locator('form[data-feedback] input[value="python"]').check()
    page.locator('form[data-feedback] button[name="helpful"][value="no"]').click()
    page.wait_for_function(
        "() => document.querySelector('button[value=no]').getAttribute('aria-pressed') === 'true'")
    assert votes(live_app) == [("no", "python")]

    # Without JavaScript: a plain POST and a 303 back to the result.
    no_script_quiz.open("/quiz")
    no_script_quiz.finish()
    plain = no_script_quiz.page
    plain.locator('form[data-feedback] input[value="node"]').check()
    plain.locator('form[data-feedback] button[name="helpful"][value="yes"]').click()
    plain.wait_for_load_state()
    assert "/result/" in plain.url
    assert plain.locator("#feedback").inner_text().count("saved") >= 1
    assert votes(live_app) == [("no", "python"), ("yes", "node")]

    staff = browser.new_context().new_page()
    assert dashboard_votes(staff, live_server) == {"helpful-yes": "1", "helpful-no": "1"}
    staff.context.close()
