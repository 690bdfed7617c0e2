"""Screenshots of the result page at phone and desktop widths, for a person to look at."""

from pathlib import Path

import pytest

SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.mark.parametrize("name, width, height", [("phone", 390, 844), ("desktop", 1280, 900)])
def test_result_page_fits_the_screen_and_is_captured(quiz_page, name, width, height):
    page = quiz_page.page
    page.set_viewport_size({"width": width, "height": height})
    quiz_page.open("/quiz")
    quiz_page.finish()
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"result-{name}.png", full_page=True)
    # Nothing wider than the screen: the table scrolls inside its own box.
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    assert page.locator("#comparison").is_visible()


def test_result_page_prints_without_the_quiz_controls(quiz_page):
    page = quiz_page.page
    quiz_page.open("/quiz")
    quiz_page.finish()
    page.emulate_media(media="print")
    assert page.locator("#comparison").is_visible()
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Retake the quiz").is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")
