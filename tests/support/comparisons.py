"""The suite's three-option fixture comparison (tests/fixtures/commute.toml), a comparison no
shipped code knows, and copies of it as a draft (`listed = false`)."""

from __future__ import annotations

from pathlib import Path

from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz

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


def shipped_copy(folder: Path, slug: str) -> Path:
    """Write the shipped quiz to `folder` under `slug`, with its Nepali file and glossary
    beside it: a comparison served in both languages that is not the shipped one."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("backend.ne.toml", "glossary.ne.toml"):
        (folder / name).write_bytes(DEFAULT_QUIZ_FILE.with_name(name).read_bytes())
    text = DEFAULT_QUIZ_FILE.read_text(encoding="utf-8")
    shipped = load_quiz(DEFAULT_QUIZ_FILE).slug
    assert f'slug = "{shipped}"' in text
    copy = folder / DEFAULT_QUIZ_FILE.name
    copy.write_text(text.replace(f'slug = "{shipped}"', f'slug = "{slug}"'), encoding="utf-8")
    return copy
