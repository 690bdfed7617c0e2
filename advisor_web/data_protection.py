"""Data protection for consultation requests: `flask consultations erase --email ADDRESS`
deletes everything held about an address; `flask consultations purge --older-than DAYS`
deletes requests past their retention period (CONSULTATION_RETENTION_DAYS by default).

Both drop the requests' outbox rows too (`forget_subject`): a delivery still pending holds
the contact details. Tallies are kept: they name no one.
"""

from __future__ import annotations

import datetime as dt

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from . import db
from .db import Session  # the type only: queries live in storage/
from .storage import consultations as requests
from .storage.outbox import forget_subject

# Requests deleted per write transaction: each also deletes its outbox rows.
BATCH_SIZE = 500
MAX_DAYS = 36_500  # as for results: beyond it the cut-off would leave the calendar


def erase(dbs: Session, email: str) -> tuple[int, int]:
    """Delete every request made with `email` (whatever the case of its letters) and their
    outbox rows; return how many of each."""
    with db.transaction(dbs):
        ids = requests.ids_for_email(dbs, email)
        deliveries = sum(forget_subject(dbs, request_id) for request_id in ids)
        return requests.delete_all(dbs, ids), deliveries


def expiring(dbs: Session, before: dt.datetime) -> int:
    """How many requests a purge of those made before `before` would delete."""
    count = len(requests.ids_older_than(dbs, before))
    dbs.rollback()  # end the read: the purge's transactions start afresh
    return count


def purge(dbs: Session, before: dt.datetime) -> int:
    """Delete the requests made before `before`, with their outbox rows, in short batches;
    return how many. Running it again deletes nothing more."""
    removed = 0
    while True:
        with db.transaction(dbs):
            ids = requests.ids_older_than(dbs, before)[:BATCH_SIZE]
            for request_id in ids:
                forget_subject(dbs, request_id)
            removed += requests.delete_all(dbs, ids)
        if len(ids) < BATCH_SIZE:
            return removed


consultations_cli = AppGroup("consultations", help="Data protection for consultation requests.")


@consultations_cli.command("erase")
@click.option("--email", required=True, metavar="ADDRESS",
              help="The address whose requests to delete.")
def erase_command(email: str) -> None:
    """Delete every consultation request made with an email address, and its deliveries
    still pending."""
    email = email.strip()
    if "@" not in email:
        raise click.UsageError(f"--email {email!r} is not an email address")
    with db.new_session() as dbs:
        erased, deliveries = erase(dbs, email)
    click.echo(f"erased {erased} request(s) made with {email} and {deliveries} pending "
               "delivery(ies) of them")


@consultations_cli.command("purge")
@click.option("--older-than", "older_than", type=click.IntRange(min=1, max=MAX_DAYS),
              metavar="DAYS", default=None,
              help="Delete requests made more than DAYS days ago "
                   "[default: CONSULTATION_RETENTION_DAYS].")
@click.option("--dry-run", is_flag=True, help="Report what would be deleted; delete nothing.")
def purge_command(older_than: int | None, dry_run: bool) -> None:
    """Delete consultation requests older than DAYS days, with their pending deliveries."""
    days = older_than or current_app.config["CONSULTATION_RETENTION_DAYS"]
    if not 1 <= days <= MAX_DAYS:
        raise click.UsageError(
            f"CONSULTATION_RETENTION_DAYS is {days}: it must be between 1 and {MAX_DAYS}")
    before = dt.datetime.now(dt.UTC) - dt.timedelta(days=days)
    with db.new_session() as dbs:
        if dry_run:
            click.echo(f"dry run: would remove {expiring(dbs, before)} request(s) made more "
                       f"than {days} days ago")
            return
        removed = purge(dbs, before)
    click.echo(f"removed {removed} request(s) made more than {days} days ago")


def init_app(app: Flask) -> None:
    app.cli.add_command(consultations_cli)
