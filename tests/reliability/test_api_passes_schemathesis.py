"""Issue 14: Schemathesis, with every check on, finds nothing wrong with the live API against
its own OpenAPI document: valid bodies are scored, invalid ones refused with a documented 4xx,
every response (errors included) matches its schema, wrong methods get a 405 with Allow."""

import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.reliability_support import sqlite_only
from tests.support.answer_sets import NODE_DELIVERY
from tests.web.visitor_support import finish_quiz, public_id_of

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
# Enough for the coverage phase (every boundary of the schema) and a few hundred fuzzed bodies,
# positive and negative: about 10 s here.
MAX_EXAMPLES = 300


@pytest.mark.slow
@sqlite_only
def test_schemathesis_finds_no_failure(live_server, tmp_path):
    # A stored result to ask for: random ids would only ever reach the 404 of the
    # decision-record route, never its Markdown.
    url = finish_quiz(live_server.app.test_client(), NODE_DELIVERY)
    (tmp_path / "schemathesis.toml").write_text(
        f'[parameters]\n"path.public_id" = "{public_id_of(url)}"\n', encoding="utf-8")
    run = subprocess.run(
        [str(SCHEMATHESIS), "run", f"{live_server.url}/api/v1/openapi.json",
         "--checks", "all", "--max-examples", str(MAX_EXAMPLES), "--workers", "1",
         "--generation-database", "none", "--request-timeout", "10", "--no-color"],
        cwd=tmp_path, capture_output=True, text=True, timeout=240, check=False,
    )
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
    assert "No issues found" in run.stdout
