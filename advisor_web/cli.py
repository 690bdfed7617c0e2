"""Command-line tools: `flask score`, `flask demo-data`, `flask quiz check|replay` and
`flask results purge` (`flask staff` is in staff/accounts.py, `flask db` in db.py,
`flask consultations` in data_protection.py, `flask outbox` in outbox.py)."""

from __future__ import annotations

import json
import time

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from . import data_protection, db, demo_data, quizzes
from .config import PRODUCTION
from .quiz.content import QuizContentError
from .quiz.loader import load_quiz, scaffold
from .quiz.replay import Report
from .quiz.scoring import InvalidAnswers, outcome_to_dict, score
from .quiz.translation import load_translation, translations_for
from .storage import answer_sets, retention


def comparison_of(slug: str | None) -> quizzes.Comparison:
    """The comparison `--quiz` names (None: the default one); an unknown slug is a usage
    error naming the allowed values."""
    found = quizzes.comparison(slug)
    if found is None:
        allowed = ", ".join(quizzes.registry().by_slug)
        raise click.BadParameter(f"no comparison has the slug {slug!r}; one of: {allowed}",
                                 param_hint="--quiz")
    return found


@click.command("score")
@with_appcontext
@click.option("--answers", required=True, help='JSON object: {"question_id": "choice_id", ...}')
@click.option("--quiz", "slug", default=None, metavar="SLUG",
              help="The comparison to score (default: the first of QUIZ_FILES).")
def score_command(answers: str, slug: str | None) -> None:
    """Print the outcome of an answer set as JSON."""
    quiz = comparison_of(slug).live()
    try:
        parsed = json.loads(answers)
    except json.JSONDecodeError as error:
        raise click.ClickException(f"--answers is not valid JSON: {error.msg}") from None
    if not isinstance(parsed, dict):
        raise click.ClickException("--answers must be a JSON object of question_id: choice_id")
    try:
        outcome = score(quiz, parsed)
    except InvalidAnswers as error:
        raise click.ClickException(str(error)) from None
    click.echo(json.dumps(outcome_to_dict(outcome), indent=2))


@click.command("demo-data")
@click.option("--results", "total", type=click.IntRange(min=1), default=1000, show_default=True,
              help="How many results to store for each listed comparison.")
@click.option("--days", type=click.IntRange(min=1, max=3660), default=90, show_default=True,
              help="Spread them over this many days, ending today.")
@click.option("--seed", type=int, default=None, help="Make the answers reproducible.")
@click.option("--force", is_flag=True,
              help="Write into a production database all the same (ADVISOR_ENV=production).")
@with_appcontext
def demo_data_command(total: int, days: int, seed: int | None, force: bool) -> None:
    """Store synthetic anonymous results (with their tallies) of every listed comparison, for
    demos and benchmarks."""
    if current_app.config["ADVISOR_ENV"] == PRODUCTION and not force:
        # Synthetic rows cannot be told apart from real ones once stored.
        raise click.ClickException(
            "ADVISOR_ENV is production: demo data would mix with real results for good. "
            "Use a development database, or pass --force if this one is a throwaway.")
    # Results taken in a frame carry an embed source's label, or "other" when none is set.
    sources = tuple(current_app.config["EMBED_SOURCES"]) or ("other",)
    # A draft is left out: its previews store nothing, so it has no numbers to show.
    for comparison in quizzes.registry().listed():
        stored = demo_data.fill(db.get_session(), comparison.live(), total, days, seed,
                                progress_lines(total, comparison.slug), sources,
                                comparison.languages)
        click.echo(f"done: {stored:,} results over {days} days for {comparison.slug}")


def progress_lines(total: int, slug: str):
    """demo_data.fill's progress callback: about twenty lines, whatever the size."""
    step = max(total // 20, 1)
    shown = [0]

    def progress(stored: int, wanted: int, seconds: float) -> None:
        if stored > shown[0] and (stored - shown[0] >= step or stored == wanted):
            shown[0] = stored
            click.echo(f"{slug}: stored {stored:,} of {wanted:,} results ({seconds:.1f} s)")

    return progress


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
    """Validate a candidate quiz file and the translations beside it (`<name>.ne.toml`), as
    start-up would; exit non-zero naming the first problem."""
    quiz = _candidate(path)
    languages = translations_for(path)
    for translation in list(languages.values())[1:]:
        try:
            load_translation(quiz, translation)
        except QuizContentError as error:
            raise click.ClickException(str(error)) from None
    click.echo(f"{path}: {quiz.slug!r} version {quiz.version}, {len(quiz.options)} options "
               f"({', '.join(quiz.option_ids)}), {len(quiz.questions)} questions, "
               f"{len(quiz.factors)} factors, languages {', '.join(languages)}: valid")


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
@click.option("--quiz", "slug", default=None, metavar="SLUG",
              help="Replay the stored results of this comparison (default: the file's slug).")
@with_appcontext
def quiz_replay_command(path: str, as_json: bool, start, end, slug: str | None) -> None:
    """Re-score every stored answer set of the quiz file's comparison under the file PATH:
    which verdicts change."""
    candidate = _candidate(path)
    start, end = start and start.date(), end and end.date()
    if start and end and start > end:
        raise click.BadParameter("--from must not be after --to", param_hint="--from")
    # The candidate is a new version of a comparison: its own stored results are replayed,
    # unless --quiz names another (a comparison whose slug the candidate changes).
    comparison = comparison_of(slug).slug if slug else candidate.slug
    report = answer_sets.replay_stored(db.get_session(), comparison, candidate, start, end)
    if as_json:
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(describe(report, comparison))


def describe(report: Report, comparison: str) -> str:
    """The replay report of `comparison`'s stored results as lines of text."""
    lines = [f"{report.results:,} results of comparison {comparison!r} replayed in "
             f"{report.seconds:.2f} s: {report.changed:,} would get another verdict."]
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


def retention_days(older_than: int | None) -> int:
    """The period to purge: the option, else RESULT_RETENTION_DAYS; a clear error without."""
    if older_than is not None:
        return older_than
    configured = current_app.config.get("RESULT_RETENTION_DAYS")
    if configured is None:
        raise click.UsageError(
            "no retention period: pass --older-than DAYS or set RESULT_RETENTION_DAYS")
    if not 1 <= configured <= retention.MAX_DAYS:
        raise click.UsageError(
            f"RESULT_RETENTION_DAYS is {configured}: it must be between 1 and {retention.MAX_DAYS}")
    return configured


def describe_expiring(found: retention.Expiring) -> str:
    if not found.count:
        return f"no stored results dated before {found.before}"
    plural = "s" if found.count != 1 else ""
    return f"{found.count:,} stored result{plural} dated {found.first_day} to {found.last_day}"


results_cli = AppGroup("results", help="Manage stored results.")


@results_cli.command("purge")
@click.option("--older-than", "older_than", type=click.IntRange(min=1, max=retention.MAX_DAYS),
              metavar="DAYS", default=None,
              help="Delete results stored more than DAYS days ago "
                   "[default: RESULT_RETENTION_DAYS].")
@click.option("--dry-run", is_flag=True, help="Report what would be deleted; delete nothing.")
def purge_command(older_than: int | None, dry_run: bool) -> None:
    """Delete stored results older than DAYS days, in short batches; tallies are kept, so the
    dashboard's numbers do not change. Safe to run again, and while the app serves."""
    days = retention_days(older_than)
    before = retention.cutoff(days, retention.today())
    with db.new_session() as session:
        found = retention.expiring(session, before)
        if dry_run:
            click.echo(f"dry run: would remove {describe_expiring(found)} "
                       f"(older than {days} days); tallies are kept")
            return
        step = max(found.count // 10, 100_000)
        shown = [0]

        def report(removed: int, seconds: float) -> None:
            if removed - shown[0] >= step:
                shown[0] = removed
                click.echo(f"removed {removed:,} of {found.count:,} ({seconds:.1f} s)")

        started = time.perf_counter()
        removed = retention.purge(session, before, progress=report)
    if not found.count and not removed:
        click.echo(f"nothing to remove: {describe_expiring(found)} (older than {days} days)")
        return
    click.echo(f"removed {removed:,} stored results dated before {before} (older than {days} "
               f"days) in {time.perf_counter() - started:.1f} s; tallies are kept")


def init_app(app: Flask) -> None:
    app.cli.add_command(score_command)
    app.cli.add_command(demo_data_command)
    app.cli.add_command(quiz_group)
    app.cli.add_command(results_cli)
    data_protection.init_app(app)  # flask consultations erase|purge
