"""A frozen copy of the two-option engine as it was before issue 19 (quiz/content.py and
quiz/scoring.py at commit a85e022) and of the Node.js vs Python quiz file it read.

It is the reference for one test only, tests/unit/test_engine_matches_2025.py: the N-option
engine must give exactly the same verdict, scores, margin, reasons and flips for every answer
set of the converted file. Never edit it, and never import it from the app.
"""

from pathlib import Path

from .content import load_quiz

QUIZ_FILE = Path(__file__).with_name("backend.toml")


def reference_quiz():
    return load_quiz(QUIZ_FILE)
