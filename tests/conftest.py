"""Fixtures shared by the web and browser tests: an app on a fresh, migrated database.

Every test that asks for `database_url` (and so every `app`) runs twice: on SQLite and on
PostgreSQL. The PostgreSQL server comes from TEST_POSTGRES_URL (`.ci/run` starts one with
`.ci/postgres`); without it those runs are skipped locally and fail in CI.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import uuid

import psycopg
import pytest
from sqlalchemy.engine import make_url

from advisor_web import create_app
from advisor_web.db import upgrade
from advisor_web.storage import funnel_counts
from tests.support.mail import SmtpServer
from tests.support.webhooks import WebhookReceiver

POSTGRES_URL = os.environ.get("TEST_POSTGRES_URL")

# /metrics serves only counts summed over a process group (prometheus_client's multiprocess
# mode), as under gunicorn's settings: this test process writes its counts to a directory of
# its own, named before anything imports prometheus_client, which reads it once.
assert "prometheus_client" not in sys.modules, "prometheus_client imported before its directory"
os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="advisor-test-metrics-")
atexit.register(shutil.rmtree, os.environ["PROMETHEUS_MULTIPROC_DIR"], ignore_errors=True)


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A migrated SQLite file, made once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "advisor.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as psycopg takes it."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_template():
    """A migrated PostgreSQL database, made once; each test gets its own copy."""
    if not POSTGRES_URL:
        reason = "TEST_POSTGRES_URL is not set (.ci/postgres starts a throwaway server)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: PostgreSQL runs may not be skipped in CI")
        pytest.skip(reason)
    name = f"advisor_template_{os.getpid()}"
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    template_url = make_url(POSTGRES_URL).set(database=name)
    upgrade(template_url.render_as_string(hide_password=False))
    yield name
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path, migrated_template):
    """A fresh, migrated database of each kind."""
    if request.param == "sqlite":
        path = tmp_path / "advisor.sqlite3"
        shutil.copy(migrated_template, path)
        yield f"sqlite:///{path}"
        return
    template = request.getfixturevalue("postgres_template")
    name = f"advisor_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    yield make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(_libpq(POSTGRES_URL), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def sqlite_database_url(tmp_path, migrated_template):
    """A fresh, migrated SQLite file, for tests about SQLite itself."""
    path = tmp_path / "advisor.sqlite3"
    shutil.copy(migrated_template, path)
    return f"sqlite:///{path}"


@pytest.fixture
def app_config(tmp_path, database_url):
    """Settings for a test app; a test may change them before asking for `app`."""
    return {
        "TESTING": True,
        "SECRET_KEY": "test-secret-key",
        "DATABASE_URL": database_url,
        "RATELIMIT_ENABLED": False,
    }


@pytest.fixture
def app(app_config, tmp_path):
    app = create_app(app_config)
    app.instance_path = str(tmp_path / "instance")
    yield app
    engine = app.extensions["advisor_engine"]
    funnel_counts.release(engine)  # a test's app that held its funnel counts writes them
    leaked = engine.pool.checkedout()
    engine.dispose()
    assert leaked == 0, f"{leaked} database connection(s) never went back to the pool"


@pytest.fixture
def build_app(tmp_path):
    """For a test that needs other apps than `app`: `build_app(settings)` makes one (from the
    environment alone, given no settings), disposed of when the test ends, pass or fail."""
    built = []

    def build(settings: dict | None = None):
        app = create_app(settings)
        app.instance_path = str(tmp_path / "instance")
        built.append(app)
        return app

    yield build
    for app in built:
        funnel_counts.release(app.extensions["advisor_engine"])
        app.extensions["advisor_engine"].dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def receiver():
    """The publisher's webhook receiver, running (`tests.support.webhooks`)."""
    with WebhookReceiver() as running:
        yield running


@pytest.fixture
def smtp():
    """The staff's mail server, running (`tests.support.mail`)."""
    with SmtpServer() as running:
        yield running
