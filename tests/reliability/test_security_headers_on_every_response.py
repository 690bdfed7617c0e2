"""Issue 6.3: the security headers are on every response, error pages and htmx fragments
included: a Content-Security-Policy that allows no inline script and no framing, nosniff, a
Referrer-Policy, HSTS in production, and no-store on staff pages, exports and results.
The pages themselves need nothing that policy forbids."""

import json
from html.parser import HTMLParser

import pytest

from advisor_web import config
from tests.reliability.reliability_support import (
    BOOM,
    DATABASE_DOWN,
    EVERY_STEP_ANSWERS,
    HTMX,
    QUIZ,
    complete_quiz,
    csrf_token_in,
    result_url,
    start,
    step_form,
)

FIRST = QUIZ.steps[0]


def _first_step(client, *, htmx=False, **changes):
    token = start(client)
    form = {**step_form(FIRST, EVERY_STEP_ANSWERS, token), **changes}
    return client.post(f"/quiz/{FIRST.id}", data=form, headers=HTMX if htmx else {})


def _result(client, suffix=""):
    return client.get(result_url(complete_quiz(client)) + suffix)


STAFF = {"username": "header-tester", "password": "a long password for the header test"}


def _as_staff(client, path, headers=None):
    login = client.get("/staff/login")
    if login.status_code == 200:  # not logged in yet
        client.post("/staff/login", data={**STAFF, "csrf_token": csrf_token_in(login.data)})
    response = client.get(path, headers=headers or {})
    assert response.status_code == 200, (path, response.status_code)
    return response


REQUESTS = {
    "landing": lambda c: c.get("/"),
    "step page": lambda c: c.get("/quiz"),
    "step fragment (htmx GET)": lambda c: c.get("/quiz", headers=HTMX),
    "step fragment (htmx POST)": lambda c: _first_step(c, htmx=True),
    "redirect after a step (303)": lambda c: _first_step(c),
    "invalid answer (422)": lambda c: _first_step(c, project_type="nonsense"),
    "invalid answer, htmx (422 fragment)": lambda c: _first_step(c, htmx=True, project_type="x"),
    "missing CSRF token (400)": lambda c: c.post(f"/quiz/{FIRST.id}", data={"step": FIRST.id}),
    "missing CSRF token, htmx (400 fragment)":
        lambda c: c.post(f"/quiz/{FIRST.id}", data={"step": FIRST.id}, headers=HTMX),
    "not found (404)": lambda c: c.get("/no-such-page"),
    "not found, htmx (404 fragment)": lambda c: c.get("/no-such-page", headers=HTMX),
    "method not allowed (405)": lambda c: c.put("/quiz"),
    "too large (413)": lambda c: _first_step(c, padding="x" * 20_000),
    "server error (500)": lambda c: c.get(BOOM),
    "server error, htmx (500 fragment)": lambda c: c.get(BOOM, headers=HTMX),
    "database unavailable (503)": lambda c: c.get(DATABASE_DOWN),
    "result page": _result,
    "what-if page": lambda c: _result(c, "/what-if/concurrency/low"),
    "unknown result (404)": lambda c: c.get("/result/no-such-result-id-at-all"),
    "staff login": lambda c: c.get("/staff/login"),
    "staff dashboard, logged out": lambda c: c.get("/staff/"),
    "staff CSV export, logged out": lambda c: c.get("/staff/export.csv"),
    "staff JSON export, logged out": lambda c: c.get("/staff/export.json"),
    "staff dashboard": lambda c: _as_staff(c, "/staff/"),
    "staff dashboard fragment (htmx)": lambda c: _as_staff(c, "/staff/", HTMX),
    "staff CSV export": lambda c: _as_staff(c, "/staff/export.csv"),
    "staff JSON export": lambda c: _as_staff(c, "/staff/export.json"),
    "JSON API": lambda c: c.post("/api/v1/score", json={"answers": EVERY_STEP_ANSWERS}),
    "JSON API, bad answers (422)": lambda c: c.post("/api/v1/score", json={"answers": 1}),
    "liveness probe": lambda c: c.get("/healthz"),
    "readiness probe": lambda c: c.get("/readyz"),
    "static file": lambda c: c.get("/static/app.css"),
}
NO_STORE_PREFIXES = ("/staff", "/result")
SAFE_REFERRER_POLICIES = {"no-referrer", "same-origin", "strict-origin",
                          "strict-origin-when-cross-origin"}


def policy(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for directive in filter(None, (d.strip() for d in header.split(";"))):
        name, *values = directive.split()
        directives[name.lower()] = values
    return directives


@pytest.fixture(scope="module")
def responses(module_app):
    """Each request above, made once, in development and with HSTS on."""
    made = {}
    for hsts in (False, True):
        app = module_app(HSTS=hsts)
        created = app.test_cli_runner().invoke(args=["staff", "create", STAFF["username"],
                                           "--password-stdin"], input=STAFF["password"])
        assert created.exit_code == 0, created.output
        client = app.test_client()
        made[hsts] = {name: read(request(client)) for name, request in REQUESTS.items()}
    return made


def read(response):
    """The response, read to the end and closed: a streamed export keeps its app context
    until then, and the next app's CLI would run in it."""
    response.get_data()
    response.close()
    return response


@pytest.mark.parametrize("name", REQUESTS)
def test_every_response_carries_the_security_headers(responses, name):
    response = responses[False][name]
    csp = policy(response)

    scripts = csp.get("script-src", csp.get("default-src"))
    assert scripts is not None, "no script-src nor default-src"
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts
    assert csp.get("frame-ancestors") in (["'none'"], ["'self'"])
    assert response.headers.get("X-Content-Type-Options") == "nosniff"
    assert response.headers.get("Referrer-Policy") in SAFE_REFERRER_POLICIES
    assert "Strict-Transport-Security" not in response.headers  # development: plain HTTP
    if response.request.path.startswith(NO_STORE_PREFIXES):
        assert "no-store" in response.headers.get("Cache-Control", ""), response.request.path
    if response.mimetype == "text/html":
        assert "HX-Request" in response.vary  # a fragment and a page share the URL


def test_the_requests_above_cover_each_kind_of_answer(responses):
    statuses = {response.status_code for response in responses[False].values()}
    assert {200, 303, 400, 404, 405, 413, 422, 500, 503} <= statuses


def test_hsts_is_on_by_default_in_production(monkeypatch, tmp_path):
    monkeypatch.setenv("ADVISOR_ENV", "production")
    monkeypatch.delenv("HSTS", raising=False)
    assert config.from_environment(str(tmp_path))["HSTS"] is True
    monkeypatch.setenv("ADVISOR_ENV", "development")
    assert config.from_environment(str(tmp_path))["HSTS"] is False


@pytest.mark.parametrize("name", REQUESTS)
def test_with_hsts_every_response_asks_for_https_for_a_year(responses, name):
    response = responses[True][name]
    header = response.headers.get("Strict-Transport-Security", "")
    max_age = int(header.partition("max-age=")[2].split(";")[0] or 0)
    assert max_age >= 365 * 24 * 3600


class _InlineCode(HTMLParser):
    """What a strict CSP would block: inline scripts and styles, event-handler attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []
        self.htmx_config: dict | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script" and not attrs.get("src"):
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        if tag == "meta" and attrs.get("name") == "htmx-config":
            self.htmx_config = json.loads(attrs["content"])
        for name, value in attrs.items():
            if name == "style" or name.startswith(("on", "hx-on")):
                self.found.append(f"{name}= on <{tag}>")
            if (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{name}=javascript: on <{tag}>")


@pytest.mark.parametrize("name", [n for n in REQUESTS if "API" not in n and "static" not in n])
def test_pages_need_no_inline_script_or_style(responses, name):
    response = responses[False][name]
    if response.mimetype != "text/html":
        return
    parser = _InlineCode()
    parser.feed(response.get_data(as_text=True))
    assert parser.found == []
    if parser.htmx_config is not None:  # a full page: htmx must not inject its own <style>
        assert parser.htmx_config.get("includeIndicatorStyles") is False
        assert parser.htmx_config.get("allowEval") is False
