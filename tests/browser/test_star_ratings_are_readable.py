"""Star ratings a low-vision reader can tell apart (WCAG 1.4.11): both states at least 3:1
against the card, filled against outlined, and the count in words for screen readers."""

import re

import pytest


def luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    lighter, darker = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture
def result_page(quiz_page, hybrid_run):
    quiz_page.open("/quiz")
    quiz_page.finish(hybrid_run)
    return quiz_page.page


def test_every_rating_shows_filled_and_outlined_stars_and_says_its_count(result_page):
    ratings = result_page.locator("#comparison .stars").all()
    assert len(ratings) == 16  # eight factors, two technologies
    for rating in ratings:
        label = rating.get_attribute("aria-label")
        count = int(re.fullmatch(r"(\d) out of 5 stars", label).group(1))
        assert rating.inner_text() == "★" * count + "☆" * (5 - count)


def test_filled_and_outlined_stars_have_3_to_1_contrast_on_the_card(result_page):
    card = result_page.locator("#comparison").locator("xpath=ancestor::section[1]")
    background = card.evaluate("e => getComputedStyle(e).backgroundColor")
    filled = result_page.locator("#comparison .stars").first
    outlined = result_page.locator("#comparison .stars .off").first
    for stars in (filled, outlined):
        colour = stars.evaluate("e => getComputedStyle(e).color")
        assert contrast(colour, background) >= 3, (colour, background)
