"""The quiz in Nepali in Chromium: the same verdict as in English for every answer set, with
and without JavaScript, the switch link following htmx swaps, and no axe violations."""

import pytest

from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import score
from tests.browser.test_accessibility import violations
from tests.support.answer_sets import ANSWERS_FOR_VERDICT, SOLO_SAME_NEEDS

EVERY_ANSWER_SET = {**ANSWERS_FOR_VERDICT, "solo": SOLO_SAME_NEEDS}


@pytest.mark.parametrize("name", EVERY_ANSWER_SET)
@pytest.mark.parametrize("script", ["js", "no-js"])
def test_the_nepali_quiz_reaches_the_english_verdict(quiz_page, no_script_quiz, name, script):
    visitor = quiz_page if script == "js" else no_script_quiz
    answers = EVERY_ANSWER_SET[name]
    visitor.open("/ne/quiz")
    visitor.finish(answers)
    assert "/ne/result/" in visitor.page.url
    shown = visitor.page.locator("[data-verdict]").get_attribute("data-verdict")
    assert shown == score(default_quiz(), answers).verdict
    assert visitor.page.locator("html").get_attribute("lang") == "ne"


def test_the_switch_link_follows_the_step_htmx_swapped_in(quiz_page, hybrid_run):
    quiz_page.open("/ne/quiz")
    quiz_page.page.evaluate("window.untouched = true")
    quiz_page.pick(hybrid_run)
    quiz_page.next()
    assert quiz_page.page.evaluate("window.untouched") is True  # swapped, not reloaded
    href = quiz_page.page.locator("#language-switch").get_attribute("href")
    assert href.endswith("/quiz/features") and "/ne/" not in href
    quiz_page.page.locator("#language-switch").click()
    quiz_page.page.wait_for_url("**/quiz/features")
    assert quiz_page.page.locator("html").get_attribute("lang") == "en"


@pytest.mark.parametrize("path", ["/ne/", "/ne/quiz", "/ne/no-such-page"])
def test_nepali_pages_have_no_axe_violations(quiz_page, path):
    quiz_page.open(path)
    assert violations(quiz_page.page) == []


def test_the_nepali_result_page_has_no_axe_violations(quiz_page):
    quiz_page.open("/ne/quiz")
    quiz_page.finish()
    assert violations(quiz_page.page) == []
