"""The quizzes this app serves: the live one from QUIZ_FILE and the archived versions beside
it (`quiz.versions`), loaded and validated once at start-up."""

from __future__ import annotations

from flask import Flask, current_app

from .quiz.content import Quiz
from .quiz.versions import QuizVersions


def init_app(app: Flask) -> None:
    versions = QuizVersions(app.config["QUIZ_FILE"])
    versions.check()  # a broken archived version stops start-up, as a broken live one does
    app.extensions["advisor_quizzes"] = versions


def versions() -> QuizVersions:
    return current_app.extensions["advisor_quizzes"]


def live() -> Quiz:
    """The quiz visitors take now."""
    return current_app.extensions["advisor_quizzes"].live
