"""Issue 11, "headers from a library where one fits": security.py keeps its own headers (the
README says why), with one way for a blueprint to set its own frame-ancestors, which the
embedded mode needs. Every other page may be framed by no one."""

import pytest
from flask import Blueprint

from advisor_web import create_app, security

SETTINGS = {"TESTING": True, "SECRET_KEY": "test-secret-key", "RATELIMIT_ENABLED": False}


@pytest.fixture
def app_with_embedded_pages(tmp_path):
    embed = Blueprint("embed_test", __name__, url_prefix="/test-only/embed")
    embed.add_url_rule("/", "page", lambda: "embedded")
    security.frame_ancestors(embed, "https://partner.example", "'self'")
    app = create_app({**SETTINGS, "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3"})
    app.register_blueprint(embed)
    yield app
    app.extensions["advisor_engine"].dispose()


def test_a_blueprint_sets_its_own_frame_ancestors(app_with_embedded_pages):
    response = app_with_embedded_pages.test_client().get("/test-only/embed/")
    policy = response.headers["Content-Security-Policy"]
    assert policy.endswith("frame-ancestors https://partner.example 'self'")
    assert policy.count("frame-ancestors") == 1 and "script-src 'self'" in policy
    assert "X-Frame-Options" not in response.headers
    assert security.FRAMED_MARK not in response.headers
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_every_other_page_may_be_framed_by_no_one(app_with_embedded_pages):
    response = app_with_embedded_pages.test_client().get("/healthz")
    assert response.headers["Content-Security-Policy"].endswith("frame-ancestors 'none'")
    assert response.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("sources", [(), ("https://a.example; script-src *",), ("",)])
def test_a_policy_cannot_be_smuggled_in(sources):
    with pytest.raises(ValueError):
        security.frame_ancestors(Blueprint("x", __name__), *sources)
