"""The quiz embedded in another site's article, in Chromium with third-party cookies blocked:
`localhost` is another site than `127.0.0.1`. The frame follows each step's height, never
scrolls inside, and the result is stored once with its source (issue 15, "Done when")."""

from __future__ import annotations

import http.server
import re
import socket
import threading

import pytest
import requests

from tests.support.answer_sets import HYBRID_LARGE_TEAM
from tests.web.visitor_support import QUIZ, stored_results, tally_rows

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Node.js vs Python: which should you choose?</title></head><body>
<h1>Node.js vs Python for backend development</h1>
<p>{filler}</p>
<script src="{app}/embed.js" data-source="blog" async></script>
<p>{filler}</p></body></html>"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Article:
    """The publisher's site: one page with the snippet, served on 127.0.0.1 and visited as
    http://localhost:PORT, a different site from the app's http://127.0.0.1:PORT."""

    def __init__(self):
        self.port = free_port()
        self.origin = f"http://localhost:{self.port}"
        self.html = b""
        article = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.end_headers()
                self.wfile.write(article.html)

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.thread.join(timeout=10)
        self.server.server_close()


@pytest.fixture
def article():
    with Article() as site:
        yield site


@pytest.fixture
def app_config(app_config, article):
    return {**app_config, "EMBED_ORIGINS": [article.origin], "EMBED_SOURCES": ["blog"]}


@pytest.fixture
def cookieless_browser(browser_type, browser_type_launch_args):
    """Chromium as a browser that blocks third-party cookies will be."""
    args = [*browser_type_launch_args.get("args", []), "--test-third-party-cookie-phaseout"]
    browser = browser_type.launch(**{**browser_type_launch_args, "args": args})
    yield browser
    browser.close()


def frame_sizes(page):
    """The iframe's height on the host page, and its document's height and viewport inside."""
    outer = page.locator("iframe").evaluate("el => el.getBoundingClientRect().height")
    inner = page.frames[1].evaluate(
        "() => [document.documentElement.scrollHeight, window.innerHeight]")
    return outer, inner[0], inner[1]



def settled_sizes(page, attempts: int = 40):
    """The frame's sizes once the host has applied the height the frame last reported."""
    for _ in range(attempts):
        outer, content, viewport = frame_sizes(page)
        if abs(outer - content) <= 2:
            return outer, content, viewport
        page.wait_for_timeout(50)
    return frame_sizes(page)


def test_the_quiz_runs_in_a_cross_site_frame_that_fits_each_step(
        cookieless_browser, live_server, live_app, article):
    article.html = ARTICLE.format(app=live_server.url, filler="Lorem ipsum. " * 400).encode()
    context = cookieless_browser.new_context(viewport={"width": 900, "height": 700})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{article.origin}/")
    page.wait_for_selector("iframe")
    page.wait_for_function("() => window.frames.length === 1 && "
                           "document.querySelector('iframe').getBoundingClientRect().height > 0")
    frame = page.frame_locator("iframe")
    heights = []
    from advisor_web.quiz.loader import default_quiz
    quiz = default_quiz()
    for step in quiz.active_steps(HYBRID_LARGE_TEAM):
        frame.locator(f'h1:has-text("{step.title}")').wait_for()
        for question in quiz.asked_in(step, HYBRID_LARGE_TEAM):
            frame.locator(
                f'input[name="{question}"][value="{HYBRID_LARGE_TEAM[question]}"]').check()
        # The frame reports its height; the host applies it: they agree, with no inner scroll.
        outer, content, viewport = settled_sizes(page)
        assert content <= viewport + 1, (step.id, content, viewport)  # no inner scrollbar
        assert abs(outer - content) <= 2, (step.id, outer, content)  # the frame fits its page
        heights.append(outer)
        frame.locator('button[name="nav"][value="next"]').click()
    frame.locator("[data-verdict]").wait_for()
    assert frame.locator("[data-verdict]").get_attribute("data-verdict") == "hybrid"
    assert "/embed/result/" in page.frames[1].url
    assert len(set(heights)) > 1, heights  # the frame grew and shrank with the steps
    [stored] = stored_results(live_app)
    assert stored.source == "blog"
    assert context.cookies(live_server.url) == []  # nothing was ever set for the app's site
    context.close()


HOSTILE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Win a prize</title>
</head><body><form method="post" action="{app}/embed/quiz/{step}">
<input type="hidden" name="draft" value="{token}"><input type="hidden" name="step" value="{step}">
{answers}<button name="nav" value="next">Claim</button></form></body></html>"""


def test_a_form_on_another_site_cannot_post_into_the_frame(page, live_server, live_app,
                                                           article):
    """Issue 18.4: what Chromium really sends on a cross-site POST (`Sec-Fetch-Site:
    cross-site`, the article's `Origin`) is refused with a 403, and nothing is counted."""
    first = QUIZ.steps[0]
    frame_page = requests.get(f"{live_server.url}/embed/quiz?source=blog", timeout=10).text
    token = re.search(r'name="draft" value="([^"]+)"', frame_page).group(1)
    answers = "".join(f'<input type="hidden" name="{q}" value="{HYBRID_LARGE_TEAM[q]}">'
                      for q in QUIZ.asked_in(first, HYBRID_LARGE_TEAM))
    article.html = HOSTILE.format(app=live_server.url, step=first.id, token=token,
                                  answers=answers).encode()
    page.goto(f"{article.origin}/")
    with page.expect_navigation() as navigation:
        page.click("button")
    assert navigation.value.status == 403
    assert "sent from another site" in page.content()
    assert tally_rows(live_app) == 0
