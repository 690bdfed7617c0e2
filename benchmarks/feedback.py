"""The result page with "you against others" at 1,000 and 1,000,000 stored results, and
`quiz replay` of the large database.

Two SQLite databases are filled by `flask demo-data` over 365 days (as benchmarks.dashboard
does); the same result page of each (a result of the most common project type, so its
comparison is shown) is requested alternately through the test client (median of
dashboard.RUNS). The comparison reads the all-time tallies through an index, so the goal is
at most 1.2x. Then `quiz replay` of the live quiz file over the large database: the goal is
10 s.

BENCH_FEEDBACK_RESULTS changes the large size (for a quick try: 100000).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from sqlalchemy import func, select

from advisor_web import db
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE
from advisor_web.storage.models import StoredResult

from .dashboard import filled_app, median_ms

SMALL = 1_000
LARGE = int(os.environ.get("BENCH_FEEDBACK_RESULTS", "1000000"))


def a_compared_result(app) -> str:
    """A result of the most common project type (its group is over OTHERS_MIN_COUNT)."""
    with app.app_context():
        session = db.get_session()
        project = func.json_extract(StoredResult.answers, "$.project_type")
        common = session.execute(select(project).group_by(project)
                                 .order_by(func.count().desc()).limit(1)).scalar_one()
        return session.scalar(select(StoredResult.public_id).where(project == common).limit(1))


def main():
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as directory:
        small, _ = filled_app(Path(directory), SMALL)
        large, _ = filled_app(Path(directory), LARGE)
        pairs = [(app.test_client(), f"/result/{a_compared_result(app)}") for app in (small, large)]
        for client, path in pairs:
            assert b"data-others" in client.get(path).data, path
        page_small, page_large = median_ms(pairs)
        outcome = large.test_cli_runner().invoke(
            args=["quiz", "replay", str(DEFAULT_QUIZ_FILE), "--json"])
        if outcome.exit_code != 0:
            raise RuntimeError(outcome.output)
        report = json.loads(outcome.output)
        for app in (small, large):
            app.extensions["advisor_engine"].dispose()
    return [
        (f"result page with others, {SMALL:,} results (ms, median)", f"{page_small:.1f}", ""),
        (f"result page with others, {LARGE:,} results (ms, median)", f"{page_large:.1f}", ""),
        ("result page with others: large / small", f"{page_large / page_small:.2f}×", "≤ 1.2×"),
        (f"`quiz replay` of {report['results']:,} results (s; changed: {report['changed']})",
         f"{report['seconds']:.1f}", "≤ 10"),
    ]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
