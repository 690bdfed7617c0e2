"""Fixtures shared by the web and browser tests: an app on a fresh, migrated database."""

from __future__ import annotations

import shutil

import pytest

from advisor_web import create_app
from advisor_web.db import upgrade


@pytest.fixture(scope="session")
def migrated_template(tmp_path_factory):
    """A migrated SQLite file, made once; each test gets its own copy."""
    path = tmp_path_factory.mktemp("template") / "advisor.sqlite3"
    upgrade(f"sqlite:///{path}")
    return path


@pytest.fixture
def database_url(tmp_path, migrated_template):
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


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
