"""Browser tests: the app on a free 127.0.0.1 port, driven in Debian's Chromium by Playwright."""

from __future__ import annotations

import os
import shutil

import pytest

from advisor_web import create_app
from tests.support.answer_sets import HYBRID_LARGE_TEAM
from tests.support.database import stored_results
from tests.support.host_site import HostSite
from tests.support.servers import LiveServer

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium; never a downloaded browser (downloads fail on these machines)."""
    if not os.path.exists(CHROMIUM):
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: browser tests may not be skipped in CI")
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def cookieless_browser(browser_type, browser_type_launch_args):
    """Chromium blocking third-party cookies, as browsers will."""
    args = [*browser_type_launch_args.get("args", []), "--test-third-party-cookie-phaseout"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


@pytest.fixture
def host_site():
    """Another site, running (`tests.support.host_site`); a module that frames the quiz in it
    adds its `settings` to `app_config`."""
    with HostSite() as site:
        yield site


@pytest.fixture
def live_app(app_config):
    """The app to serve; a test may change `app_config` first."""
    app = create_app(app_config)
    yield app
    app.extensions["advisor_engine"].dispose()


@pytest.fixture
def live_server(live_app):
    with LiveServer(live_app) as server:
        yield server


@pytest.fixture
def page(page):
    page.set_default_timeout(10_000)
    return page


# A large team needing live features and central ML (a hybrid), so the conditional
# team-size step is part of the run.
HYBRID_RUN = HYBRID_LARGE_TEAM


class QuizPage:
    """What a visitor does on the quiz, in words a test can read."""

    def __init__(self, page, server):
        self.page = page
        self.server = server

    def open(self, path="/"):
        self.page.goto(self.server.url + path)

    def heading(self) -> str:
        return self.page.locator("h1").first.inner_text()

    def progress(self) -> str:
        return self.page.locator("#step-progress").inner_text()

    def step_questions(self) -> list[str]:
        names = self.page.locator("#step input[type=radio]").evaluate_all(
            "inputs => inputs.map(i => i.name)"
        )
        return list(dict.fromkeys(names))

    def pick(self, answers: dict[str, str]) -> None:
        """Click the label of this step's answers, as a mouse user does."""
        for name in self.step_questions():
            self.page.locator(f"input[name={name}][value={answers[name]}]").locator("..").click()

    def forward_button(self):
        return self.page.locator("#step button[value=next]")

    def next(self, click=None) -> None:
        """Move forward (by default a click on the forward button) and wait for the next page:
        the URL changes, and the form on the page is the one for that URL."""
        before = self.page.url
        (click or self.forward_button().click)()
        self.wait_for_step_after(before)

    def wait_for_step_after(self, before: str) -> None:
        self.page.wait_for_function("before => location.href !== before", arg=before)
        if "/quiz/" in self.page.url:
            path = self.page.url.removeprefix(self.server.url)
            self.page.locator(f'#step form[action="{path}"]').wait_for()
        else:
            self.page.wait_for_load_state()

    def finish(self, answers: dict[str, str] = HYBRID_RUN) -> None:
        """Answer every step with the mouse until the result page shows."""
        for _ in range(10):
            if "/result/" in self.page.url:
                return
            self.pick(answers)
            self.next()
        raise AssertionError(f"the quiz did not end; stuck at {self.page.url}")

    def stored_results(self) -> int:
        return len(stored_results(self.server.app))


@pytest.fixture
def quiz_page(page, live_server):
    return QuizPage(page, live_server)


@pytest.fixture
def hybrid_run():
    return dict(HYBRID_RUN)


@pytest.fixture
def no_script_quiz(browser, live_server):
    """A visitor whose browser runs no JavaScript: plain POSTs and 303 redirects."""
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield QuizPage(page, live_server)
    context.close()
