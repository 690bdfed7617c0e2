"""The visitor side: the landing page, the quiz's steps, the result and its what-ifs.

`views` parses requests and responds; `attempts` holds the use cases; `drafts` keeps the
answers in progress; `forms` builds each step's form from the quiz; `results` stores and
finds finished quizzes.
"""

from .views import bp

__all__ = ["bp"]
