"""Fixtures for the test-client tests; their helpers live in visitor_support.py."""

import pytest


@pytest.fixture
def csrf_off(app_config):
    """For tests about the flow rather than CSRF: they post hand-made forms without a token."""
    app_config["WTF_CSRF_ENABLED"] = False
