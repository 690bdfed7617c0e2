"""Command-line tools: `flask score` (more commands are added by their own modules)."""

from __future__ import annotations

import json

import click
from flask import Flask

from .quiz.content import default_quiz
from .quiz.scoring import InvalidAnswers, outcome_to_dict, score


@click.command("score")
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
        outcome = score(default_quiz(), parsed)
    except InvalidAnswers as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(outcome_to_dict(outcome), indent=2))


def init_app(app: Flask) -> None:
    app.cli.add_command(score_command)
