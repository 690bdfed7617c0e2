"""Issue 21: a result's [data-share] button. It opens the system share sheet where there is one;
else it copies the permalink and says so, visibly and to a screen reader (a live region); when
the clipboard is refused, the link is shown selected, to copy by hand. Without JavaScript there
is no button at all: nothing is shown that could not work."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import QuizPage

NO_SHARE_SHEET = "delete Navigator.prototype.share;"  # as on desktop Chromium for Linux
SHARE_SHEET = "navigator.share = async (data) => { window.sharedWith = data; };"


@pytest.fixture
def result_in(browser, live_server):
    """A result page in a new context with the given permissions and init script."""
    contexts = []

    def open_result(permissions=(), script=NO_SHARE_SHEET, prefix=""):
        context = browser.new_context(permissions=list(permissions))
        contexts.append(context)
        context.add_init_script(script)
        page = context.new_page()
        page.set_default_timeout(10_000)
        quiz = QuizPage(page, live_server)
        quiz.open(f"{prefix}/quiz")
        quiz.finish()
        return page

    yield open_result
    for context in contexts:
        context.close()


def test_with_the_clipboard_allowed_the_link_is_copied_and_that_is_announced(result_in):
    page = result_in(permissions=["clipboard-read", "clipboard-write"])
    page.locator("[data-share]").click()
    status = page.locator("[data-share-status]")
    expect(status).to_have_text("Link copied: paste it wherever your team talks.")
    assert status.get_attribute("role") == "status"
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    expect(page.locator("[data-share-link]")).to_be_hidden()


def test_with_the_clipboard_refused_the_link_is_shown_selected(result_in):
    page = result_in(script=NO_SHARE_SHEET + """
        navigator.clipboard.writeText = () =>
            Promise.reject(new DOMException("Write permission denied.", "NotAllowedError"));""")
    page.locator("[data-share]").click()
    link = page.locator("[data-share-link]")
    expect(link).to_be_visible()
    expect(link).to_be_focused()
    assert link.input_value() == page.url
    assert link.evaluate("el => [el.selectionStart, el.selectionEnd]") == [0, len(page.url)]
    expect(page.locator("[data-share-status]")).to_have_text(
        "Copying is not allowed here: the link is selected below, copy it by hand.")


def test_where_there_is_a_share_sheet_it_gets_the_permalink(result_in):
    page = result_in(script=SHARE_SHEET)
    page.locator("[data-share]").click()
    page.wait_for_function("() => window.sharedWith !== undefined")
    shared = page.evaluate("window.sharedWith")
    assert shared["url"] == page.url
    assert shared["title"]


def test_in_nepali_the_feedback_is_nepali(result_in):
    page = result_in(permissions=["clipboard-read", "clipboard-write"], prefix="/ne")
    page.locator("[data-share]").click()
    status = page.locator("[data-share-status]")
    expect(status).not_to_be_empty()
    text = status.inner_text()
    assert "Link copied" not in text and any("\u0900" <= ch <= "\u097f" for ch in text)
    assert page.evaluate("navigator.clipboard.readText()") == page.url
    assert "/ne/result/" in page.url


def test_without_javascript_there_is_no_share_button(no_script_quiz):
    no_script_quiz.open("/quiz")
    no_script_quiz.finish()
    expect(no_script_quiz.page.locator("[data-share]")).to_be_hidden()
    expect(no_script_quiz.page.locator("[data-share-area]")).to_be_hidden()
