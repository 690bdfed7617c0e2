"""The one quiz runner: a visitor filling in the steps as a browser would, with or without
htmx, on any surface (`prefix`: "", "/ne", "/embed"), sending back what the page gives it
(its CSRF token and, in a frame, its draft token).

Another comparison is taken with `quiz=` (its Quiz) and `prefix=` ending in
`/compare/<slug>`.

`client` is Flask's test client, or an `HttpClient` (requests against a running server,
used the same way), so the test-client, reliability and gunicorn tests take the quiz alike.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import requests

from advisor_web.quiz.content import Quiz, Step
from advisor_web.quiz.loader import default_quiz

from .pages import hidden_value

QUIZ = default_quiz()
HTMX = {"HX-Request": "true"}
# What a page hands back to the server with each step (a frame's draft travels in the form).
CARRIED_FIELDS = ("csrf_token", "draft")


class HttpClient:
    """A visitor over real HTTP, used like Flask's test client: paths against `base`,
    redirects not followed, and the body as `.data` on every response."""

    def __init__(self, base: str, timeout: float = 30, **headers: str):
        self.base = base
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers.update(headers)

    def get(self, path: str, headers: Mapping[str, str] | None = None) -> requests.Response:
        return self._send("GET", path, headers=headers)

    def post(self, path: str, data=None, headers: Mapping[str, str] | None = None
             ) -> requests.Response:
        return self._send("POST", path, data=data, headers=headers)

    def _send(self, method: str, path: str, **options) -> requests.Response:
        response = self.session.request(method, f"{self.base}{path}", allow_redirects=False,
                                        timeout=self.timeout, **options)
        response.data = response.content
        return response

    def __enter__(self) -> HttpClient:
        return self

    def __exit__(self, *exc) -> None:
        self.session.close()


def steps_for(answers: Mapping[str, str], quiz: Quiz = QUIZ) -> tuple[Step, ...]:
    """The steps a visitor with these answers sees, in order."""
    return quiz.active_steps(answers)


def step_answers(step: Step, answers: Mapping[str, str], quiz: Quiz = QUIZ) -> dict[str, str]:
    """The part of `answers` that `step` asks."""
    return {q: answers[q] for q in step.question_ids if quiz.is_asked(q, answers)}


def step_url(step: Step | str, prefix: str = "") -> str:
    return f"{prefix}/quiz/{step if isinstance(step, str) else step.id}"


def step_form(step: Step | str, answers: Mapping[str, str], token: str | None = None,
              nav: str = "next", quiz: Quiz = QUIZ) -> dict[str, str]:
    """What the browser posts for `step`: its answers, the hidden step, the button clicked,
    and the CSRF token when there is one."""
    step = step if isinstance(step, Step) else next(s for s in quiz.steps if s.id == step)
    form = {**step_answers(step, answers, quiz), "step": step.id, "nav": nav}
    if token is not None:
        form["csrf_token"] = token
    return form


def carried(page) -> dict[str, str]:
    """The hidden fields a page's form sends back: its CSRF token, and a frame's draft."""
    fields = {name: hidden_value(page.data, name) for name in CARRIED_FIELDS}
    return {name: value for name, value in fields.items() if value is not None}


def post_step(client, step: Step, answers: Mapping[str, str], page=None, *,
              htmx: bool = False, nav: str = "next", prefix: str = "", quiz: Quiz = QUIZ,
              **headers: str):
    """Submit `step` with its answers from `page`: the response showing it (whose hidden
    fields are sent back), a CSRF token, or None (no token at all)."""
    if page is None or isinstance(page, str):
        form = step_form(step, answers, page, nav, quiz)
    else:
        form = {**step_form(step, answers, nav=nav, quiz=quiz), **carried(page)}
    return client.post(step_url(step, prefix), data=form,
                       headers={**(HTMX if htmx else {}), **headers})


def start(client, *, htmx: bool = False, prefix: str = "", query: str = ""):
    """Open the quiz (`query`: e.g. "?source=blog" in a frame); the page of its first step."""
    page = client.get(f"{prefix}/quiz{query}", headers=HTMX if htmx else {})
    assert page.status_code == 200, (page.status_code, page.data[:300])
    return page


def walk(client, answers: Mapping[str, str], *, htmx: bool = False, prefix: str = "",
         query: str = "", stop_at: str | None = None, quiz: Quiz = QUIZ, **headers: str):
    """Open the quiz and answer every step `answers` shows, fetching each next step as the
    browser would (with htmx: the fragment the POST swapped in). Returns the pages seen and
    the last step's response (`headers` go with that POST); with `stop_at`, the pages up to
    the one showing that step, and None."""
    page = start(client, htmx=htmx, prefix=prefix, query=query)
    pages = [page]
    steps = steps_for(answers, quiz)
    for step in steps:
        if step.id == stop_at:
            return pages, None
        if step is steps[-1]:
            return pages, post_step(client, step, answers, page, htmx=htmx, prefix=prefix,
                                    quiz=quiz, **headers)
        response = post_step(client, step, answers, page, htmx=htmx, prefix=prefix, quiz=quiz)
        assert response.status_code == (200 if htmx else 303), (step.id, response.data[:300])
        page = response if htmx else client.get(response.headers["Location"])
        pages.append(page)
    raise AssertionError(f"{stop_at!r} is not among the steps for {dict(answers)}")


def reach(client, step_id: str, answers: Mapping[str, str], **options):
    """Start the quiz and answer every step before `step_id`; the response showing it."""
    pages, _ = walk(client, answers, stop_at=step_id, **options)
    return pages[-1]


def complete_quiz(client, answers: Mapping[str, str], **options):
    """Fill in every step from `answers` as a visitor would; the last POST's response."""
    _, last = walk(client, answers, **options)
    return last


def result_url(response) -> str:
    """Where the last step sends the visitor: HX-Redirect for htmx, else the 303's Location."""
    url = response.headers.get("HX-Redirect") or response.headers.get("Location", "")
    assert "/result/" in url, (response.status_code, response.data[:300])
    return url


def finish_quiz(client, answers: Mapping[str, str], **options) -> str:
    """Complete the quiz without htmx; the result page's URL."""
    response = complete_quiz(client, answers, **options)
    assert response.status_code == 303, response.data[:300]
    return result_url(response)


def public_id_of(url: str) -> str:
    match = re.fullmatch(r"(?:/[a-z]+)*/result/([^/?]+)", url)
    assert match, url
    return match.group(1)
