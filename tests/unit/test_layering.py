"""The code's shape, pinned: thin views, transactions in the database layer, a pure core,
and templates that hold no URLs, content or arithmetic."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from advisor_web.quiz.loader import default_quiz

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "advisor_web"
TEMPLATES = ROOT / "templates"
MAX_ROUTE_LINES = 20


def modules():
    return sorted(PACKAGE.rglob("*.py"))


def is_route(function: ast.FunctionDef) -> bool:
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        if isinstance(target, ast.Attribute) and target.attr in {
                "route", "get", "post", "put", "delete", "patch"}:
            return True
    return False


def routes(path: Path) -> list[ast.FunctionDef]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [node for node in ast.walk(tree)
            if isinstance(node, ast.FunctionDef) and is_route(node)]


ROUTE_MODULES = [path for path in modules() if routes(path)]


def body_lines(function: ast.FunctionDef) -> int:
    """Lines of the body, docstring left out."""
    body = function.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]
    return body[-1].end_lineno - body[0].lineno + 1 if body else 0


def test_there_are_route_modules_to_check():
    names = {path.relative_to(PACKAGE).as_posix() for path in ROUTE_MODULES}
    assert {"visitor/views.py", "staff/views.py", "api/views.py", "health.py"} <= names


@pytest.mark.parametrize("path", ROUTE_MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_every_route_body_is_at_most_twenty_lines(path):
    long = {f.name: body_lines(f) for f in routes(path) if body_lines(f) > MAX_ROUTE_LINES}
    assert long == {}


@pytest.mark.parametrize("path", ROUTE_MODULES, ids=lambda p: p.relative_to(PACKAGE).as_posix())
def test_no_module_that_defines_routes_commits(path):
    assert ".commit(" not in path.read_text(encoding="utf-8")


def test_no_login_loader_commits():
    source = (PACKAGE / "staff" / "accounts.py").read_text(encoding="utf-8")
    loader = source[source.index("@login_manager.user_loader"):]
    loader = loader[:loader.index("\n\n\n")]
    assert ".commit(" not in loader


def imported_packages(path: Path) -> set[str]:
    """The top-level packages a module imports (`from sqlalchemy.orm import X` -> sqlalchemy),
    relative imports left out."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree)
                 if isinstance(node, ast.ImportFrom) and not node.level}
    return {name.split(".")[0] for name in imported}


@pytest.mark.parametrize("path", sorted((PACKAGE / "quiz").glob("*.py")), ids=lambda p: p.name)
def test_the_quiz_core_imports_nothing_from_flask_or_sqlalchemy(path):
    assert not imported_packages(path) & {"flask", "sqlalchemy", "werkzeug", "wtforms"}


def is_sql_home(path: Path) -> bool:
    relative = path.relative_to(PACKAGE).as_posix()
    return relative == "db.py" or relative.startswith(("storage/", "migrations/"))


def test_there_is_sql_to_keep_at_home():
    assert [path.name for path in modules() if is_sql_home(path)
            and "sqlalchemy" in imported_packages(path)]


def test_only_storage_db_and_migrations_import_sqlalchemy():
    """SQL has one home (as in cosmicpython): everything else asks `storage/` for rows, and
    names a session or the database's "not now" error through it."""
    elsewhere = [path.relative_to(PACKAGE).as_posix() for path in modules()
                 if not is_sql_home(path) and "sqlalchemy" in imported_packages(path)]
    assert elsewhere == []


TEMPLATE_FILES = sorted(TEMPLATES.rglob("*.html"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_templates_write_no_url_by_hand(path):
    assert not re.findall(r'(?:href|action|src|hx-post|hx-get)="/', path.read_text("utf-8"))


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_templates_name_no_factor_and_count_none_in_words(path):
    text = path.read_text(encoding="utf-8")
    names = [f.name for f in default_quiz().factors]
    assert [name for name in names if name in text] == []
    assert not re.search(r"\b(six|seven|eight|nine|ten|twelve) (factors|steps|questions)\b",
                         text, re.I)


@pytest.mark.parametrize("path", TEMPLATE_FILES, ids=lambda p: p.relative_to(TEMPLATES).as_posix())
def test_templates_do_no_arithmetic(path):
    """Shares, bar sizes and offsets are worked out in Python; a template only prints them
    (`loop.index` and `|length` are fine)."""
    expressions = re.findall(r"{[{%](.*?)[%}]}", path.read_text(encoding="utf-8"), re.S)
    arithmetic = [e.strip() for e in expressions
                  if re.search(r"[\w)\]]\s*[-+*/]\s*[\w(]", re.sub(r"'[^']*'|\"[^\"]*\"", "", e))]
    assert arithmetic == []
