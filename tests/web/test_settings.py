"""Issue 11.11: weak settings do not start quietly. Production needs a SECRET_KEY of at least 32
characters, and an ADVISOR_ENV the app does not know is refused, naming the ones it does."""

import pytest

from advisor_web import config, create_app


@pytest.fixture
def environment(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path}/advisor.sqlite3")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    return monkeypatch


@pytest.mark.parametrize("value", ["prod", "Production-ish", "staging", "dev"])
def test_an_unknown_environment_is_refused(environment, tmp_path, value):
    environment.setenv("ADVISOR_ENV", value)
    with pytest.raises(config.UnknownEnvironment) as refused:
        config.from_environment(str(tmp_path))
    assert "development, production, test" in str(refused.value)


@pytest.mark.parametrize("key", ["x", "a" * 31])
def test_production_refuses_a_short_secret_key(environment, key):
    environment.setenv("ADVISOR_ENV", "production")
    environment.setenv("SECRET_KEY", key)
    with pytest.raises(config.WeakSecretKey, match="at least 32"):
        create_app()


def test_production_starts_with_a_long_secret_key(environment, build_app):
    environment.setenv("ADVISOR_ENV", "production")
    environment.setenv("SECRET_KEY", "k" * 32)
    app = build_app()
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["HSTS"]


def test_development_accepts_any_key(environment, build_app):
    environment.setenv("ADVISOR_ENV", "development")
    environment.setenv("SECRET_KEY", "x")
    assert build_app().config["SECRET_KEY"] == "x"
