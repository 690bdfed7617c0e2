"""Issue 6.8: error pages and logs leak nothing. The 500 page is generic (no traceback, SQL or
file path); the logs, access lines included, carry no answers, cookies, tokens, passwords, IP
addresses or user agents; and a newline in a request cannot forge a log line."""

import logging
import re
from pathlib import Path

import pytest
import requests

from tests.reliability.reliability_support import (
    BOOM,
    DATABASE_DOWN,
    EVERY_STEP_ANSWERS,
    HTMX,
    SECRET_PARAMETER,
    SECRET_SQL,
    csrf_token_in,
    sqlite_only,
    step_form,
    steps_for,
)

ROOT = Path(__file__).resolve().parents[2]
USER_AGENT = "Tester/123 unique-ua"
PASSWORD = "correct-horse-unique-password-42"
# Choice ids of EVERY_STEP_ANSWERS that no URL, step id or message of the app contains.
DISTINCTIVE_ANSWERS = ["internal_tool", "server_rendered", "long_term"]


@sqlite_only
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "htmx"])
def test_the_500_page_is_generic(app, client, htmx):
    response = client.get(BOOM, headers=HTMX if htmx else {})
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert "Something went wrong" in body
    for leak in ["Traceback", "ExplodingOnPurpose", SECRET_SQL, "stored_result", "visitor.py",
                 app.root_path, str(ROOT), 'File "']:
        assert leak not in body


@sqlite_only
def test_the_503_page_shows_no_sql_and_no_parameter(client):
    response = client.get(DATABASE_DOWN)
    body = response.get_data(as_text=True)
    assert response.status_code == 503
    assert SECRET_SQL not in body and SECRET_PARAMETER not in body
    assert "OperationalError" not in body and "locked" not in body


def a_visit_over_http(server) -> dict[str, set[str]]:
    """A whole quiz over real HTTP, with and without htmx, and a failed staff login; return
    what the visitor sent that must not reach the log."""
    sent = {"cookies": set(), "tokens": set()}
    for htmx in (False, True):
        with requests.Session() as browser:
            browser.headers["User-Agent"] = USER_AGENT
            if htmx:
                browser.headers.update(HTMX)
            page = browser.get(f"{server.url}/quiz", timeout=10)
            token = csrf_token_in(page.text)
            for step in steps_for(EVERY_STEP_ANSWERS):
                response = browser.post(f"{server.url}/quiz/{step.id}", timeout=10,
                                        data=step_form(step, EVERY_STEP_ANSWERS, token))
                assert response.status_code == 200, response.text[:300]
            browser.headers.pop("HX-Request", None)
            result = response.headers.get("HX-Redirect") or response.url
            assert "/result/" in result
            browser.get(server.url + result.removeprefix(server.url), timeout=10)
            browser.post(f"{server.url}/staff/login", timeout=10, data={
                "csrf_token": token, "username": "visitor@example.org", "password": PASSWORD})
            sent["cookies"] |= {c.value for c in browser.cookies}
            sent["tokens"].add(token)
    return sent


def server_records(caplog) -> list[logging.LogRecord]:
    """What the app and its server logged (not the test's own HTTP client)."""
    return [r for r in caplog.records if not r.name.startswith(("urllib3", "requests"))]


def logged(caplog) -> str:
    """Everything the server logged: messages and any traceback, as its handler writes them."""
    return "\n".join(caplog.handler.format(r) for r in server_records(caplog))


@sqlite_only
def test_the_logs_carry_no_answers_cookies_tokens_passwords_addresses_or_user_agents(
    live_server, caplog
):
    caplog.set_level(logging.DEBUG)
    sent = a_visit_over_http(live_server)

    text = logged(caplog)
    assert re.search(r"POST /quiz/\w+ HTTP/1\.1", text), "no access log was captured"
    assert "127.0.0.1" not in text
    assert USER_AGENT not in text
    assert PASSWORD not in text and "visitor@example.org" not in text
    for value in sent["cookies"] | sent["tokens"]:
        assert value not in text
    assert "csrf_token=" not in text and "project_type=" not in text  # no form bodies
    for answer in DISTINCTIVE_ANSWERS:
        assert answer not in text


FORGED_LINES = {
    "an encoded newline in the path":
        b"GET /quiz%0a127.0.0.1 - - forged-line HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "an encoded newline in a path that fails":
        b"GET /test-only/boom/%0d%0aforged-line HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "a raw carriage return in the request line":
        b"GET /quiz\rforged-line HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    "a folded header line":
        b"GET /quiz HTTP/1.1\r\nHost: x\r\nUser-Agent: a\r\n forged-line\r\n"
        b"Connection: close\r\n\r\n",
}


@sqlite_only
@pytest.mark.parametrize("request_bytes", FORGED_LINES.values(), ids=FORGED_LINES)
def test_a_newline_in_a_request_cannot_forge_a_log_line(live_server, caplog, request_bytes):
    caplog.set_level(logging.DEBUG)
    live_server.raw_request(request_bytes)

    assert server_records(caplog), "nothing was logged"
    for record in server_records(caplog):
        message = record.getMessage()
        assert "\n" not in message and "\r" not in message, message
        if "forged-line" in message:
            assert not message.lstrip("- ").startswith("forged-line"), message


def test_the_readme_says_how_gunicorns_access_log_stays_off():
    """gunicorn writes no access log unless told to; the README must keep it that way."""
    readme = (ROOT / "README.md").read_text()
    sections = re.findall(r"^## (?:Configuration|Production|Deploy)[^\n]*\n(.*?)(?=^## |\Z)",
                          readme, re.M | re.S | re.I)
    if not sections:
        pytest.skip("README.md has no configuration or production section yet")
    text = "\n".join(sections)
    assert re.search(r"access[\s-]+log", text, re.I), "no word on gunicorn's access log"
    assert re.search(r"--access-logfile|accesslog", text), "not how to keep it off"
