"""Every quiz version that was ever live stays loadable, so its stored results keep
rendering as they were made: deleting an archived version (or bumping the live one without
archiving the old) fails here, in CI.

The same holds for whole comparisons: a comparison file ever committed under data/ may have
stored results somewhere, and permalinks are forever. So it stays on disk at its path, with
every version it ever had (live or archived, under its own slug), and every slug ever
committed stays the slug of a file. A comparison leaves QUIZ_FILES to retire; its file
stays."""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from advisor_web.quiz.content import QuizContentError
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE
from advisor_web.quiz.versions import QuizVersions

ROOT = DEFAULT_QUIZ_FILE.parents[1]
DATA = "data"
# A comparison file: a .toml under data/ outside an archive/ folder, whose name has no second
# dot (`backend.ne.toml` is a translation, `glossary.ne.toml` the glossary).
COMPARISON_FILE = re.compile(r"^data/(?:(?!archive/)[^/]+/)*[^/.]+\.toml$")


def git_log(*args: str) -> str:
    if shutil.which("git") is None or not (ROOT / ".git").exists():
        pytest.skip("not a git checkout")
    return subprocess.run(["git", "log", "--format=", "-p", *args], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def versions_ever_committed() -> set[str]:
    """Every `version = "..."` the live quiz file has had in the repository's history."""
    log = git_log("--", str(DEFAULT_QUIZ_FILE.relative_to(ROOT)))
    return set(re.findall(r'^[+-]version = "([^"]+)"$', log, re.M))


@dataclass
class Committed:
    """What a comparison file ever held, across the history."""

    versions: set[str] = field(default_factory=set)
    slugs: set[str] = field(default_factory=set)


def comparisons_ever_committed(log: str) -> dict[str, Committed]:
    """Each comparison file's path in `log` (`git log -p --no-renames`: a rename reads as a
    deletion and an addition, so the old path counts too) -> the versions and slugs it held."""
    found: dict[str, Committed] = {}
    current: Committed | None = None
    for line in log.splitlines():
        if line.startswith("diff --git "):
            path = line.rsplit(" b/", 1)[-1]
            current = found.setdefault(path, Committed()) if COMPARISON_FILE.match(path) \
                else None
        elif current is not None and (match := re.match(r'^[+-](version|slug) = "([^"]+)"$',
                                                          line)):
            (current.versions if match[1] == "version" else current.slugs).add(match[2])
    return {path: seen for path, seen in found.items() if seen.versions}


def dropped(committed: dict[str, Committed], root: Path) -> list[str]:
    """What the working tree lost of `committed`, one line each (empty: nothing)."""
    problems, slugs_on_disk = [], set()
    for path, seen in sorted(committed.items()):
        file = root / path
        if not file.is_file():
            problems.append(f"{path}: deleted, but a comparison file once committed may have "
                            "stored results: restore it (take it out of QUIZ_FILES to retire it)")
            continue
        try:
            versions = QuizVersions(file)
        except QuizContentError as error:
            problems.append(str(error))
            continue
        slugs_on_disk.add(versions.live.slug)
        for version in sorted(seen.versions):
            quiz = versions.get(version)
            if quiz is None:
                problems.append(f"{path}: version {version}: archive it as "
                                f"{Path(path).parent}/archive/{version}.toml")
            elif quiz.slug != versions.live.slug:
                problems.append(f"{path}: version {version}: the archived file is the "
                                f"comparison {quiz.slug!r}, not {versions.live.slug!r}")
    every_slug = set().union(*(seen.slugs for seen in committed.values()))
    problems += [f"slug {slug!r}: no comparison file has it any more; its stored results "
                 "would lose their comparison" for slug in sorted(every_slug - slugs_on_disk)]
    return problems


def test_every_version_ever_live_is_the_live_one_or_archived():
    versions = QuizVersions(DEFAULT_QUIZ_FILE)
    ever = versions_ever_committed() | {versions.live.version}
    missing = sorted(v for v in ever if versions.get(v) is None)
    assert missing == [], f"archive these as data/archive/<version>.toml: {missing}"


def test_every_archived_version_loads_under_its_own_name():
    versions = QuizVersions(DEFAULT_QUIZ_FILE)
    assert [quiz.version for quiz in versions.check()] == versions.archived()


def test_no_comparison_file_ever_committed_is_dropped():
    committed = comparisons_ever_committed(git_log("--no-renames", "--", DATA))
    assert "data/backend.toml" in committed  # the history was read
    assert dropped(committed, ROOT) == []


# -- the helper itself, on a made-up history ---------------------------------------------------


def diff(path: str, *lines: str) -> str:
    return "\n".join([f"diff --git a/{path} b/{path}", f"--- a/{path}", f"+++ b/{path}",
                      "@@ -1 +1 @@", *lines])


FAKE_LOG = "\n".join([
    diff("data/commute.toml", '-version = "1"', '+version = "2"'),
    diff("data/commute.toml", '+slug = "commute"', '+version = "1"'),
    diff("data/commute.ne.toml", '+version = "1"'),  # a translation: not a comparison
    diff("data/archive/1.toml", '+version = "1"'),  # an archived version: not one either
    diff("data/glossary.ne.toml", '+term = "x"'),
    diff("README.md", '+version = "9"'),
])


def comparison(slug: str, version: str) -> str:
    return DEFAULT_QUIZ_FILE.read_text(encoding="utf-8").replace(
        'slug = "node-vs-python"', f'slug = "{slug}"').replace(
        'version = "2025.1"', f'version = "{version}"', 1)


def test_the_helper_reads_only_comparison_files_from_the_history():
    assert comparisons_ever_committed(FAKE_LOG) == {
        "data/commute.toml": Committed(versions={"1", "2"}, slugs={"commute"})}


@pytest.fixture
def tree(tmp_path):
    """A working tree holding the comparison at version 2, with version 1 archived."""
    (tmp_path / "data" / "archive").mkdir(parents=True)
    (tmp_path / "data" / "commute.toml").write_text(comparison("commute", "2"), encoding="utf-8")
    (tmp_path / "data" / "archive" / "1.toml").write_text(comparison("commute", "1"),
                                                          encoding="utf-8")
    return tmp_path


def test_a_tree_that_kept_everything_passes(tree):
    assert dropped(comparisons_ever_committed(FAKE_LOG), tree) == []


def test_a_deleted_comparison_file_fails(tree):
    (tree / "data" / "commute.toml").unlink()
    problems = dropped(comparisons_ever_committed(FAKE_LOG), tree)
    assert problems[0].startswith("data/commute.toml: deleted")
    assert problems[1].startswith("slug 'commute': no comparison file has it any more")


def test_a_version_no_longer_archived_fails(tree):
    (tree / "data" / "archive" / "1.toml").unlink()
    assert dropped(comparisons_ever_committed(FAKE_LOG), tree) == [
        "data/commute.toml: version 1: archive it as data/archive/1.toml"]


def test_a_changed_slug_or_another_comparisons_archive_fails(tree):
    (tree / "data" / "commute.toml").write_text(comparison("commuting", "2"), encoding="utf-8")
    problems = dropped(comparisons_ever_committed(FAKE_LOG), tree)
    assert problems == [
        "data/commute.toml: version 1: the archived file is the comparison 'commute', "
        "not 'commuting'",
        "slug 'commute': no comparison file has it any more; its stored results would lose "
        "their comparison"]
