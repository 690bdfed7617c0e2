"""Issue 11.15, the smaller faults: one charset per Content-Type, no `Vary: Cookie` on answers
that are the same for everyone, a Permissions-Policy, and a robots.txt that keeps crawlers off
the staff pages (and the README saying so, issue 18.12)."""

from pathlib import Path

import pytest

from tests.support.answer_sets import NODE_DELIVERY
from tests.web.staff_support import create_staff, log_in
from tests.web.visitor_support import finish_quiz, tags

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
STATIC = ["/static/app.css", "/static/app.js", "/favicon.ico"]
README = Path(__file__).resolve().parents[2] / "README.md"


@sqlite_only
def test_each_content_type_names_its_charset_once(app, client):
    create_staff(app)
    log_in(client)
    for path in [*STATIC, "/healthz", "/robots.txt", "/", "/staff/export.csv",
                 "/staff/export.json"]:
        content_type = client.get(path).headers["Content-Type"]
        assert content_type.count("charset") <= 1, (path, content_type)
    assert client.get("/static/app.css").headers["Content-Type"] == "text/css; charset=utf-8"
    assert client.get("/staff/export.csv").headers["Content-Type"] == "text/csv; charset=utf-8"


@sqlite_only
def test_answers_the_same_for_everyone_do_not_vary_by_cookie(client):
    client.get("/quiz")  # a visitor with a session cookie
    assert client.get_cookie("session")
    for path in [*STATIC, "/healthz", "/readyz", "/robots.txt"]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert "Cookie" not in response.vary, path
    # Pages built from the session still say so.
    assert "Cookie" in client.get("/quiz").vary


@sqlite_only
def test_every_answer_denies_powerful_browser_features(client):
    for path in ["/", "/quiz", "/healthz", "/static/app.css", "/no-such-page"]:
        policy = client.get(path).headers.get("Permissions-Policy", "")
        for feature in ("camera", "microphone", "geolocation", "payment"):
            assert f"{feature}=()" in policy, (path, feature)


@sqlite_only
def test_robots_txt_keeps_crawlers_out_of_staff_pages_and_results_out_of_indexes(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    lines = response.get_data(as_text=True).splitlines()
    assert "User-agent: *" in lines and "Allow: /" in lines
    assert "Disallow: /staff/" in lines
    # Link-preview bots honour robots.txt: a result must stay fetchable to preview, and
    # asks search engines not to index it instead.
    assert not any(line.startswith("Disallow: /result") for line in lines)
    url = finish_quiz(client, NODE_DELIVERY)
    robots = [t for t in tags(client.get(url).data, "meta") if t.get("name") == "robots"]
    assert [t["content"] for t in robots] == ["noindex"]
    assert not [t for t in tags(client.get("/quiz").data, "meta") if t.get("name") == "robots"]


@sqlite_only
def test_the_readme_says_what_robots_txt_disallows(client):
    disallowed = [line.removeprefix("Disallow: ")
                  for line in client.get("/robots.txt").get_data(as_text=True).splitlines()
                  if line.startswith("Disallow: ")]
    [said] = [line for line in README.read_text(encoding="utf-8").splitlines()
              if line.startswith("- `GET /robots.txt`")]
    for path in disallowed:
        assert f"`{path}`" in said, (path, said)
    assert "landing page" not in said  # it allows everything else, the quiz and results too
