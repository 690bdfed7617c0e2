"""Command-line tools: `flask score`, `flask demo-data` and `flask quiz check|replay`
(`flask staff` is in accounts.py, `flask db` in db.py, `flask results` in retention.py)."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import db, demo_data, quizzes, retention, stored_answers
from .config import PRODUCTION
from .quiz.content import QuizContentError
from .quiz.loader import load_quiz, scaffold
from .quiz.replay import Report
from .quiz.scoring import InvalidAnswers, outcome_to_dict, score


@click.command("score")
@with_appcontext
@click.option("--answers", required=True, help='JSON object: {"question_id": "choice_id", ...}')
def score_command(answers: str) -> None:
    """Print the outcome of an answer set as JSON."""
    try:
        parsed = json.loads(answers)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"--answers is not valid JSON: {error.msg}") from None
    if not isinstance(parsed, dict):
        raise click.ClickException("--answers must be a JSON object of question_id: choice_id")
    try:
        outcome = score(quizzes.live(), parsed)
    except InvalidAnswers as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(outcome_to_dict(outcome), indent=2))


@click.command("demo-data")
@click.option("--results", "total", type=click.IntRange(min=1), default=1000, show_default=True,
              help="How many results to store.")
@click.option("--days", type=click.IntRange(min=1, max=3660), default=90, show_default=True,
              help="Spread them over this many days, ending today.")
@click.option("--seed", type=int, default=None, help="Make the answers reproducible.")
@click.option("--force", is_flag=True,
              help="Write into a production database all the same (ADVISOR_ENV=production).")
@with_appcontext
def demo_data_command(total: int, days: int, seed: int | None, force: bool) -> None:
    """Store synthetic anonymous results (with their tallies) for demos and benchmarks."""
    if current_app.config["ADVISOR_ENV"] == PRODUCTION and not force:
        # Synthetic rows cannot be told apart from real ones once stored.
        raise click.ClickException(
            "ADVISOR_ENV is production: demo data would mix with real results for good. "
            "Use a development database, or pass --force if this one is a throwaway.")

    step = max(total // 20, 1)  # about twenty progress lines, whatever the size
    shown = [0]

    def progress(stored: int, wanted: int, seconds: float) -> None:
        if stored > shown[0] and (stored - shown[0] >= step or stored == wanted):
            shown[0] = stored
            click.echo(f"stored {stored:,} of {wanted:,} results ({seconds:.1f} s)")

    stored = demo_data.fill(db.get_session(), quizzes.live(), total, days, seed, progress)
    click.echo(f"done: {stored:,} results over {days} days")


@click.group("quiz")
def quiz_group() -> None:
    """Check a candidate quiz file, and replay stored answers under it."""


def _candidate(path: str):
    try:
        return load_quiz(path)
    except QuizContentError as error:
        raise click.ClickException(str(error)) from None


@quiz_group.command("check")
@click.argument("path", type=click.Path(dir_okay=False))
def quiz_check_command(path: str) -> None:
    """Validate a candidate quiz file; exit non-zero naming the first problem."""
    quiz = _candidate(path)
    click.echo(f"{path}: {quiz.slug!r} version {quiz.version}, {len(quiz.options)} options "
               f"({', '.join(quiz.option_ids)}), {len(quiz.questions)} questions, "
               f"{len(quiz.factors)} factors: valid")


@quiz_group.command("new")
@click.argument("slug")
@click.option("--to", "path", type=click.Path(dir_okay=False), default=None,
              help="Where to write it (default: ./SLUG.toml).")
def quiz_new_command(slug: str, path: str | None) -> None:
    """Write a valid two-option comparison file to start from (a draft: listed = false)."""
    path = path or f"{slug}.toml"
    try:
        text = scaffold(slug, path)
    except QuizContentError as error:
        raise click.ClickException(str(error)) from None
    try:
        with open(path, "x", encoding="utf-8") as file:  # never over an existing file
            file.write(text)
    except FileExistsError:
        raise click.ClickException(f"{path} exists already: choose another --to") from None
    click.echo(f"{path}: a new comparison {slug!r}; edit it, then `flask quiz check {path}`")


@quiz_group.command("replay")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.option("--from", "start", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only results stored on or after this day (YYYY-MM-DD).")
@click.option("--to", "end", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Only results stored on or before this day (YYYY-MM-DD).")
@with_appcontext
def quiz_replay_command(path: str, as_json: bool, start, end) -> None:
    """Re-score every stored answer set under the quiz file PATH: which verdicts change."""
    candidate = _candidate(path)
    start, end = start and start.date(), end and end.date()
    if start and end and start > end:
        raise click.BadParameter("--from must not be after --to", param_hint="--from")
    report = stored_answers.replay_stored(db.get_session(), candidate, start, end)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(describe(report))


def describe(report: Report) -> str:
    """The replay report as lines of text."""
    lines = [f"{report.results:,} results replayed in {report.seconds:.2f} s: "
             f"{report.changed:,} would get another verdict."]
    for name, count in report.transitions.items():
        lines.append(f"  {name}: {count:,}")
        lines += [f"    e.g. {json.dumps(dict(answers))}" for answers in report.examples[name]]
    if report.by_project_type:
        lines.append("Changes by project type:")
        lines += [f"  {project or '(none)'}: {count:,}"
                  for project, count in report.by_project_type.items()]
    if report.unscorable:
        lines.append(f"{report.unscorable:,} results cannot be scored by this quiz:")
        lines += [f"  {count:,}: {problem}" for problem, count in report.problems.items()]
    return "\n".join(lines)


def init_app(app: Flask) -> None:
    app.cli.add_command(score_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(quiz_group)
    retention.init_app(app)  # flask results purge
