"""The environment holds exactly the versions in requirements/ (`make install`), and the lock
satisfies pyproject.toml's ranges (`make lock` after changing them)."""

from __future__ import annotations

import re
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[2]
LOCK_FILES = (ROOT / "requirements" / "lock.txt", ROOT / "requirements" / "installer.txt")
PROJECT = "advisor-web"
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)", re.M)


def locked() -> dict[str, str]:
    """{canonical name: version} pinned by the lock files."""
    pins = {}
    for path in LOCK_FILES:
        for name, version in PIN.findall(path.read_text()):
            pins[canonicalize_name(name)] = version
    return pins


def installed() -> dict[str, str]:
    """{canonical name: version} of every distribution this interpreter can import."""
    return {canonicalize_name(d.metadata["Name"]): d.version for d in metadata.distributions()}


def declared() -> list[Requirement]:
    """pyproject.toml's requirements: dependencies, the test extra and the build backend."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    lines = (project["project"]["dependencies"]
             + project["project"]["optional-dependencies"]["test"]
             + project["build-system"]["requires"])
    return [Requirement(line) for line in lines]


def test_every_locked_version_is_the_one_installed():
    pins, present = locked(), installed()
    drift = {name: (version, present.get(name, "missing"))
             for name, version in pins.items() if present.get(name) != version}
    assert not drift, f"locked version != installed one ({{name: (lock, installed)}}): {drift}; " \
        "run `make install`"


def test_nothing_is_installed_beyond_the_lock():
    extra = set(installed()) - set(locked()) - {PROJECT}
    assert not extra, f"installed but not locked: {sorted(extra)}; add them to pyproject.toml " \
        "and run `make lock`, or start a clean venv (`make clean install`)"


def test_the_lock_satisfies_every_declared_requirement():
    pins = locked()
    unmet = []
    for requirement in declared():
        if requirement.marker is not None and not requirement.marker.evaluate({"extra": "test"}):
            continue  # not for this platform
        version = pins.get(canonicalize_name(requirement.name))
        if version is None or version not in requirement.specifier:
            unmet.append(f"{requirement} (locked: {version or 'nothing'})")
    assert not unmet, f"pyproject.toml asks for what the lock lacks: {unmet}; run `make lock`"
