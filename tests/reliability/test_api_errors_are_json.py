"""Issue 11: every error under /api/v1 is JSON `{"error": ...}` with its status; nested or
huge JSON gets a 422 (never a RecursionError, a 500 or a traceback in the log); every 405,
API or page, says which methods it takes in `Allow`."""

import logging

import pytest
from flask import abort
from sqlalchemy.exc import OperationalError

from tests.reliability.reliability_support import SECRET_PARAMETER, SECRET_SQL, sqlite_only

SCORE = "/api/v1/score"
NESTED = {
    "arrays": "[" * 10_240,
    "objects": '{"a":' * 2_048,
    "arrays inside the answers": '{"answers": {"realtime": ' + "[" * 10_000,
    "closed arrays inside the answers": '{"answers": {"realtime": ' + "[" * 5_000 + "]" * 5_000
                                        + "}}",
}


@pytest.fixture
def app(app):
    """The app with API routes that fail like a bug, an outage, or with a given status."""

    def boom():
        raise RuntimeError(SECRET_SQL)

    def database_down():
        raise OperationalError(SECRET_SQL, (SECRET_PARAMETER,), Exception("database is locked"))

    app.add_url_rule("/api/v1/test-only/boom", "api_test_boom", boom)
    app.add_url_rule("/api/v1/test-only/database-down", "api_test_down", database_down)
    app.add_url_rule("/api/v1/test-only/abort/<int:status>", "api_test_abort",
                     lambda status: abort(status))
    return app


def assert_json_error(response, status):
    assert response.status_code == status
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"error"} or (status == 422 and set(body) == {"error", "errors"})
    assert isinstance(body["error"], str) and body["error"]
    return body


@sqlite_only
def test_an_unknown_api_route_is_a_json_404(client):
    body = assert_json_error(client.get("/api/v1/nothing-here"), 404)
    assert "/api/v1/openapi.json" in body["error"]


@sqlite_only
@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_a_wrong_method_is_a_json_405_with_allow(client, method):
    response = client.open(SCORE, method=method)
    assert_json_error(response, 405)
    assert "POST" in {m.strip() for m in response.headers["Allow"].split(",")}


@sqlite_only
@pytest.mark.parametrize(("method", "path", "allowed"), [
    ("POST", "/healthz", "GET"),
    ("PUT", "/", "GET"),
    ("DELETE", "/staff/login", "POST"),
    ("POST", "/api/v1/openapi.json", "GET"),
])
def test_every_405_names_the_methods_it_takes(client, method, path, allowed):
    response = client.open(path, method=method)
    assert response.status_code == 405
    assert allowed in {m.strip() for m in response.headers["Allow"].split(",")}


@sqlite_only
def test_a_body_too_large_is_a_json_413(client):
    response = client.post(SCORE, data=b'{"answers": {}, "x": "' + b"x" * 32_000 + b'"}',
                           content_type="application/json")
    assert_json_error(response, 413)


@sqlite_only
@pytest.mark.parametrize("raw", NESTED.values(), ids=list(NESTED))
def test_deeply_nested_json_is_a_422_and_logs_no_traceback(client, caplog, raw):
    assert len(raw) >= 10_000
    with caplog.at_level(logging.DEBUG):
        response = client.post(SCORE, data=raw, content_type="application/json")
    body = assert_json_error(response, 422)
    assert "answers" in body["errors"] or "realtime" in body["errors"]
    logged = "\n".join(record.getMessage() + str(record.exc_info) for record in caplog.records)
    assert "Traceback" not in logged and "RecursionError" not in logged
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@sqlite_only
def test_a_url_with_a_nul_byte_is_a_json_400(client):
    assert_json_error(client.post(f"{SCORE}?q=%00", json={"answers": {}}), 400)


@sqlite_only
@pytest.mark.parametrize("status", [400, 403, 415, 429])
def test_any_other_error_status_is_json_too(client, status):
    assert_json_error(client.get(f"/api/v1/test-only/abort/{status}"), status)


@sqlite_only
def test_a_bug_is_a_generic_json_500(client):
    body = assert_json_error(client.get("/api/v1/test-only/boom"), 500)
    assert SECRET_SQL not in body["error"]


@sqlite_only
def test_a_database_outage_is_a_json_503_with_retry_after(client):
    response = client.get("/api/v1/test-only/database-down")
    body = assert_json_error(response, 503)
    assert int(response.headers["Retry-After"]) > 0
    assert SECRET_SQL not in body["error"] and SECRET_PARAMETER not in body["error"]


@sqlite_only
def test_pages_outside_the_api_keep_their_html_error_pages(client):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
