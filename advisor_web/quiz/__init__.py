"""The functional core: quiz content and scoring. Imports nothing from Flask or SQLAlchemy."""

from .content import (
    Choice,
    Combined,
    Condition,
    Factor,
    Option,
    Question,
    Quiz,
    QuizContentError,
    Step,
    VerdictText,
)
from .loader import default_quiz, load_quiz
from .scoring import (
    FactorRow,
    Flip,
    InvalidAnswers,
    Outcome,
    Reason,
    outcome_to_dict,
    score,
    validate,
    what_if,
)
from .versions import QuizVersions

__all__ = [
    "Choice",
    "Combined",
    "Condition",
    "Factor",
    "FactorRow",
    "Flip",
    "Option",
    "InvalidAnswers",
    "Outcome",
    "Question",
    "Quiz",
    "QuizContentError",
    "Reason",
    "Step",
    "VerdictText",
    "default_quiz",
    "load_quiz",
    "outcome_to_dict",
    "score",
    "validate",
    "what_if",
    "QuizVersions",
]
