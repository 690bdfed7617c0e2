"""Shared by the functional-core tests: the shipped quiz, answer sets built from it, and a
tiny quiz file that the loader tests break one mistake at a time."""

from __future__ import annotations

from hypothesis import strategies as st

from advisor_web.quiz.content import Quiz
from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import Outcome, score, validate

QUIZ = default_quiz()

# A plain web backend with nothing that leans hard either way; each test states what its
# scenario is about on top of this.
PLAIN = {
    "realtime": "none",
    "ai_ml": "none",
    "data_processing": "none",
    "team_language": "both",
    "team_experience": "experienced",
    "frontend": "none",
    "crud_admin": "no",
    "ship_speed": "normal",
    "concurrency": "low",
    "cost_sensitive": "no",
}


def answers(project_type: str, **changes: str) -> dict[str, str]:
    """A complete answer set: PLAIN, the project type, and the scenario's own answers."""
    unknown = set(changes) - {q.id for q in QUIZ.questions}
    assert not unknown, f"not questions of the quiz: {unknown}"
    return {"project_type": project_type, **PLAIN, **changes}


def lead(outcome: Outcome) -> float:
    """How far Node.js is ahead of Python (negative: Python ahead)."""
    return outcome.scores["node"] - outcome.scores["python"]


def rescore(quiz: Quiz, given: dict[str, str], question_id: str, choice_id: str) -> Outcome:
    """Score `given` with one answer changed; `score` drops answers the change makes unasked."""
    return score(quiz, {**given, question_id: choice_id})


@st.composite
def answer_sets(draw: st.DrawFn, quiz: Quiz = QUIZ) -> dict[str, str]:
    """A complete, valid answer set drawn from the quiz itself; optional answers may be left
    out, and answers to questions that end up not asked are dropped as `validate` does."""
    drawn = {}
    for question in quiz.questions:
        options = st.sampled_from(question.choice_ids())
        choice = draw(options if question.required else st.none() | options)
        if choice is not None:
            drawn[question.id] = choice
    return validate(quiz, drawn)


# The smallest quiz the loader accepts: two factors, an unconditional question, and a
# conditional one read by the combined verdict. Tests replace one piece to make one mistake.
MINIMAL = """\
slug = "tiny"
title = "Tiny comparison"
version = "test"

[[options]]
id = "node"
name = "Node.js"

[[options]]
id = "python"
name = "Python"

[[combined]]
id = "hybrid"
options = ["node", "python"]
when = { team_size = ["large"] }

[[factors]]
id = "speed"
name = "Speed"
stars = { node = 5, python = 3 }
labels = { node = "Fast", python = "Good" }
verdict = "Node.js is faster."

[[factors]]
id = "ml"
name = "Machine learning"
stars = { node = 2, python = 5 }
labels = { node = "Via services", python = "Native" }
verdict = "Python wins."
base_importance = 0.5

[[questions]]
id = "live"
prompt = "Live features?"

  [[questions.choices]]
  id = "yes"
  label = "Yes"
  importance = { speed = 2.0 }

  [[questions.choices]]
  id = "no"
  label = "No"
  lean = { python = 1.0 }

[[questions]]
id = "team_size"
prompt = "How big is the team?"
required = false
condition = { live = ["yes"] }

  [[questions.choices]]
  id = "small"
  label = "Small"

  [[questions.choices]]
  id = "large"
  label = "Large"

[[steps]]
id = "one"
title = "Features"
questions = ["live"]

[[steps]]
id = "two"
title = "Team"
questions = ["team_size"]

[verdicts.node]
title = "Node.js"
summary = "Choose Node.js."
ideal_projects = ["Chat"]
frameworks = ["Express.js"]

[verdicts.python]
title = "Python"
summary = "Choose Python."
ideal_projects = ["Analytics"]
frameworks = ["Django"]

[verdicts.hybrid]
title = "Both"
summary = "Choose both."
ideal_projects = ["Big systems"]
frameworks = ["Node.js API, Python ML"]
"""
