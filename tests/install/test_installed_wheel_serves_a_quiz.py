"""Issue 21: an install that runs anywhere. The README's production recipe, run as written
(from its ```sh block) in a copy of the checkout: build the wheel, install it with the lock
into a fresh venv outside the checkout, then `flask db upgrade` and gunicorn from an empty
directory. A visitor then walks the quiz there, in English and Nepali, and every static asset
a page links is served, byte for byte the checkout's."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import pytest
import requests

from tests.install.production_recipe import ROOT, copy_of_the_checkout, install_recipe
from tests.reliability.reliability_support import csrf_token_in, step_form, steps_for
from tests.support.answer_sets import HYBRID_LARGE_TEAM
from tests.support.servers import free_port, wait_until_healthy

pytestmark = pytest.mark.slow
# Installing the lock into a new venv takes a minute or two (pip's cache, a busy machine).
INSTALL_DEADLINE = 900  # seconds
REQUEST_TIMEOUT = 10


@pytest.fixture(scope="module")
def installed_app(tmp_path_factory):
    """The recipe running: its base URL, the app's directory (nothing in it but what the
    recipe made) and the checkout it was built from."""
    checkout = copy_of_the_checkout(tmp_path_factory.mktemp("checkout"))
    app_dir = tmp_path_factory.mktemp("srv-advisor")
    log_path = app_dir.parent / "recipe.log"
    port = free_port()
    environment = {
        **os.environ,
        "APP": str(app_dir),
        "BIND": f"127.0.0.1:{port}",
        "ADVISOR_ENV": "production",
        "SECRET_KEY": "installed-wheel-test-secret-key-0123456789",
        "DATABASE_URL": f"sqlite:///{app_dir / 'advisor.sqlite3'}",
        # Plain HTTP on 127.0.0.1: the cookie must come back without TLS.
        "SESSION_COOKIE_SECURE": "0",
        "HSTS": "0",
        # One worker keeps rate-limit counters in memory, which production allows only then.
        "WEB_CONCURRENCY": "1",
        "RATELIMIT_ENABLED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
    }
    environment.pop("VIRTUAL_ENV", None)
    with open(log_path, "wb") as log:
        recipe = subprocess.Popen(["bash", "-euo", "pipefail", "-c", install_recipe()],
                                  cwd=checkout, env=environment, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, recipe, log_path, seconds=INSTALL_DEADLINE, name="the recipe")
        yield base, app_dir, checkout
    finally:
        stop(recipe)


def stop(recipe: subprocess.Popen) -> None:
    """gunicorn (and anything the recipe still runs) is in its own process group."""
    if recipe.poll() is None:
        os.killpg(recipe.pid, signal.SIGTERM)
        try:
            recipe.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(recipe.pid, signal.SIGKILL)
            recipe.wait(timeout=5)


def test_the_app_runs_from_the_wheel_not_the_checkout(installed_app):
    base, app_dir, _ = installed_app
    venv_python = app_dir / "venv" / "bin" / "python"
    found = subprocess.run([str(venv_python), "-c", "import advisor_web.resources as r; "
                            "print(r.resource('templates'))"], cwd=app_dir,
                           capture_output=True, text=True, check=True)
    templates = Path(found.stdout.strip())
    assert templates.is_relative_to(app_dir / "venv") and templates.is_dir()
    assert not templates.is_relative_to(ROOT)


def test_the_app_directory_holds_only_what_the_recipe_made(installed_app):
    _, app_dir, _ = installed_app
    assert {path.name for path in app_dir.iterdir()} <= {"venv", "advisor.sqlite3",
                                                         "advisor.sqlite3-wal",
                                                         "advisor.sqlite3-shm",
                                                         "advisor.sqlite3.in-use"}


@pytest.mark.parametrize("prefix", ["", "/ne"])
def test_a_visitor_walks_the_quiz_to_a_stored_result(installed_app, prefix):
    base, _, _ = installed_app
    answers = HYBRID_LARGE_TEAM
    with requests.Session() as browser:
        page = browser.get(f"{base}{prefix}/quiz", timeout=REQUEST_TIMEOUT)
        assert page.status_code == 200
        token = csrf_token_in(page.text)
        response = None
        for step in steps_for(answers):
            response = browser.post(f"{base}{prefix}/quiz/{step.id}", allow_redirects=False,
                                    data=step_form(step, answers, token),
                                    timeout=REQUEST_TIMEOUT)
            assert response.status_code == 303, (step.id, response.status_code)
        result = browser.get(base + response.headers["Location"], timeout=REQUEST_TIMEOUT)
    assert result.status_code == 200
    assert 'data-verdict="hybrid"' in result.text
    assert '<table id="comparison"' in result.text


@pytest.mark.parametrize("page", ["/", "/quiz", "/ne/quiz"])
def test_every_asset_a_page_links_is_served_as_in_the_checkout(installed_app, page):
    base, _, checkout = installed_app
    html = requests.get(f"{base}{page}", timeout=REQUEST_TIMEOUT).text
    assets = set(re.findall(r'(?:href|src)="(/static/([^"?]+)\?v=[0-9a-f]+)"', html))
    assert {"app.css", "app.js", "htmx.min.js"} <= {name for _, name in assets}
    for url, name in assets:
        served = requests.get(base + url, timeout=REQUEST_TIMEOUT)
        assert served.status_code == 200, url
        assert served.content == (checkout / "static" / name).read_bytes(), url


def test_the_nepali_catalog_is_compiled_into_the_wheel(installed_app):
    base, _, _ = installed_app
    english = requests.get(f"{base}/quiz", timeout=REQUEST_TIMEOUT).text
    nepali = requests.get(f"{base}/ne/quiz", timeout=REQUEST_TIMEOUT).text
    next_button = re.compile(r'<button type="submit" name="nav" value="next"[^>]*>([^<]+)<')
    assert next_button.search(english).group(1) == "Next"
    assert next_button.search(nepali).group(1) != "Next"
