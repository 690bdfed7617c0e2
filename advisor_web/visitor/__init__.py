"""The visitor side: the landing page, the quiz's steps, the result and its what-ifs.

`views` parses requests and responds; `attempts` holds the use cases; `drafts` keeps the
answers in progress; `forms` builds each step's form from the quiz; `results` stores and
finds finished quizzes.
"""

from flask import Flask

from . import surfaces
from .views import bp

__all__ = ["bp", "init_app"]


def init_app(app: Flask) -> None:
    """Serve the visitor's pages on every surface this app has (`surfaces`)."""
    surfaces.register(app, bp)
