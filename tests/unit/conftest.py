"""Fixtures for the functional-core tests; no Flask app is involved."""

from __future__ import annotations

from pathlib import Path

import pytest

from advisor_web.quiz.content import Quiz
from advisor_web.quiz.loader import default_quiz


@pytest.fixture
def quiz() -> Quiz:
    return default_quiz()


@pytest.fixture
def quiz_file(tmp_path: Path):
    """Write quiz text to a file in tmp_path and return its path."""

    def write(text: str) -> Path:
        path = tmp_path / "quiz.toml"
        path.write_text(text, encoding="utf-8")
        return path

    return write
