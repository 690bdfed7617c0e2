"""The functional core: quiz content and scoring. Imports nothing from Flask or SQLAlchemy."""

from .content import (
    Choice,
    Condition,
    Factor,
    HybridRule,
    Question,
    Quiz,
    QuizContentError,
    Step,
    VerdictText,
    default_quiz,
    load_quiz,
)
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
    "Condition",
    "Factor",
    "FactorRow",
    "Flip",
    "HybridRule",
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
