"""The README's layout names every package and module of advisor_web/, each under its own
package, so a reader can guess the file from the behaviour (issue 21: it had missed eight)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "advisor_web"


def layout_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Project layout"):]
    start = section.index("```\n") + 4
    return section[start:section.index("\n```", start)]


def named_in_layout() -> set[str]:
    """Paths under advisor_web/ the layout names: a `pkg/` line opens a package, and the first
    word of each line indented below it is one of its modules."""
    named: set[str] = set()
    package = None
    for line in layout_block().splitlines():
        indent = len(line) - len(line.lstrip())
        words = line.split()
        if not words:
            continue
        if indent == 2:
            first = words[0]
            package = first.rstrip("/") if first.endswith("/") else None
            named.add(package or first)
        elif indent >= 4 and package:
            named.add(f"{package}/{words[0]}")
    return named


def modules() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        relative = path.relative_to(PACKAGE)
        if relative.parts[0] == "migrations":
            continue  # Alembic's environment and revisions: named as migrations/
        if path.name == "__init__.py" and len(relative.parts) > 1:
            found.add(relative.parent.as_posix())  # a package: named by its folder
        else:
            found.add(relative.as_posix())
    return found


def test_the_layout_names_every_package_and_module():
    assert modules() - named_in_layout() == set()


def test_the_layout_names_nothing_that_is_not_there():
    packages_and_modules = {name for name in named_in_layout() if name.endswith(".py")}
    assert {name for name in packages_and_modules if not (PACKAGE / name).is_file()} == set()
