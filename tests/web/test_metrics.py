"""`GET /metrics` (issue 14): Prometheus text for a bearer of METRICS_TOKEN, a 404 without the
setting and a 401 without the right token. It counts requests by route and status, quiz
steps answered, results stored, 503s and 429s, and the database pool; no label carries a
result id, an answer or an address.

Issue 18.11: it serves only counts summed over the process group (the test process has its
PROMETHEUS_MULTIPROC_DIR, tests/conftest.py), and refuses with a 503 saying why without one;
wrong tokens are rate limited per address; the scheme's name is case-insensitive; production
refuses a short token."""

import datetime as dt
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from advisor_web import config, metrics
from advisor_web.quiz.loader import default_quiz
from tests.web.visitor_support import HYBRID_LARGE_TEAM, complete_quiz, stored_results

TOKEN = "a-long-random-metrics-token-for-tests"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def app_config(app_config):
    app_config["METRICS_TOKEN"] = TOKEN
    return app_config


def scrape(client) -> dict[tuple[str, frozenset], float]:
    """Every sample: (name, labels) -> value."""
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 200
    assert response.mimetype == "text/plain"
    return {(sample.name, frozenset(sample.labels.items())): sample.value
            for family in text_string_to_metric_families(response.get_data(as_text=True))
            for sample in family.samples}


def value(samples, name, **labels) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@sqlite_only
@pytest.mark.parametrize("token", [None, ""], ids=["unset", "empty"])
def test_without_a_token_setting_there_is_no_metrics_page(app_config, token):
    from advisor_web import create_app

    app = create_app({**app_config, "METRICS_TOKEN": token})
    try:
        assert app.test_client().get("/metrics", headers=AUTH).status_code == 404
    finally:
        app.extensions["advisor_engine"].dispose()


@sqlite_only
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token", TOKEN, f"Basic {TOKEN}",
                                           f"Bearer {TOKEN}x", f"Bearer {TOKEN[:-1]}"])
def test_a_missing_or_wrong_token_gets_401(client, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 401
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert b"advisor_" not in response.data


@sqlite_only
def test_requests_are_counted_by_route_method_and_status(client):
    before = scrape(client)
    for _ in range(3):
        assert client.get("/healthz").status_code == 200
    assert client.get("/no-such-page").status_code == 404
    after = scrape(client)
    healthz = {"route": "/healthz", "method": "GET", "status": "200"}
    assert value(after, "advisor_http_requests_total", **healthz) \
        - value(before, "advisor_http_requests_total", **healthz) == 3
    assert value(after, "advisor_http_request_duration_seconds_count", **healthz) \
        - value(before, "advisor_http_request_duration_seconds_count", **healthz) == 3
    unmatched = {"route": "unmatched", "method": "GET", "status": "404"}
    assert value(after, "advisor_http_requests_total", **unmatched) \
        - value(before, "advisor_http_requests_total", **unmatched) == 1


@sqlite_only
def test_steps_answered_and_results_stored_are_counted_and_leak_nothing(app, client):
    before = scrape(client)
    assert complete_quiz(client, HYBRID_LARGE_TEAM).status_code == 303
    [stored] = stored_results(app)
    public_id = stored.public_id
    client.get(f"/result/{public_id}")
    response = client.get("/metrics", headers=AUTH)
    text = response.get_data(as_text=True)
    after = scrape(client)

    steps = len(default_quiz().active_steps(HYBRID_LARGE_TEAM))
    default = {"comparison": "node-vs-python"}  # the comparison, by its slug
    assert value(after, "advisor_quiz_steps_answered_total", **default) \
        - value(before, "advisor_quiz_steps_answered_total", **default) == steps
    assert value(after, "advisor_results_stored_total", **default) \
        - value(before, "advisor_results_stored_total", **default) == 1
    assert 'route="/result/<public_id>"' in text
    assert public_id not in text
    assert "127.0.0.1" not in text and "localhost" not in text
    label_values = {v for _, labels in after for _, v in labels}
    assert not label_values & set(HYBRID_LARGE_TEAM.values())
    assert not label_values & set(HYBRID_LARGE_TEAM)


@sqlite_only
def test_the_comparison_label_takes_only_the_slugs_served(app_config, client, app):
    """A served slug labels its own counts; any other slug (a retired comparison's result, a
    made-up one) is folded into "other", so the label's values stay as few as QUIZ_FILES."""
    before = scrape(client)
    with app.app_context():
        metrics.result_stored("node-vs-python")
        metrics.consultation_requested("node-vs-python")
        for slug in ("retired-one", "x" * 40, "node-vs-python\n"):
            metrics.result_stored(slug)
    after = scrape(client)

    def added(name, comparison):
        return value(after, name, comparison=comparison) - value(before, name,
                                                                 comparison=comparison)

    assert added("advisor_results_stored_total", "node-vs-python") == 1
    assert added("advisor_consultations_requested_total", "node-vs-python") == 1
    assert added("advisor_results_stored_total", "other") == 3
    # Only the counts of this test: other tests in this process served other comparisons.
    def comparisons(scraped):
        return {v for (name, labels) in scraped for k, v in labels if k == "comparison"}
    assert comparisons(after) - comparisons(before) <= {"node-vs-python", "other"}
    assert "retired-one" not in comparisons(after)


@sqlite_only
def test_429s_and_503s_are_counted(app_config, client, app):
    before = scrape(client)
    app.view_functions["health.readyz"] = lambda: ("", 503)
    app.view_functions["health.healthz"] = lambda: ("", 429)
    client.get("/readyz")
    client.get("/healthz")
    after = scrape(client)
    for name, route in [("advisor_unavailable_responses_total", "/readyz"),
                        ("advisor_rate_limited_responses_total", "/healthz")]:
        assert value(after, name, route=route) - value(before, name, route=route) == 1


@sqlite_only
def test_the_database_pool_is_reported(client):
    samples = scrape(client)
    assert value(samples, "advisor_db_pool_size") >= 1
    assert ("advisor_db_pool_checked_out", frozenset()) in samples


def test_the_outbox_gauges_come_from_the_database(app_config, tmp_path):
    from sqlalchemy import update

    from advisor_web import create_app, db, outbox
    from advisor_web.storage.outbox import OutboxMessage
    from tests.support.outbox import Clock, announce, drain
    from tests.support.webhooks import SECRET

    app = create_app({**app_config, "WEBHOOK_URLS": ["http://127.0.0.1:9/nothing-listens"],
                      "WEBHOOK_SECRET": SECRET, "OUTBOX_RETRY_SECONDS": "0"})
    try:
        client = app.test_client()
        samples = scrape(client)
        assert value(samples, "advisor_outbox_messages", status="pending") == 0
        assert value(samples, "advisor_outbox_oldest_pending_age_seconds") == 0
        announce(app, subject="req_1")
        announce(app, subject="req_2")
        drain(app, Clock())  # port 9 refuses: the first attempt fails, the second fails for good
        announce(app, subject="req_3")
        with app.app_context():  # queued an hour ago
            session = db.get_session()
            with db.transaction(session):
                session.execute(update(OutboxMessage).where(OutboxMessage.status == "pending")
                                .values(created_at=outbox.utcnow() - dt.timedelta(hours=1)))
        samples = scrape(client)
        assert value(samples, "advisor_outbox_messages", status="failed") == 2
        assert value(samples, "advisor_outbox_messages", status="pending") == 1
        assert 3600 <= value(samples, "advisor_outbox_oldest_pending_age_seconds") < 4000
    finally:
        app.extensions["advisor_engine"].dispose()


@sqlite_only
@pytest.mark.parametrize("scheme", ["Bearer", "bearer", "BEARER", "bEaReR"])
def test_the_bearer_scheme_is_case_insensitive(client, scheme):
    response = client.get("/metrics", headers={"Authorization": f"{scheme} {TOKEN}"})
    assert response.status_code == 200
    assert b"advisor_http_requests" in response.data


@sqlite_only
@pytest.mark.parametrize("token", ["ab=cd+ef/gh==" * 3, "x" * 40])
def test_any_token_the_setting_holds_is_accepted(app_config, token):
    from advisor_web import create_app

    app = create_app({**app_config, "METRICS_TOKEN": token})
    try:
        client = app.test_client()
        assert client.get("/metrics", headers={"Authorization": f"Bearer {token}"}) \
            .status_code == 200
        assert client.get("/metrics", headers={"Authorization": f"Bearer {token}="}) \
            .status_code == 401
    finally:
        app.extensions["advisor_engine"].dispose()


@sqlite_only
@pytest.mark.parametrize("directory", ["unset", "missing"])
def test_without_the_multiprocess_directory_metrics_refuse_and_say_why(client, monkeypatch,
                                                                        tmp_path, directory):
    if directory == "unset":
        monkeypatch.delenv("PROMETHEUS_MULTIPROC_DIR")
    else:
        monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path / "gone"))
    response = client.get("/metrics", headers=AUTH)
    assert response.status_code == 503
    assert response.mimetype == "text/plain"
    text = response.get_data(as_text=True)
    assert "PROMETHEUS_MULTIPROC_DIR" in text and "gunicorn_config" in text
    assert "advisor_" not in text.replace("advisor_web", "")  # no count of one worker
    # The token is still checked first: a stranger learns nothing about the set-up.
    assert client.get("/metrics").status_code == 401


@sqlite_only
def test_wrong_tokens_are_rate_limited_per_address_and_right_ones_cost_nothing(app_config):
    from advisor_web import create_app

    app = create_app({**app_config, "RATELIMIT_ENABLED": True,
                      "METRICS_RATE_LIMIT": "3 per minute"})
    try:
        client = app.test_client()
        for _ in range(5):
            assert client.get("/metrics", headers=AUTH).status_code == 200
        wrong = {"Authorization": "Bearer guess"}
        assert [client.get("/metrics", headers=wrong).status_code for _ in range(4)] \
            == [401, 401, 401, 429]
        assert client.get("/metrics", headers=AUTH).status_code == 429  # until the window ends
        elsewhere = {"REMOTE_ADDR": "192.0.2.7"}
        assert client.get("/metrics", headers=AUTH, environ_base=elsewhere).status_code == 200
    finally:
        app.extensions["advisor_engine"].dispose()


@pytest.mark.parametrize("token", ["12345", "t" * 31])
def test_production_refuses_a_short_metrics_token(monkeypatch, tmp_path, token):
    from advisor_web import create_app

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/advisor.sqlite3")
    monkeypatch.setenv("ADVISOR_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("METRICS_TOKEN", token)
    with pytest.raises(config.WeakMetricsToken, match="at least 32"):
        create_app()


def test_production_starts_with_a_long_metrics_token(monkeypatch, tmp_path):
    from advisor_web import create_app

    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/advisor.sqlite3")
    monkeypatch.setenv("ADVISOR_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    monkeypatch.setenv("METRICS_TOKEN", "t" * 32)
    app = create_app()
    assert app.config["METRICS_TOKEN"] == "t" * 32
    app.extensions["advisor_engine"].dispose()


@sqlite_only
def test_without_a_database_the_outbox_gauges_are_left_out_and_the_rest_served(app, client,
                                                                               caplog):
    from sqlalchemy.engine import make_url

    client.get("/healthz")
    app.extensions["advisor_engine"].dispose()
    Path(make_url(app.config["DATABASE_URL"]).database).unlink()  # no tables any more
    samples = scrape(client)
    assert ("advisor_outbox_oldest_pending_age_seconds", frozenset()) not in samples
    assert any(name == "advisor_http_requests_total" for name, _ in samples)
    assert "the outbox's gauges are left out" in caplog.text
