"""Issue 21: a step on a real network. Chromium goes offline mid-quiz, or a proxy answers a
step with a 502, or with something that is not the app's HTML: the step says so in place
([role=alert][data-request-failed], in the page's language), every choice stays as it was,
nothing foreign is swapped in, and pressing the same button again moves on. The same holds in
the embedded frame and for the vote on a result. While a request is on its way the form is
aria-busy and a second tap sends nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
MESSAGE = ("This could not be sent: the connection or the server failed. Your answers are "
           "safe and still chosen here; press the same button to try again.")
PROXY_PAGE = "<html><body><h1>502 Bad Gateway</h1><hr><center>nginx</center></body></html>"
FAILED = "#step [role=alert][data-request-failed]"


@pytest.fixture
def app_config(app_config, host_site):
    """Every app here may be framed by the host site (the frame test needs it)."""
    return {**app_config, **host_site.settings}


def bad_gateway(route):
    """A proxy in front of the app answering every POST with its own 502 page."""
    if route.request.method == "POST":
        route.fulfill(status=502, content_type="text/html", body=PROXY_PAGE)
    else:
        route.continue_()


def message_in(lang: str) -> str:
    if lang == "en":
        return MESSAGE
    with open(ROOT / f"advisor_web/translations/{lang}/LC_MESSAGES/messages.po", "rb") as po:
        return read_po(po)[MESSAGE].string


def checked(scope) -> dict[str, str]:
    return scope.locator("#step input[type=radio]:checked").evaluate_all(
        "inputs => Object.fromEntries(inputs.map(i => [i.name, i.value]))")


def answer_first_step(quiz_page, prefix: str, answers) -> None:
    """Open the quiz and move past the first step through htmx, so the next is swapped in."""
    quiz_page.open(f"{prefix}/quiz")
    quiz_page.pick(answers)
    quiz_page.next()


def assert_failed_in_place(page, lang: str, url: str, choices: dict[str, str]) -> None:
    alert = page.locator(FAILED)
    expect(alert).to_be_visible()
    assert alert.inner_text() == message_in(lang)
    assert page.url == url  # no navigation, nothing swapped
    assert checked(page) == choices
    expect(page.locator("#step form")).not_to_have_attribute("aria-busy", "true")
    expect(page.locator("#step button[value=next]")).to_be_enabled()


@pytest.mark.parametrize(("prefix", "lang"), [("", "en"), ("/ne", "ne")])
def test_offline_mid_quiz_the_step_says_so_keeps_the_choices_and_the_retry_moves_on(
        quiz_page, hybrid_run, prefix, lang):
    page = quiz_page.page
    answer_first_step(quiz_page, prefix, hybrid_run)
    quiz_page.pick(hybrid_run)
    choices, url = checked(page), page.url
    expect(page.locator(FAILED)).to_be_hidden()

    page.context.set_offline(True)
    quiz_page.forward_button().click()
    assert_failed_in_place(page, lang, url, choices)

    page.context.set_offline(False)
    quiz_page.next()
    assert page.url != url
    expect(page.locator(FAILED)).to_be_hidden()


@pytest.mark.parametrize(("prefix", "lang"), [("", "en"), ("/ne", "ne")])
def test_a_502_from_a_proxy_is_never_swapped_in_and_the_retry_moves_on(
        quiz_page, hybrid_run, prefix, lang):
    page = quiz_page.page
    answer_first_step(quiz_page, prefix, hybrid_run)
    quiz_page.pick(hybrid_run)
    choices, url = checked(page), page.url

    page.route("**/quiz/*", bad_gateway)
    quiz_page.forward_button().click()
    assert_failed_in_place(page, lang, url, choices)
    assert "Bad Gateway" not in page.content()

    page.unroute("**/quiz/*", bad_gateway)
    quiz_page.next()
    assert page.url != url
    expect(page.locator(FAILED)).to_be_hidden()


def test_a_response_that_is_not_the_apps_html_is_never_swapped_in(quiz_page, hybrid_run):
    page = quiz_page.page
    answer_first_step(quiz_page, "", hybrid_run)
    quiz_page.pick(hybrid_run)
    choices, url = checked(page), page.url
    page.route("**/quiz/*", lambda route: route.fulfill(
        status=200, content_type="application/json", body='{"portal": "log in to the wifi"}'))
    quiz_page.forward_button().click()
    assert_failed_in_place(page, "en", url, choices)
    assert "portal" not in page.content()


def test_a_5xx_from_the_app_keeps_the_step(quiz_page, hybrid_run, live_server):
    page = quiz_page.page
    answer_first_step(quiz_page, "", hybrid_run)
    quiz_page.pick(hybrid_run)
    choices, url = checked(page), page.url
    # The app's own 503 page (as when the database is down), fetched through the real server.
    def app_unavailable(route):
        if route.request.method != "POST":
            return route.continue_()
        response = route.fetch()
        route.fulfill(status=503, headers={**response.headers}, body=response.body())

    page.route("**/quiz/*", app_unavailable)
    quiz_page.forward_button().click()
    assert_failed_in_place(page, "en", url, choices)


def test_while_a_step_is_on_its_way_the_form_is_busy_and_a_second_tap_sends_nothing(
        quiz_page, hybrid_run):
    page = quiz_page.page
    answer_first_step(quiz_page, "", hybrid_run)
    quiz_page.pick(hybrid_run)
    url = page.url
    held = []
    page.route("**/quiz/*", lambda route: held.append(route)
               if route.request.method == "POST" else route.continue_())
    button = quiz_page.forward_button()
    before = button.bounding_box()
    button.click()
    form = page.locator("#step form")
    expect(form).to_have_attribute("aria-busy", "true")
    expect(button).to_have_attribute("data-pressed", "")
    expect(button).to_be_disabled()
    # The progress mark is drawn over the button after a delay, moving nothing.
    content, position, delay = button.evaluate(
        "b => { const s = getComputedStyle(b, '::after');"
        " return [s.content, s.position, s.animationDelay.split(',')[0]]; }")
    assert (content != "none", position, delay) == (True, "absolute", "0.4s")
    assert button.bounding_box() == before
    quiz_page.forward_button().click(force=True)
    page.keyboard.press("Enter")
    page.wait_for_timeout(200)  # not timing the app: letting a wrong second request appear
    assert len(held) == 1
    held[0].continue_()
    page.wait_for_function("before => location.href !== before", arg=url)
    expect(page.locator("#step form")).not_to_have_attribute("aria-busy", "true")


def test_a_failed_vote_says_so_and_the_retry_is_saved(quiz_page):
    quiz_page.open("/quiz")
    quiz_page.finish()
    page = quiz_page.page
    page.locator('form[data-feedback] input[value="python"]').check()
    page.context.set_offline(True)
    page.locator('form[data-feedback] button[name="helpful"][value="yes"]').click()
    alert = page.locator("#feedback [role=alert][data-request-failed]")
    expect(alert).to_be_visible()
    assert alert.inner_text() == MESSAGE
    expect(page.locator('form[data-feedback] input[value="python"]')).to_be_checked()
    page.context.set_offline(False)
    page.locator('form[data-feedback] button[name="helpful"][value="yes"]').click()
    page.locator("[data-thanks]").wait_for()
    expect(page.locator("#feedback [data-request-failed]")).to_be_hidden()


@pytest.mark.parametrize(("lang_prefix", "lang"), [("", "en"), ("/ne", "ne")])
def test_in_the_embedded_frame_a_502_says_so_and_the_retry_moves_on(
        browser, live_server, live_app, host_site, hybrid_run, lang_prefix, lang):
    host_site.embed(live_server.url, lang="ne" if lang_prefix else None)
    page = host_site.open(browser)
    frame = page.frame_locator("iframe")
    frame.locator(f"html[lang={lang}] #step form").wait_for()
    for name in frame.locator("#step input[type=radio]").evaluate_all(
            "inputs => [...new Set(inputs.map(i => i.name))]"):
        frame.locator(f'#step input[name="{name}"][value="{hybrid_run[name]}"]').check()
    choices = checked(frame)

    page.route("**/embed/quiz/*", bad_gateway)
    frame.locator("#step button[value=next]").click()
    alert = frame.locator(FAILED)
    expect(alert).to_be_visible()
    assert alert.inner_text() == message_in(lang)
    assert checked(frame) == choices
    page.unroute("**/embed/quiz/*", bad_gateway)
    heading = frame.locator("h1").inner_text()
    frame.locator("#step button[value=next]").click()
    expect(frame.locator("h1")).not_to_have_text(heading)
    expect(frame.locator(FAILED)).to_be_hidden()
    page.context.close()


def test_a_failed_dashboard_filter_says_so_and_keeps_the_board(page, live_server, live_app):
    from advisor_web import db
    from advisor_web.staff import accounts

    with live_app.app_context():
        accounts.create(db.get_session(), "erin", "Copper-meadow-kettle-71")
    page.goto(f"{live_server.url}/staff/login")
    page.get_by_label("Username").fill("erin")
    page.get_by_label("Password").fill("Copper-meadow-kettle-71")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{live_server.url}/staff/")
    board = page.locator("#board [data-metric]").all_inner_texts()
    page.route("**/staff/?*", lambda route: route.fulfill(
        status=503, content_type="text/html", body="<h1>503 Service Unavailable</h1>"))
    page.locator("form.filters button[type=submit]").click()
    expect(page.locator("form.filters [role=alert][data-request-failed]")).to_be_visible()
    assert "/staff/?" not in page.url  # nothing pushed: the board did not change
    assert "Service Unavailable" not in page.content()
    assert page.locator("#board [data-metric]").all_inner_texts() == board
