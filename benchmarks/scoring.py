"""How long the engine takes to score one answer set, flips and reasons included."""

import timeit

from advisor_web.quiz import default_quiz, score

ANSWERS = {
    "project_type": "realtime", "realtime": "core", "ai_ml": "core", "data_processing": "some",
    "team_language": "both", "team_experience": "experienced", "frontend": "js_framework",
    "crud_admin": "no", "ship_speed": "normal", "concurrency": "high", "cost_sensitive": "no",
    "team_size": "large",
}


def main():
    quiz = default_quiz()
    score(quiz, ANSWERS)  # builds the per-quiz tables once
    timer = timeit.Timer(lambda: score(quiz, ANSWERS))
    loops, _ = timer.autorange()
    best = min(timer.repeat(repeat=5, number=loops)) / loops
    return [("score one answer set (µs, best of 5)", f"{best * 1e6:.0f}", "well under 1,000")]
