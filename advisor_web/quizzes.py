"""The quizzes this app serves: the live one from QUIZ_FILE and the archived versions beside
it (`quiz.versions`), in every language of `quiz.translation.LANGUAGES`, loaded and validated
once at start-up: a missing or broken translation stops the app, as a broken quiz does."""

from __future__ import annotations

from flask import Flask, current_app

from .quiz.content import Quiz
from .quiz.translation import LANGUAGES
from .quiz.versions import QuizVersions

# The slug of the comparison this app has served from the start, which every stored result
# and tally made before comparisons had slugs belongs to (migration 0004). Storage takes the
# comparison explicitly; until each quiz knows its own slug, its callers pass this one.
DEFAULT_COMPARISON = "node-vs-python"


def init_app(app: Flask) -> None:
    by_lang = {}
    for lang in LANGUAGES:
        versions = QuizVersions(app.config["QUIZ_FILE"], lang)
        versions.check()  # a broken archived version stops start-up, as a broken live one does
        by_lang[lang] = versions
    app.extensions["advisor_quizzes"] = by_lang


def versions(lang: str = "en") -> QuizVersions:
    """Every version of the quiz, with the texts of `lang`."""
    return current_app.extensions["advisor_quizzes"][lang]


def live(lang: str = "en") -> Quiz:
    """The quiz visitors take now, in `lang`."""
    return current_app.extensions["advisor_quizzes"][lang].live
