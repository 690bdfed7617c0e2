"""Everything under /staff/ but the login page is closed to anonymous visitors."""

import pytest

from tests.web.staff_support import create_staff, location_path, log_in


def staff_requests(app):
    """(method, url) for every method of every rule under /staff/, the login page aside."""
    found = []
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/staff/") or rule.endpoint == "staff.login":
            continue
        # "1" fits any URL variable a later staff route may take (int, string or path).
        url = rule.build({name: "1" for name in rule.arguments})[1]
        found += [(method, url) for method in sorted(rule.methods - {"HEAD", "OPTIONS"})]
    return found


@pytest.fixture
def csrf_off(app_config):
    """So that a POST reaches the login check rather than stopping at the CSRF check."""
    app_config["WTF_CSRF_ENABLED"] = False


def test_the_url_map_has_the_staff_pages(app):
    urls = {url for _, url in staff_requests(app)}
    assert {"/staff/", "/staff/export.csv", "/staff/export.json", "/staff/logout"} <= urls


def test_every_staff_page_sends_an_anonymous_visitor_to_log_in(csrf_off, app, client):
    for method, url in staff_requests(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, (method, url)
        assert location_path(response) == "/staff/login", (method, url)


def test_the_login_page_is_open(client):
    response = client.get("/staff/login")
    assert response.status_code == 200
    assert b'name="username"' in response.data
    assert b'name="password"' in response.data


def naming_a_record(app) -> set[str]:
    """The staff URLs built with "1" for a record's id (e.g. a delivery to send again)."""
    return {rule.build({name: "1" for name in rule.arguments})[1]
            for rule in app.url_map.iter_rules()
            if rule.rule.startswith("/staff/") and rule.arguments}


def test_every_staff_page_opens_once_logged_in(csrf_off, app, client):
    create_staff(app)
    log_in(client)
    records = naming_a_record(app)
    for method, url in staff_requests(app):
        if url != "/staff/logout":
            response = client.open(url, method=method)
            response.close()  # an export streams: end it, as a server does after sending
            if url in records:  # no record "1" exists in an empty database
                assert response.status_code == 404, (method, url)
                continue
            # A POST with nothing in it (the replay's upload) shows its form again, with 422.
            assert response.status_code == (422 if method == "POST" else 200), (method, url)
            assert b"<form" in response.data or method == "GET", (method, url)


def test_staff_pages_are_never_cached(app, client):
    create_staff(app)
    for url in ("/staff/login", "/staff/"):
        assert client.get(url).headers["Cache-Control"] == "no-store"
    log_in(client)
    for url in ("/staff/", "/staff/export.csv", "/staff/export.json"):
        response = client.get(url)
        response.close()
        assert response.headers["Cache-Control"] == "no-store", url
