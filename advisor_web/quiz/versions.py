"""Quiz versions that live on: the live quiz file and the archived versions beside it.

A stored result keeps the version of the quiz that scored it, and always renders with that
version: its verdict, table, reasons and what-ifs. The archive is a folder `archive/` next
to the live file, one `<version>.toml` per earlier version, checked by the same validator.

Each language has its own QuizVersions: the same ids and weights, with the texts of that
language's translation beside each file (`translation.translations_for`). A version whose
translation is missing fails to load, naming the file expected: a Nepali page never falls
back to English.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from .content import Quiz, QuizContentError
from .loader import load_quiz
from .translation import load_translation, translations_for

ARCHIVE = "archive"


class QuizVersions:
    """The live quiz, and earlier versions loaded on first use (then kept), in `lang`."""

    def __init__(self, live_file: str | os.PathLike[str], lang: str = "en"):
        self.live_file = Path(live_file)
        self.lang = lang
        self.live = self._load(self.live_file)
        self.archive = self.live_file.parent / ARCHIVE
        self._loaded: dict[str, Quiz | None] = {self.live.version: self.live}
        self._lock = threading.Lock()

    def get(self, version: str) -> Quiz | None:
        """The quiz of `version`, or None when no file holds it."""
        if version in self._loaded:
            return self._loaded[version]
        with self._lock:
            if version not in self._loaded:
                self._loaded[version] = self._load_archived(version)
            return self._loaded[version]

    def archived(self) -> list[str]:
        """The versions in the archive folder, by file name."""
        if not self.archive.is_dir():
            return []
        return sorted(path.stem for path in self.archive.glob("*.toml") if "." not in path.stem)

    def check(self) -> list[Quiz]:
        """Load every archived version (a broken one raises QuizContentError)."""
        return [quiz for version in self.archived() if (quiz := self.get(version)) is not None]

    def _load_archived(self, version: str) -> Quiz | None:
        # A version is a file name here: nothing else may reach the file system.
        if not version or "/" in version or "\\" in version or version.startswith("."):
            return None
        path = self.archive / f"{version}.toml"
        if not path.is_file():
            return None
        quiz = self._load(path)
        if quiz.version != version:
            raise QuizContentError(
                f"{path}: version: the file says {quiz.version!r}, its name says {version!r}")
        return quiz

    def _load(self, path: Path) -> Quiz:
        """The quiz file at `path`, in this language (its translation's texts)."""
        english = load_quiz(path)
        if self.lang == "en":
            return english
        translation = translations_for(path).get(self.lang)
        if translation is None:
            expected = path.with_name(f"{path.stem}.{self.lang}{path.suffix}")
            raise QuizContentError(f"{expected}: file: missing translation of {path}")
        return load_translation(english, translation)
