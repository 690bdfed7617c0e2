"""axe-core finds no violations on the visitor's pages."""

import pytest
from axe_playwright_python.sync_playwright import Axe


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']}" for v in results.response["violations"]]


def test_landing_page_has_no_axe_violations(quiz_page):
    quiz_page.open("/")
    assert violations(quiz_page.page) == []


@pytest.mark.parametrize("path", ["/quiz", "/quiz/features"])
def test_quiz_step_has_no_axe_violations(quiz_page, hybrid_run, path):
    quiz_page.open("/quiz")
    if path != "/quiz":
        quiz_page.pick(hybrid_run)
        quiz_page.next()
    assert violations(quiz_page.page) == []


def test_step_showing_a_validation_error_has_no_axe_violations(quiz_page):
    quiz_page.open("/quiz")
    quiz_page.forward_button().click()
    quiz_page.page.locator(".field-error").wait_for()
    assert violations(quiz_page.page) == []


def test_result_page_has_no_axe_violations(quiz_page):
    quiz_page.open("/quiz")
    quiz_page.finish()
    assert violations(quiz_page.page) == []
