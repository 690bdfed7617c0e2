"""Issue 21: `make run` needs Python 3.11 and nothing else. From a fresh copy of the checkout
(its files as a clone has them: no .venv, no instance/), with no `node`, `npm` or `java` on
PATH, `make run` installs, migrates and serves a step page."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess

import pytest
import requests

from tests.install.production_recipe import copy_of_the_checkout, without_node_npm_or_java
from tests.support.servers import free_port, wait_until_healthy

pytestmark = pytest.mark.slow
DEADLINE = 900  # seconds: a new venv with every locked package, on a busy machine


def test_make_run_serves_a_step_page_without_node_npm_or_java(tmp_path):
    clone = tmp_path / "clone"
    clone.mkdir()
    copy_of_the_checkout(clone)
    (clone / ".venv").unlink()  # a fresh clone has none: `make run` makes it
    path = without_node_npm_or_java(tmp_path / "bin")
    for tool in ("node", "npm", "java"):
        assert shutil.which(tool, path=path) is None
    port = free_port()
    environment = {**os.environ, "PATH": path, "PORT": str(port)}
    for name in ("VIRTUAL_ENV", "DATABASE_URL", "QUIZ_FILE", "ADVISOR_ENV", "SECRET_KEY"):
        environment.pop(name, None)
    log_path = tmp_path / "make-run.log"
    with open(log_path, "wb") as log:
        make = subprocess.Popen(["make", "run"], cwd=clone, env=environment, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(base, make, log_path, seconds=DEADLINE, name="make run")
        page = requests.get(f"{base}/quiz", timeout=5)
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait(timeout=30)
    assert page.status_code == 200
    assert '<form method="post"' in page.text and 'name="project_type"' in page.text

