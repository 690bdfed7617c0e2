"""Every quiz version that was ever live stays loadable, so its stored results keep
rendering as they were made: deleting an archived version (or bumping the live one without
archiving the old) fails here, in CI."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE
from advisor_web.quiz.versions import QuizVersions

ROOT = DEFAULT_QUIZ_FILE.parents[1]


def versions_ever_committed() -> set[str]:
    """Every `version = "..."` the live quiz file has had in the repository's history."""
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    log = subprocess.run(
        ["git", "log", "--format=", "-p", "--", str(DEFAULT_QUIZ_FILE.relative_to(ROOT))],
        cwd=ROOT, capture_output=True, text=True, check=True).stdout
    return set(re.findall(r'^[+-]version = "([^"]+)"$', log, re.M))


def test_every_version_ever_live_is_the_live_one_or_archived():
    versions = QuizVersions(DEFAULT_QUIZ_FILE)
    ever = versions_ever_committed() | {versions.live.version}
    missing = sorted(v for v in ever if versions.get(v) is None)
    assert missing == [], f"archive these as data/archive/<version>.toml: {missing}"


def test_every_archived_version_loads_under_its_own_name():
    versions = QuizVersions(DEFAULT_QUIZ_FILE)
    assert [quiz.version for quiz in versions.check()] == versions.archived()
