"""The README's production recipe, read from the README itself, and a checkout to run it in."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARKER = "<!-- the install recipe: tests/install/test_installed_wheel_serves_a_quiz.py runs it -->"


def install_recipe() -> str:
    """The ```sh block that follows MARKER in README.md."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert MARKER in readme, "README.md lost the marked install recipe"
    found = re.search(r"```sh\n(.*?)```", readme[readme.index(MARKER):], re.S)
    assert found, "no ```sh block after the install recipe's marker"
    return found.group(1)


def copy_of_the_checkout(target: Path) -> Path:
    """The working tree's files (committed or not, ignored ones left out) copied to `target`,
    with the checkout's .venv linked in: the build writes build/ and dist/ there, not here."""
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others",
                             "--exclude-standard"], cwd=ROOT, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        source = ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


def without_node_npm_or_java(bin_dir: Path) -> str:
    """A PATH on which `node`, `npm`, `npx` and `java` are not found: every directory of this
    PATH that holds one of them is replaced by `bin_dir`, holding links to everything else in
    it (so python3.11, make, git and the shell's tools still are)."""
    hidden = {"node", "nodejs", "npm", "npx", "java"}
    bin_dir.mkdir(exist_ok=True)
    path = []
    for directory in os.environ.get("PATH", "").split(os.pathsep):
        folder = Path(directory)
        if not folder.is_dir():
            continue
        if not any((folder / name).exists() for name in hidden):
            path.append(directory)
            continue
        for entry in folder.iterdir():
            link = bin_dir / entry.name
            if entry.name not in hidden and not link.exists():
                link.symlink_to(entry)
        if str(bin_dir) not in path:
            path.append(str(bin_dir))
    return os.pathsep.join(path)
