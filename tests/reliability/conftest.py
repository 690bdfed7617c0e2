"""Fixtures for the reliability and security tests: an app as production runs it (CSRF on,
errors rendered rather than raised) and a live server; helpers live in reliability_support.py."""

import shutil

import pytest

from advisor_web import create_app
from tests.reliability.reliability_support import add_test_only_routes
from tests.support.servers import LiveServer


@pytest.fixture
def app_config(app_config):
    """Production behaviour: CSRF checked, and an unexpected exception becomes the 500 page
    (with TESTING alone Flask would re-raise it into the test)."""
    app_config["WTF_CSRF_ENABLED"] = True
    app_config["PROPAGATE_EXCEPTIONS"] = False
    return app_config


@pytest.fixture
def app(app):
    """The app, with routes that fail the way a bug or a database outage would."""
    add_test_only_routes(app)
    return app

@pytest.fixture(scope="module")
def module_app(migrated_template, tmp_path_factory):
    """For tests that only read responses: build an app (on its own SQLite copy) once per
    module. Call it with settings to change."""
    built = []

    def build(**settings):
        folder = tmp_path_factory.mktemp("module-app")
        shutil.copy(migrated_template, folder / "advisor.sqlite3")
        app = create_app({"TESTING": True, "SECRET_KEY": "test-secret-key",
                          "DATABASE_URL": f"sqlite:///{folder / 'advisor.sqlite3'}",
                          "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": True,
                          "PROPAGATE_EXCEPTIONS": False, **settings})
        app.instance_path = str(folder / "instance")
        add_test_only_routes(app)
        built.append(app)
        return app

    yield build
    for app in built:
        app.extensions["advisor_engine"].dispose()


@pytest.fixture
def live_server(app):
    with LiveServer(app) as server:
        yield server
