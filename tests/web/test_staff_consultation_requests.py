"""Staff and consultation requests: the list (newest first, each with its result), status
changes and deletions by POST and 303, the formula-safe CSV export, and the dashboard's
requests per stored result, read from tallies."""

from __future__ import annotations

import csv
import io
import re

import pytest
from sqlalchemy import event

from advisor_web import db
from tests.support.answer_sets import NODE_DELIVERY, PYTHON_AI
from tests.support.webhooks import SECRET
from tests.web.consultation_support import (
    QUICK,
    TYPED,
    ask,
    outbox_rows,
    stored_requests,
    withdraw_form,
)
from tests.web.staff_support import csrf_token
from tests.web.visitor_support import finish_quiz


@pytest.fixture
def app_config(app_config):
    return {**app_config, **QUICK, "WEBHOOK_URLS": ["https://crm.example/in"],
            "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def two_requests(app):
    """Sita asks about a Node.js result, then Ram about a Python one."""
    visitor = app.test_client()
    first = finish_quiz(visitor, NODE_DELIVERY)
    assert ask(visitor, first).status_code == 303
    second = finish_quiz(visitor, PYTHON_AI)
    typed = {**TYPED, "name": "Ram", "email": "ram@example.com", "company": "=HYPERLINK(1)",
             "message": "@SUM(A1)"}
    assert ask(visitor, second, typed).status_code == 303
    return first, second


def request_blocks(body: bytes) -> list[str]:
    text = body.decode()
    return re.findall(r"<article[^>]*data-request.*?</article>", text, re.S)


def test_the_list_shows_each_request_newest_first_with_its_result(app, staff, two_requests):
    page = staff.get("/staff/requests")
    assert page.status_code == 200
    ram, sita = request_blocks(page.data)
    assert "Ram" in ram and "Python" in ram and two_requests[1] in ram
    assert "Sita Sharma" in sita and "Node.js" in sita and two_requests[0] in sita
    assert 'data-status="new"' in sita
    assert "Answers" in sita


def test_the_list_needs_a_staff_login(app, client):
    assert client.get("/staff/requests").status_code == 302
    assert client.get("/staff/requests.csv").status_code == 302


def test_a_status_change_is_a_post_answered_with_303(app, staff, two_requests):
    page = staff.get("/staff/requests")
    [_ram, sita] = stored_requests(app)[::-1]
    response = staff.post(f"/staff/requests/{sita.id}/status",
                          data={"status": "answered", "csrf_token": csrf_token(page.data)})
    assert response.status_code == 303
    assert {r.name: r.status for r in stored_requests(app)} == {"Sita Sharma": "answered",
                                                                "Ram": "new"}
    bad = staff.post(f"/staff/requests/{sita.id}/status",
                     data={"status": "lost", "csrf_token": csrf_token(page.data)})
    assert bad.status_code == 422 and b"Not a valid choice" in bad.data


def test_deleting_a_request_drops_its_pending_deliveries(app, staff, two_requests):
    page = staff.get("/staff/requests")
    sita = stored_requests(app)[0]
    response = staff.post(f"/staff/requests/{sita.id}/delete",
                          data={"csrf_token": csrf_token(page.data)})
    assert response.status_code == 303
    assert [r.name for r in stored_requests(app)] == ["Ram"]
    assert [row.subject for row in outbox_rows(app)] == [stored_requests(app)[0].id]
    again = staff.post(f"/staff/requests/{sita.id}/delete",
                       data={"csrf_token": csrf_token(page.data)})
    assert again.status_code == 404


def test_the_csv_export_lists_every_request_and_is_formula_safe(app, staff, two_requests):
    response = staff.get("/staff/requests.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [row["name"] for row in rows] == ["Ram", "Sita Sharma"]
    assert rows[0]["company"] == "'=HYPERLINK(1)" and rows[0]["message"] == "'@SUM(A1)"
    assert rows[1]["verdict"] == "node" and rows[1]["result_url"].endswith(two_requests[0])


def test_the_dashboard_counts_requests_per_result_without_reading_requests(
        app, staff, two_requests):
    statements = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    with app.app_context():
        engine = db.engine()
    event.listen(engine, "before_cursor_execute", record)
    try:
        page = staff.get("/staff/")
    finally:
        event.remove(engine, "before_cursor_execute", record)
    body = page.data.decode()
    assert re.search(r'data-metric="consultations">2<', body)
    assert "100.0% of the 2 results stored" in body  # a request about each result
    by_verdict = body[body.index("<caption>By verdict"):]
    by_verdict = by_verdict[:by_verdict.index("</table>")]
    assert re.search(r"Node\.js</th><td>1</td><td>1</td><td>100\.0%", by_verdict)
    assert "By project type" in body and "By source" in body and "By language" in body
    assert not any("consultation_request" in s for s in statements)


def test_a_withdrawn_request_is_taken_off_the_dashboards_count(app, staff, two_requests):
    visitor = app.test_client()
    url = finish_quiz(visitor, NODE_DELIVERY)
    sent = ask(visitor, url)
    page = visitor.get(sent.headers["Location"])
    visitor.post("/consultation/withdraw", data=withdraw_form(page.data))
    body = staff.get("/staff/").data.decode()
    assert re.search(r'data-metric="consultations">2<', body)
    assert "66.7% of the 3 results stored" in body
