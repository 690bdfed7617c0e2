"""The dashboard counts what visitors did, from the tallies; the exports list the results."""

import csv
import datetime as dt
import io
import json
import re
from dataclasses import replace

import pytest
from sqlalchemy import event

from advisor_web import db
from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import score
from advisor_web.storage import results
from advisor_web.storage.models import new_public_id
from tests.support.database import DEFAULT_COMPARISON
from tests.support.quiz_runner import complete_quiz, reach, result_url

QUIZ = default_quiz()
BASE = {
    "project_type": "saas", "realtime": "none", "ai_ml": "none", "data_processing": "none",
    "team_language": "javascript", "team_experience": "experienced",
    "frontend": "js_framework", "crud_admin": "no", "ship_speed": "normal",
    "concurrency": "high", "cost_sensitive": "no",
}
# Two Node.js, two Python and two runs through the conditional team-size step.
RUNS = [
    BASE,
    {**BASE, "project_type": "realtime", "realtime": "core"},
    {**BASE, "team_language": "python", "crud_admin": "yes", "project_type": "internal_tool"},
    {**BASE, "project_type": "ai_product", "ai_ml": "core", "team_language": "python"},
    {**BASE, "realtime": "core", "ai_ml": "core", "team_language": "both", "team_size": "large"},
    {**BASE, "realtime": "some", "ai_ml": "core", "team_language": "both", "team_size": "solo"},
]
TODAY = dt.datetime.now(dt.UTC).date()


@pytest.fixture(autouse=True)
def csrf_off(app_config):
    """The quiz runs post hand-made forms; CSRF itself is tested elsewhere."""
    app_config["WTF_CSRF_ENABLED"] = False


def run_quiz(app, answers, stop_before=None):
    """A visitor answering every step they are shown (or leaving at `stop_before`)."""
    visitor = app.test_client()
    if stop_before:
        reach(visitor, stop_before, answers)
    else:
        visitor.get(result_url(complete_quiz(visitor, answers)))


def metrics(body: bytes) -> dict[str, str]:
    return {name.decode(): value.decode().replace(",", "")
            for name, value in re.findall(rb'data-metric="([^"]+)">([^<]*)<', body)}


def funnel(body: bytes) -> dict[str, tuple[int, int, int]]:
    """{step id: (reached, answered, left)} from the funnel's table."""
    rows = re.findall(rb'<tr data-step="([^"]+)">.*?</th>(.*?)</tr>', body, re.S)
    found = {}
    for step_id, cells in rows:
        numbers = [int(n.replace(b",", b"")) for n in re.findall(rb'<td class="num">([\d,]+)<',
                                                                  cells)]
        found[step_id.decode()] = tuple(numbers[:3])
    return found


def store(app, outcome, day=TODAY):
    with app.app_context():
        results.store(db.get_session(), DEFAULT_COMPARISON,
                      [results.Finished(new_public_id(), outcome, day)])


def test_dashboard_counts_equal_the_quiz_runs_completed(app, staff):
    for answers in RUNS:
        run_quiz(app, answers)
    run_quiz(app, BASE, stop_before="team")  # one visitor leaves at the third step

    body = staff.get("/staff/").data
    numbers = metrics(body)
    expected = [score(QUIZ, answers).verdict for answers in RUNS]
    assert numbers["completed"] == str(len(RUNS))
    assert numbers["started"] == str(len(RUNS) + 1)
    for verdict in ("node", "python", "hybrid"):
        assert numbers[f"verdict-{verdict}"] == str(expected.count(verdict))
    assert sum(int(numbers[f"verdict-{v}"]) for v in ("node", "python", "hybrid")) == len(RUNS)
    assert expected.count("hybrid") == 1 and expected.count("node") >= 1


def test_the_funnel_is_right_across_the_conditional_step(app, staff):
    for answers in RUNS:
        run_quiz(app, answers)
    run_quiz(app, BASE, stop_before="team")  # sees the third step, leaves without answering
    run_quiz(app, RUNS[4], stop_before="team_size")  # qualifies for the last step, leaves there

    steps = funnel(staff.get("/staff/").data)
    assert list(steps) == [step.id for step in QUIZ.steps]
    started = len(RUNS) + 2
    assert steps["project"] == (started, started, 0)
    assert steps["features"] == (started, started, 0)
    assert steps["team"] == (started, started - 1, 1)
    assert steps["product"] == (started - 1, started - 1, 0)
    # Most finish here; those with live features and central ML go on to the team size.
    assert steps["launch"] == (started - 1, started - 1, 0)
    assert steps["team_size"] == (3, 2, 1)
    assert sum(left for _, _, left in steps.values()) == started - len(RUNS)


def test_answers_are_shown_with_the_quiz_labels(app, staff):
    run_quiz(app, RUNS[3])
    body = staff.get("/staff/").data.decode()
    assert QUIZ.question("project_type").prompt in body
    assert QUIZ.question("project_type").choice("ai_product").label in body


def test_counts_for_retired_choices_and_versions_still_show(app, staff):
    old = score(QUIZ, BASE)
    store(app, replace(old, quiz_version="2024.9",
                       answers={**old.answers, "frontend": "flash", "legacy_q": "yes"}))
    body = staff.get("/staff/").data
    assert b"flash" in body and b"legacy_q" in body
    assert b"no longer in the quiz" in body
    assert b'<option value="2024.9">' in body


def test_the_date_range_filters_every_number(app, staff):
    outcome = score(QUIZ, BASE)
    store(app, outcome, TODAY - dt.timedelta(days=40))
    store(app, outcome, TODAY)
    store(app, outcome, TODAY)
    assert metrics(staff.get("/staff/").data)["completed"] == "2"  # the last 30 days
    old = TODAY - dt.timedelta(days=40)
    only_old = staff.get(f"/staff/?from={old}&to={old}").data
    assert metrics(only_old)["completed"] == "1"
    assert metrics(only_old)["verdict-node"] == "1"


def test_the_version_filter_keeps_one_quiz_version(app, staff):
    outcome = score(QUIZ, BASE)
    store(app, replace(outcome, quiz_version="2024.9"))
    store(app, outcome)
    assert metrics(staff.get("/staff/").data)["completed"] == "2"
    assert metrics(staff.get("/staff/?version=2024.9").data)["completed"] == "1"


@pytest.mark.parametrize("query, message", [
    ("from=2025-13-45", b"enter a date as YYYY-MM-DD"),
    ("to=yesterday", b"enter a date as YYYY-MM-DD"),
    ("from=2025-03-02&to=2025-03-01", b"must not be before the start date"),
    ("from=2020-01-01&to=2024-01-01&by=day", b"a year or less"),
    ("version=1999.1", b"no tallies for that quiz version"),
    ("by=fortnight", b"Not a valid choice"),
])
def test_bad_filters_get_a_clear_message_not_an_error(staff, query, message):
    response = staff.get(f"/staff/?{query}")
    assert response.status_code == 200
    assert message in response.data
    assert b"Showing the last 30 days instead." in response.data
    assert b'data-metric="completed"' in response.data


def test_the_trend_switches_to_weeks_for_long_ranges(staff):
    daily = staff.get("/staff/?from=2025-01-01&to=2025-01-31").data
    weekly = staff.get("/staff/?from=2025-01-01&to=2025-06-30").data
    assert b"Quizzes per day" in daily
    assert b"Quizzes per week" in weekly
    assert b"Quizzes per month" in staff.get("/staff/?from=2025-01-01&to=2025-06-30&by=month").data


def test_an_htmx_request_gets_only_the_board(staff):
    response = staff.get("/staff/", headers={"HX-Request": "true"})
    assert b"<html" not in response.data
    assert b'id="board"' in response.data
    assert b'data-metric="started"' in response.data


def dashboard_reads(app, staff) -> list[tuple[str, object]]:
    """The SELECTs (statement, parameters) that one dashboard request sends."""
    statements = []
    engine = app.extensions["advisor_engine"]

    def listener(_connection, _cursor, statement, parameters, *_):
        statements.append((statement, parameters))

    event.listen(engine, "before_cursor_execute", listener)
    try:
        assert staff.get("/staff/?from=2020-01-01").status_code == 200
    finally:
        event.remove(engine, "before_cursor_execute", listener)
    return [(s, p) for s, p in statements if s.lstrip().upper().startswith("SELECT")]


def test_the_dashboard_reads_tallies_only_and_as_many_at_any_size(app, staff):
    for answers in RUNS[:2]:
        run_quiz(app, answers)
    few = dashboard_reads(app, staff)
    for answers in RUNS[2:] * 3:
        run_quiz(app, answers)
    many = dashboard_reads(app, staff)
    assert [s for s, _ in many] == [s for s, _ in few]  # the same questions, however many
    assert not any("stored_result" in s for s, _ in many)
    # the staff member, the comparisons and their versions (a seek each), the sources, the
    # totals, the trend
    assert len(many) <= 8


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_no_dashboard_question_reads_the_whole_tally_table(app, staff):
    """SQLite keeps no statistics unless asked: each question must find its index by its
    shape (models.TALLY_BY_COMPARISON for those without a day, uq_tally for day ranges)."""
    for answers in RUNS:
        run_quiz(app, answers)
    engine = app.extensions["advisor_engine"]
    with engine.connect() as connection:
        for statement, parameters in dashboard_reads(app, staff):
            if "tally" not in statement:
                continue
            plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {statement}",
                                              parameters).all()
            steps = " | ".join(row[-1] for row in plan)
            assert "SCAN tally" not in steps, (statement, steps)


# -- exports ---------------------------------------------------------------------------------

FORMULAS = {
    "project_type": "=HYPERLINK(\"http://x.io\")",
    "realtime": "+1+1",
    "ai_ml": "-2+3",
    "data_processing": "@SUM(A1)",
    "frontend": "\tcmd",
    "crud_admin": "\rcmd",
}


def test_csv_export_has_a_row_per_result_and_a_column_per_question(app, staff):
    for answers in RUNS:
        run_quiz(app, answers)
    response = staff.get("/staff/export.csv")
    assert response.status_code == 200
    assert response.is_streamed
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=backend-advisor-node-vs-python-results.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == len(RUNS)
    header = list(rows[0])
    assert header[:8] == ["date", "quiz_version", "verdict", "node_score", "python_score",
                          "source", "helpful", "building_with"]
    assert header[8:] == [q.id for q in QUIZ.questions]
    assert sorted(r["verdict"] for r in rows) == sorted(score(QUIZ, a).verdict for a in RUNS)
    assert {r["date"] for r in rows} == {TODAY.isoformat()}
    # Rows come by day, then by random public id: find BASE's by its answers.
    [base] = [r for r in rows if r["project_type"] == "saas" and r["realtime"] == "none"]
    assert base["team_language"] == "javascript"
    assert base["team_size"] == ""  # not asked
    float(base["node_score"])


def test_csv_export_neutralises_formula_cells(app, staff):
    outcome = score(QUIZ, BASE)
    store(app, replace(outcome, answers={**outcome.answers, **FORMULAS, "extra_q": "=1+2"}))
    text = staff.get("/staff/export.csv").get_data(as_text=True)
    (row,) = list(csv.DictReader(io.StringIO(text)))
    for question, value in {**FORMULAS, "extra_q": "=1+2"}.items():
        assert row[question] == "'" + value
    assert row["team_language"] == "javascript"
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in row.values())


def test_json_export_has_the_same_rows(app, staff):
    for answers in RUNS[:3]:
        run_quiz(app, answers)
    response = staff.get("/staff/export.json")
    assert response.headers["Content-Disposition"] == (
        "attachment; filename=backend-advisor-node-vs-python-results.json")
    rows = json.loads(response.get_data(as_text=True))
    assert len(rows) == 3
    assert list(rows[0])[:5] == ["date", "quiz_version", "verdict", "node_score", "python_score"]
    [base] = [r for r in rows if r["project_type"] == "saas" and r["realtime"] == "none"]
    assert base["team_size"] is None
    assert isinstance(base["node_score"], float)


def test_exports_apply_the_filters(app, staff):
    outcome = score(QUIZ, BASE)
    store(app, outcome, TODAY - dt.timedelta(days=3))
    store(app, replace(outcome, quiz_version="2024.9"))
    old = TODAY - dt.timedelta(days=3)
    assert len(json.loads(staff.get(f"/staff/export.json?from={old}&to={old}").data)) == 1
    assert len(json.loads(staff.get("/staff/export.json?version=2024.9").data)) == 1
    assert len(json.loads(staff.get("/staff/export.json?from=2001-01-01&to=2001-12-31").data)) == 0


def test_an_export_with_bad_filters_is_refused(staff):
    response = staff.get("/staff/export.csv?from=nonsense")
    assert response.status_code == 400
    assert b"YYYY-MM-DD" in response.data


def test_the_dashboard_links_to_exports_with_its_filters(staff):
    body = staff.get("/staff/?from=2025-01-01&to=2025-02-01").data
    assert b"/staff/export.csv?quiz=node-vs-python&amp;from=2025-01-01&amp;to=2025-02-01" in body
    assert b"/staff/export.json?quiz=node-vs-python&amp;from=2025-01-01&amp;to=2025-02-01" in body
