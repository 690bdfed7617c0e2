"""The suite's three-option fixture comparison (tests/fixtures/commute.toml), a comparison no
shipped code knows, and copies of it as a draft (`listed = false`)."""

from __future__ import annotations

from pathlib import Path

from advisor_web.quiz.loader import load_quiz

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
COMMUTE = load_quiz(FIXTURE)


def draft_copy(path: Path, slug: str | None = None) -> Path:
    """Write the fixture to `path` as a draft, under `slug` when given (else its own)."""
    text = FIXTURE.read_text(encoding="utf-8")
    assert "\nlisted = true\n" in text
    text = text.replace("\nlisted = true\n", "\nlisted = false\n")
    if slug is not None:
        text = text.replace(f'slug = "{COMMUTE.slug}"', f'slug = "{slug}"')
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
