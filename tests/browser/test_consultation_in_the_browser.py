"""A visitor finishes the quiz, asks for a consultation, sees the confirmation and withdraws:
in English and Nepali, with JavaScript (the proof of work solved by static/consultation.js)
and without, and inside another site's frame with no cookie (issue 20, "Done when")."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import func, select

from advisor_web.storage.consultation_models import ConsultationRequest
from tests.support.answer_sets import HYBRID_LARGE_TEAM
from tests.support.host_site import finish_in_frame
from tests.web.consultation_support import QUICK

# The proof of work is real (WebCrypto, a few thousand hashes at most); no least time since
# render, so that nothing here waits on the clock.
SETTINGS = {**QUICK, "CONSULTATION_POW_MAX_NUMBER": 5_000, "PUBLISHER_NAME": "Himal Software"}


@pytest.fixture
def app_config(app_config):
    return {**app_config, **SETTINGS}


def requests_stored(app) -> list[tuple[str, str, bool]]:
    with app.extensions["advisor_engine"].connect() as connection:
        rows = connection.execute(select(ConsultationRequest.name, ConsultationRequest.lang,
                                         ConsultationRequest.consent_version)).all()
    return [(name, lang, bool(version)) for name, lang, version in rows]


def count(app) -> int:
    with app.extensions["advisor_engine"].connect() as connection:
        return connection.scalar(select(func.count()).select_from(ConsultationRequest))


def ask_and_withdraw(page, app, name: str, *, nepali: bool = False) -> None:
    """On a result page: fill in the form, send it, check the confirmation, withdraw."""
    form = page.locator("form[data-consultation]")
    form.locator('input[name="name"]').fill(name)
    form.locator('input[name="email"]').fill("sita@example.com")
    form.locator('textarea[name="message"]').fill("A live tracking app for couriers.")
    form.locator('input[name="consent"]').check()
    form.locator('button[type="submit"]').click()
    page.locator("[data-withdraw]").wait_for()
    assert "/consultation/" in page.url
    assert ("अब के हुन्छ" if nepali else "What happens next") in page.locator("main").inner_text()
    assert requests_stored(app) == [(name, "ne" if nepali else "en", True)]
    page.locator("[data-withdraw] button").click()
    page.locator("[data-withdrawn]").wait_for()
    assert count(app) == 0


@pytest.mark.parametrize("path", ["/quiz", "/ne/quiz"], ids=["en", "ne"])
def test_with_javascript_a_visitor_asks_and_withdraws(quiz_page, live_app, path):
    quiz_page.open(path)
    quiz_page.finish(HYBRID_LARGE_TEAM)
    page = quiz_page.page
    # The proof of work begins when the visitor reaches the form, and travels with it.
    page.locator('form[data-consultation] input[name="name"]').focus()
    page.wait_for_function(
        "() => document.querySelector('form[data-consultation] input[name=altcha]').value")
    ask_and_withdraw(page, live_app, "Sita Sharma", nepali=path.startswith("/ne"))


@pytest.mark.parametrize("path", ["/quiz", "/ne/quiz"], ids=["en", "ne"])
def test_without_javascript_a_visitor_asks_and_withdraws(no_script_quiz, live_app, path):
    no_script_quiz.open(path)
    no_script_quiz.finish(HYBRID_LARGE_TEAM)
    ask_and_withdraw(no_script_quiz.page, live_app, "Ram", nepali=path.startswith("/ne"))


@pytest.fixture
def embedding_config(app_config, host_site):
    app_config.update(host_site.settings)
    return app_config


def test_in_another_sites_frame_a_visitor_asks_and_withdraws_without_a_cookie(
        embedding_config, cookieless_browser, live_server, live_app, host_site):
    host_site.embed(live_server.url)
    context = cookieless_browser.new_context(viewport={"width": 900, "height": 700})
    frame = host_site.open(context).frame_locator("iframe")
    finish_in_frame(frame, HYBRID_LARGE_TEAM)
    form = frame.locator("form[data-consultation]")
    form.locator('input[name="name"]').fill("Sita Sharma")
    form.locator('input[name="email"]').fill("sita@example.com")
    form.locator('input[name="consent"]').check()
    form.locator('button[type="submit"]').click()
    frame.locator("[data-withdraw]").wait_for()
    with live_app.extensions["advisor_engine"].connect() as connection:
        source = connection.scalar(select(ConsultationRequest.source))
    assert source == "blog"
    frame.locator("[data-withdraw] button").click()
    frame.locator("[data-withdrawn]").wait_for()
    assert count(live_app) == 0
    assert context.cookies(live_server.url) == []
    context.close()


def violations(page) -> list[str]:
    results = Axe().run(page)
    return [f"{v['id']}: {v['help']} ({[n['html'][:120] for n in v['nodes']]})"
            for v in results.response["violations"]]


def test_the_consultation_pages_have_no_axe_violations(quiz_page):
    quiz_page.open("/quiz")
    quiz_page.finish(HYBRID_LARGE_TEAM)
    page = quiz_page.page
    form = page.locator("form[data-consultation]")
    form.locator('input[name="name"]').fill("Sita Sharma")
    form.locator('input[name="email"]').fill("sita@example")  # refused: a malformed address
    form.locator('input[name="consent"]').check()
    page.evaluate("() => document.querySelector('form[data-consultation]').noValidate = true")
    form.locator('button[type="submit"]').click()
    page.locator("[data-problem]").wait_for()
    assert violations(page) == []
    page.locator('form[data-consultation] input[name="email"]').fill("sita@example.com")
    page.locator('form[data-consultation] button[type="submit"]').click()
    page.locator("[data-withdraw]").wait_for()
    assert violations(page) == []
    page.locator("[data-withdraw] button").click()
    page.locator("[data-withdrawn]").wait_for()
    assert violations(page) == []
    quiz_page.open("/privacy")
    assert violations(page) == []
