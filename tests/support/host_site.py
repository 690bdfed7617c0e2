"""Another site, for every test of the quiz in a cross-site frame: the publisher's page served
on 127.0.0.1 and visited as http://localhost:PORT, a different site from the app's
http://127.0.0.1:PORT; and a visitor walking the quiz inside that page's frame."""

from __future__ import annotations

from advisor_web.quiz.loader import default_quiz
from tests.support.servers import LiveServer

ARTICLE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Node.js vs Python: which should you choose?</title></head><body>
<h1>Node.js vs Python for backend development</h1>
<p>{filler}</p>
<script src="{app}/embed.js" data-source="blog"{attributes} async></script>
<p>{filler}</p></body></html>"""


class HostSite:
    """One page, `html`, served by werkzeug from a thread (`LiveServer`); `settings` let an
    app be framed by it."""

    def __init__(self):
        self.html = b""
        self.server = LiveServer(self.serve)
        self.origin = f"http://localhost:{self.server.port}"
        self.settings = {"EMBED_ORIGINS": [self.origin], "EMBED_SOURCES": ["blog"]}

    def serve(self, environ, start_response):
        """The site itself, a WSGI app: `html` at every path."""
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [self.html]

    def embed(self, app_url: str, filler: str = "Lorem ipsum.", lang: str | None = None,
              quiz: str | None = None) -> None:
        """Serve an article embedding the quiz of the app at `app_url` with the snippet (its
        source "blog"; `lang`, the snippet's data-lang, picks the frame's language; `quiz`,
        its data-quiz, another comparison)."""
        attributes = (f' data-lang="{lang}"' if lang else "") + \
            (f' data-quiz="{quiz}"' if quiz else "")
        self.html = ARTICLE.format(app=app_url, filler=filler, attributes=attributes).encode()

    def open(self, browser_or_context):
        """A new page (a new context's, given a browser) showing the article."""
        page = browser_or_context.new_page()
        page.set_default_timeout(10_000)
        page.goto(f"{self.origin}/")
        return page

    def __enter__(self):
        self.server.__enter__()
        return self

    def __exit__(self, *exc):
        self.server.__exit__(*exc)


def steps_in_frame(frame, answers: dict[str, str], quiz=None):
    """Take the quiz in `frame` with `answers`: yield each step once its answers are checked
    (for a test to look at it), then go on; at the end, wait for the result."""
    quiz = quiz or default_quiz()
    for step in quiz.active_steps(answers):
        frame.locator(f'h1:has-text("{step.title}")').wait_for()
        for question in quiz.asked_in(step, answers):
            frame.locator(f'input[name="{question}"][value="{answers[question]}"]').check()
        yield step
        frame.locator('button[name="nav"][value="next"]').click()
    frame.locator("[data-verdict]").wait_for()


def finish_in_frame(frame, answers: dict[str, str]) -> None:
    """Take the quiz in `frame` with `answers` up to its result."""
    for _step in steps_in_frame(frame, answers):
        pass
