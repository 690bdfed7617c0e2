"""Helpers shared by the test-client tests of the visitor flow, the JSON API and `score`:
the shipped quiz's steps named by what they ask, and answer sets it refuses. The visitor who
fills in the steps, and the looks at pages and the database, are tests/support's."""

from __future__ import annotations

from collections.abc import Mapping

from advisor_web.quiz.content import Step
from tests.support.answer_sets import (  # noqa: F401 (the tests import them from here)
    ANSWERS_FOR_VERDICT,
    HYBRID_LARGE_TEAM,
    NODE_DELIVERY,
    PYTHON_AI,
    SOLO_SAME_NEEDS,
)
from tests.support.database import (  # noqa: F401
    stored_columns,
    stored_results,
    tally,
    tally_rows,
)
from tests.support.pages import (  # noqa: F401
    checked_answers,
    csrf_token_in,
    error_ids,
    heading,
    progress,
    radio_names,
    shows_step,
    tags,
)
from tests.support.quiz_runner import (  # noqa: F401
    HTMX,
    QUIZ,
    complete_quiz,
    finish_quiz,
    post_step,
    public_id_of,
    reach,
    result_url,
    step_answers,
    step_form,
    step_url,
    steps_for,
)

# Every step of the quiz, the conditional one included, with its place for these answers.
ALL_STEPS = QUIZ.active_steps(HYBRID_LARGE_TEAM)
assert ALL_STEPS == QUIZ.steps, "HYBRID_LARGE_TEAM must show every step"
# Each step with the one that follows it, for HYBRID_LARGE_TEAM.
STEP_PAIRS = list(zip(ALL_STEPS, ALL_STEPS[1:], strict=False))
# Steps named by a question they ask (question ids are stable, the grouping is not).
FEATURES = QUIZ.step_of("realtime")  # its answers decide whether TEAM_SIZE is asked
TEAM = QUIZ.step_of("team_language")
TEAM_SIZE = QUIZ.step_of("team_size")  # the conditional step


def id_of(step: Step) -> str:
    """Names parametrized tests after their step."""
    return step.id


def next_step(step: Step, answers: Mapping[str, str]) -> Step | None:
    steps = steps_for(answers)
    index = steps.index(step)
    return steps[index + 1] if index + 1 < len(steps) else None


def progress_of(step: Step, answers: Mapping[str, str]) -> str:
    """The progress a step should show for these answers: "Step k of n"."""
    steps = steps_for(answers)
    return f"Step {steps.index(step) + 1} of {len(steps)}"


def without(answers: Mapping[str, str], question_id: str) -> dict[str, str]:
    return {q: c for q, c in answers.items() if q != question_id}


# Answer sets the engine refuses, each with the one id it must name (the API and the CLI).
BAD_ANSWERS = {
    "unknown question": ({**NODE_DELIVERY, "favourite_colour": "blue"}, "favourite_colour"),
    "unknown choice": ({**NODE_DELIVERY, "realtime": "always"}, "realtime"),
    "another question's choice": ({**NODE_DELIVERY, "realtime": "javascript"}, "realtime"),
    "missing required answer": (without(NODE_DELIVERY, "frontend"), "frontend"),
    "choice that is not a string": ({**NODE_DELIVERY, "concurrency": 3}, "concurrency"),
}
