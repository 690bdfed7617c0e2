"""Fixtures for the test-client tests; their helpers live in visitor_support.py."""

import pytest

from tests.web.staff_support import create_staff, log_in


@pytest.fixture
def csrf_off(app_config):
    """For tests about the flow rather than CSRF: they post hand-made forms without a token."""
    app_config["WTF_CSRF_ENABLED"] = False


@pytest.fixture
def staff(app):
    """A test client of its own, logged in as a staff member."""
    create_staff(app)
    client = app.test_client()
    assert log_in(client).status_code == 303
    return client
