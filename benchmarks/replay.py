"""`quiz replay` of the biggest quiz file the loader accepts, over 100,000 stored results.

The file is the live quiz grown to every limit of `quiz.content` (MAX_QUESTIONS questions,
MAX_CHOICES choices each, MAX_FACTORS factors, as many weights per choice as MAX_FILE_BYTES
leaves room for). It is replayed twice: once with the added questions optional (every stored
answer set is scored) and once with them required (every answer set is refused, and its
problem written). The row is the slower of the two; the goal is 5 s (issue 18: an upload
held a worker for 14 s before the limits).

BENCH_REPLAY_RESULTS changes the number of results (for a quick try: 10000).
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from advisor_web.quiz import content
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, parse_quiz

from .dashboard import filled_app

RESULTS = int(os.environ.get("BENCH_REPLAY_RESULTS", "100000"))


def biggest_accepted_quiz(required: bool = False) -> str:
    """The live quiz file grown to the loader's limits (it still loads: see the unit test)."""
    live = DEFAULT_QUIZ_FILE.read_text()
    quiz = parse_quiz(live, "live")
    factor_ids = [f.id for f in quiz.factors]
    extra_factors = [f"f{n}" for n in range(content.MAX_FACTORS - len(factor_ids))]
    factors = "".join(
        f'[[factors]]\nid = "{fid}"\nname = "F"\nstars = {{ node = 2, python = 4 }}\n'
        f'labels = {{ node = "A", python = "B" }}\nverdict = "V"\n'
        for fid in extra_factors)
    count = content.MAX_QUESTIONS - len(quiz.questions)
    for weights in range(len(factor_ids + extra_factors), 0, -1):
        importance = ", ".join(f"{fid} = 0.5" for fid in (factor_ids + extra_factors)[:weights])
        choices = "".join(
            f'  [[questions.choices]]\n  id = "c{c}"\n  label = "C"\n'
            f'  importance = {{ {importance} }}\n  lean = {{ node = 1, python = 1 }}\n'
            for c in range(content.MAX_CHOICES))
        questions = "".join(
            f'[[questions]]\nid = "x{n}"\nprompt = "X?"\nrequired = {str(required).lower()}\n'
            + choices for n in range(count))
        ids = ", ".join(f'"x{n}"' for n in range(count))
        step = f'[[steps]]\nid = "extra"\ntitle = "More"\nquestions = [{ids}]\n'
        at = live.index("[verdicts.")
        text = live[:at] + factors + questions + step + live[at:]
        if len(text.encode()) <= content.MAX_FILE_BYTES:
            return text
    raise RuntimeError("the limits leave no room for a weight per choice")


def replay_seconds(app, path: Path) -> tuple[float, dict]:
    outcome = app.test_cli_runner().invoke(args=["quiz", "replay", str(path), "--json"])
    if outcome.exit_code != 0:
        raise RuntimeError(outcome.output)
    report = json.loads(outcome.output)
    return report["seconds"], report


def main():
    with tempfile.TemporaryDirectory(prefix="advisor-bench-") as directory:
        app, _ = filled_app(Path(directory), RESULTS)
        timings = []
        for required in (False, True):
            path = Path(directory) / f"biggest-{required}.toml"
            path.write_text(biggest_accepted_quiz(required))
            timings.append(replay_seconds(app, path))
        app.extensions["advisor_engine"].dispose()
    seconds, report = max(timings, key=lambda timing: timing[0])
    return [(f"`quiz replay` of the biggest accepted file, {report['results']:,} results (s)",
             f"{seconds:.1f}", "≤ 5")]


if __name__ == "__main__":
    for row in main():
        print(" | ".join(row))
