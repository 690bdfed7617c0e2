"""HTML_CodeSniffer (and axe), run by pa11y from npm, find no errors on any visitor page.

A second engine beside tests/browser/test_accessibility.py: HTML_CodeSniffer checks text
contrast inside `role="img"` elements, which axe skips (the star ratings were 2.95:1 and
1.48:1, and only HTML_CodeSniffer saw it). pa11y lives in tests/a11y (`npm ci` there; the
browser is Debian's Chromium, never a download). Axe's "needs review" items are warnings,
as in the axe tests; only errors fail.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

A11Y = Path(__file__).resolve().parent.parent / "a11y"
RUNNER = A11Y / "run-pa11y.mjs"
CONFIG = A11Y / "pa11y.json"


@pytest.fixture
def pa11y():
    """Run pa11y on [{"url", "actions"}] and return its report, one entry per page."""
    node = shutil.which("node")
    if node is None or not (A11Y / "node_modules" / "pa11y").is_dir():
        reason = "pa11y is not installed (npm ci --prefix tests/a11y, with node >= 20)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: accessibility tests may not be skipped in CI")
        pytest.skip(reason)

    def run(pages: list[dict], tmp_path: Path) -> list[dict]:
        listing = tmp_path / "pages.json"
        listing.write_text(json.dumps(pages), encoding="utf-8")
        done = subprocess.run(
            [node, str(RUNNER), str(CONFIG), str(listing)],
            cwd=A11Y, capture_output=True, text=True, timeout=40 * len(pages) + 30, check=False,
        )
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    return run


def test_every_visitor_page_has_no_pa11y_errors(quiz_page, live_server, pa11y, tmp_path):
    quiz_page.open("/quiz")
    quiz_page.finish()
    result = quiz_page.page.url
    what_if = quiz_page.page.locator("a[href*='/what-if/']").first
    what_if_url = live_server.url + what_if.get_attribute("href")
    base = live_server.url
    pages = [
        {"url": f"{base}/"},
        {"url": f"{base}/quiz", "actions": [
            "click element input[name=project_type][value=saas]",
            "click element #step button[value=next]",
            "wait for path to not be /quiz",
        ]},
        {"url": f"{base}/quiz", "actions": [
            "click element #step button[value=next]",
            "wait for element .field-error to be added",
        ]},
        {"url": result},
        {"url": what_if_url},
        {"url": f"{base}/no-such-page"},
    ]

    report = pa11y(pages, tmp_path)

    assert [page["url"] for page in report] == [page["url"] for page in pages]
    errors = [
        f"{page['url']} {' / '.join(page['actions'])}: {issue['runner']} {issue['code']} "
        f"at {issue['selector']}: {issue['message']}"
        for page in report
        for issue in page["issues"]
        if issue["type"] == "error"
    ]
    assert not errors, "\n".join(errors)
