"""`flask results purge`: stored results older than the retention period go, tallies stay."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import func, select

from advisor_web import db
from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import score
from advisor_web.storage import results, retention
from advisor_web.storage.models import StoredResult, Tally, new_public_id
from tests.support.answer_sets import NODE_DELIVERY, PYTHON_AI
from tests.support.database import DEFAULT_COMPARISON
from tests.web.staff_support import create_staff, log_in

TODAY = retention.today()
# Days ago each stored result was stored: three are older than 30 days, four are not.
AGES = (400, 31, 31, 30, 29, 1, 0)


def days_ago(days: int) -> dt.date:
    return TODAY - dt.timedelta(days=days)


@pytest.fixture
def stored(app):
    """One result per entry of AGES, alternating two answer sets; returns their public ids by
    age."""
    quiz = default_quiz()
    outcomes = [score(quiz, NODE_DELIVERY), score(quiz, PYTHON_AI)]
    finished = [results.Finished(new_public_id(), outcomes[i % 2], days_ago(age))
                for i, age in enumerate(AGES)]
    with app.app_context():
        assert results.store(db.get_session(), DEFAULT_COMPARISON, finished) == len(AGES)
    return [(f.public_id, age) for f, age in zip(finished, AGES, strict=True)]


def stored_ids(app) -> set[str]:
    with app.app_context():
        return set(db.get_session().scalars(select(StoredResult.public_id)))


def all_tallies(app) -> list[tuple]:
    with app.app_context():
        rows = db.get_session().execute(
            select(Tally.day, Tally.quiz_version, Tally.kind, Tally.key, Tally.value, Tally.count)
            .order_by(Tally.day, Tally.kind, Tally.key, Tally.value))
        return [tuple(row) for row in rows]


def dashboard_numbers(client, since: dt.date) -> dict[str, str]:
    body = client.get("/staff/", query_string={"from": since.isoformat()}).data
    return dict(re.findall(r'data-metric="([^"]+)">([^<]*)<', body.decode()))


def test_purge_removes_only_results_older_than_the_period(app, runner, stored):
    outcome = runner.invoke(args=["results", "purge", "--older-than", "30"])

    assert outcome.exit_code == 0, outcome.output
    assert f"removed 3 stored results dated before {days_ago(30)}" in outcome.output
    assert stored_ids(app) == {public_id for public_id, age in stored if age <= 30}


def test_purge_keeps_tallies_and_the_dashboard_numbers(app, client, runner, stored):
    create_staff(app)
    assert log_in(client).status_code == 303
    before = dashboard_numbers(client, days_ago(400))
    tallies_before = all_tallies(app)
    assert before["completed"] == str(len(AGES))

    assert runner.invoke(args=["results", "purge", "--older-than", "30"]).exit_code == 0

    assert len(stored_ids(app)) == 4
    assert all_tallies(app) == tallies_before
    assert dashboard_numbers(client, days_ago(400)) == before


def test_purging_again_removes_nothing_more(app, runner, stored):
    assert runner.invoke(args=["results", "purge", "--older-than", "30"]).exit_code == 0
    kept = stored_ids(app)

    again = runner.invoke(args=["results", "purge", "--older-than", "30"])

    assert again.exit_code == 0, again.output
    assert f"nothing to remove: no stored results dated before {days_ago(30)}" in again.output
    assert stored_ids(app) == kept


def test_dry_run_reports_what_would_go_and_removes_nothing(app, runner, stored):
    outcome = runner.invoke(args=["results", "purge", "--older-than", "30", "--dry-run"])

    assert outcome.exit_code == 0, outcome.output
    assert (f"dry run: would remove 3 stored results dated {days_ago(400)} to {days_ago(31)}"
            in outcome.output)
    assert stored_ids(app) == {public_id for public_id, _ in stored}


def test_small_batches_remove_every_old_result(app, stored):
    batches = []
    with app.app_context():
        session = db.get_session()
        removed = retention.purge(session, days_ago(0), batch=2,
                                  progress=lambda n, _seconds: batches.append(n))
        left = session.scalar(select(func.count()).select_from(StoredResult))
    assert removed == 6
    assert batches == [2, 4, 6]  # three full batches, then one that found nothing
    assert left == 1


def test_retention_days_setting_is_the_default(app, runner, stored):
    app.config["RESULT_RETENTION_DAYS"] = 100

    outcome = runner.invoke(args=["results", "purge"])

    assert outcome.exit_code == 0, outcome.output
    assert "older than 100 days" in outcome.output
    assert stored_ids(app) == {public_id for public_id, age in stored if age <= 100}


def test_without_a_period_the_purge_refuses_and_says_how_to_give_one(app, runner, stored):
    outcome = runner.invoke(args=["results", "purge"])

    assert outcome.exit_code == 2
    assert "pass --older-than DAYS or set RESULT_RETENTION_DAYS" in outcome.output
    assert len(stored_ids(app)) == len(AGES)


@pytest.mark.parametrize("days", ["0", "-5", "thirty", "1.5", "36501", ""])
def test_bad_days_are_refused_and_nothing_is_removed(app, runner, stored, days):
    outcome = runner.invoke(args=["results", "purge", "--older-than", days])

    assert outcome.exit_code == 2
    assert "--older-than" in outcome.output
    assert len(stored_ids(app)) == len(AGES)


@pytest.mark.parametrize("configured", [-3, 40_000])
def test_a_bad_retention_setting_is_refused(app, runner, stored, configured):
    app.config["RESULT_RETENTION_DAYS"] = configured

    outcome = runner.invoke(args=["results", "purge"])

    assert outcome.exit_code == 2
    assert f"RESULT_RETENTION_DAYS is {configured}" in outcome.output
    assert len(stored_ids(app)) == len(AGES)


def test_the_setting_is_read_from_the_environment(monkeypatch, tmp_path):
    from advisor_web import config

    monkeypatch.setenv("RESULT_RETENTION_DAYS", "180")
    assert config.from_environment(str(tmp_path))["RESULT_RETENTION_DAYS"] == 180
    monkeypatch.delenv("RESULT_RETENTION_DAYS")
    assert config.from_environment(str(tmp_path))["RESULT_RETENTION_DAYS"] is None


def test_a_result_exactly_the_period_old_is_kept():
    assert retention.cutoff(30, dt.date(2026, 3, 31)) == dt.date(2026, 3, 1)


def test_a_purged_result_answers_404_with_a_page_that_says_results_expire(app, client):
    from datetime import timedelta

    from tests.support.answer_sets import NODE_DELIVERY
    from tests.web.visitor_support import finish_quiz

    app.config["RESULT_RETENTION_DAYS"] = 30
    url = finish_quiz(client, NODE_DELIVERY)
    with app.app_context():
        retention.purge(db.get_session(), TODAY + timedelta(days=1))
    for path in (url, f"{url}/card.png", f"{url}/decision-record.md"):
        page = client.get(path)
        assert page.status_code == 404, path
        assert b"the result has expired" in page.data
        assert b"Results are kept for 30 days, then deleted." in page.data
