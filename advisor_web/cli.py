"""Command-line tools: `flask score` and `flask demo-data` (`flask staff` is in accounts.py,
`flask db` in db.py, `flask results` in retention.py)."""

from __future__ import annotations

import json

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from . import db, demo_data, quizzes, retention
from .config import PRODUCTION
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


def init_app(app: Flask) -> None:
    app.cli.add_command(score_command)
    app.cli.add_command(demo_data_command)
    retention.init_app(app)  # flask results purge
