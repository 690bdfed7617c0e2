"""Issue 6.2: every cookie the app sets is HttpOnly and SameSite=Lax; it is Secure when served
over HTTPS (a setting, on in production); and the session cookie stays small whatever a
visitor, or a script posing as one, sends."""

import pytest

from tests.reliability.reliability_support import (
    EVERY_STEP_ANSWERS,
    QUIZ,
    complete_quiz,
    csrf_token_in,
    result_url,
    session_cookie,
    session_of,
    sqlite_only,
    start,
    step_form,
)

# Browsers drop a cookie above 4096 bytes; the draft holds only ids, so it stays far below.
MOST_A_SESSION_COOKIE_MAY_WEIGH = 1024


def cookie_attributes(response) -> list[dict[str, str | None]]:
    """Each Set-Cookie header as {attribute (lower case): value}, the name under "name"."""
    found = []
    for header in response.headers.getlist("Set-Cookie"):
        first, *rest = (part.strip() for part in header.split(";"))
        attributes = {"name": first.split("=", 1)[0]}
        for part in rest:
            key, _, value = part.partition("=")
            attributes[key.lower()] = value or None
        found.append(attributes)
    return found


STAFF_PASSWORD = "a long staff password for the cookie test"


def cookies_of_a_visit(client):
    """The cookies set along a whole visit: the quiz, its result, a restart, a failed staff
    login, then a staff member logging in and out."""
    app = client.application
    created = app.test_cli_runner().invoke(args=["staff", "create", "cookie-tester",
                                                 "--password-stdin"], input=STAFF_PASSWORD)
    assert created.exit_code == 0, created.output
    responses = [client.get("/"), complete_quiz(client)]
    page = client.get(result_url(responses[-1]))
    token = csrf_token_in(page.data)
    responses += [
        page,
        client.post("/quiz/restart", data={"csrf_token": token}),
        client.post("/staff/login", data={"username": "nobody", "password": "wrong password",
                                          "csrf_token": token}),
    ]
    login = client.get("/staff/login")
    responses += [login, client.post("/staff/login", data={
        "username": "cookie-tester", "password": STAFF_PASSWORD,
        "csrf_token": csrf_token_in(login.data)})]
    assert responses[-1].status_code == 303, "the staff member could not log in"
    dashboard = client.get("/staff/")
    responses += [dashboard, client.post("/staff/logout",
                                         data={"csrf_token": csrf_token_in(dashboard.data)})]
    found = [c for r in responses for c in cookie_attributes(r)]
    assert {c["name"] for c in found} >= {"session"}
    return found


@sqlite_only
def test_every_cookie_is_httponly_and_samesite_lax(client):
    for cookie in cookies_of_a_visit(client):
        assert "httponly" in cookie, cookie
        assert cookie.get("samesite") == "Lax", cookie


@sqlite_only
def test_cookies_are_not_secure_in_development_so_http_on_localhost_works(client):
    assert all("secure" not in cookie for cookie in cookies_of_a_visit(client))


@pytest.fixture
def production_app(monkeypatch, database_url, build_app):
    """The app as `ADVISOR_ENV=production` builds it from the environment alone."""

    def build(**environment):
        monkeypatch.setenv("ADVISOR_ENV", "production")
        monkeypatch.setenv("SECRET_KEY", "a production secret key, long enough: 32+")
        monkeypatch.setenv("DATABASE_URL", database_url)
        monkeypatch.setenv("RATELIMIT_ENABLED", "0")
        for name, value in environment.items():
            monkeypatch.setenv(name, value)
        return build_app()

    return build


@sqlite_only
def test_every_cookie_is_secure_in_production(production_app):
    client = production_app().test_client()
    for cookie in cookies_of_a_visit(client):
        assert "secure" in cookie, cookie
        assert "httponly" in cookie and cookie.get("samesite") == "Lax", cookie


@pytest.mark.parametrize(("environment", "secure"), [
    ({"ADVISOR_ENV": "development", "SESSION_COOKIE_SECURE": "1"}, True),
    ({"SESSION_COOKIE_SECURE": "0"}, False),  # production behind plain HTTP, said out loud
])
@sqlite_only
def test_secure_cookies_are_configurable(production_app, environment, secure):
    client = production_app(**environment).test_client()
    start(client)
    assert client.application.config["SESSION_COOKIE_SECURE"] is secure
    assert client.get_cookie("session").secure is secure


@sqlite_only
def test_the_session_cookie_of_a_whole_quiz_is_small(client):
    response = complete_quiz(client, htmx=True)
    client.get(result_url(response))
    assert len(session_cookie(client)) < MOST_A_SESSION_COOKIE_MAY_WEIGH


@sqlite_only
def test_the_session_cookie_stays_small_whatever_is_posted(client, app):
    """A script that never follows a redirect (so never reads a flashed message), posts steps
    out of order, and stuffs every form with extra fields and long values."""
    token = start(client)
    stuffing = {f"field{i}": "x" * 200 for i in range(60)}
    for _ in range(10):
        for step in reversed(QUIZ.steps):
            form = {**step_form(step, EVERY_STEP_ANSWERS, token), **stuffing,
                    "step": "y" * 300, "realtime": "z" * 300}
            response = client.post(f"/quiz/{step.id}", data=form)
            assert response.status_code < 500
    assert len(session_cookie(client)) < MOST_A_SESSION_COOKIE_MAY_WEIGH
    # Compression hides a list that grows with every request; each message is kept once.
    pending = [message for _, message in session_of(app, client).get("_flashes", [])]
    assert len(pending) == len(set(pending))
