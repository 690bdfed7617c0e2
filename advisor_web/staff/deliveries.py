"""The staff's view of the outbox: deliveries to the publisher's systems that are not done
(pending, failed after the last retry, or stopped by a 410), and "send again"."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from flask import abort, flash, redirect, render_template, url_for
from flask_login import login_required

from .. import db, outbox
from ..storage import outbox as store
from .views import bp


@dataclass(frozen=True)
class DeliveryRow:
    """A delivery as the page shows it."""

    delivery: store.Delivery
    destination: str  # a webhook's URL without its query (it may hold a token), or "mail to …"


def destination(delivery: store.Delivery) -> str:
    if delivery.channel == store.MAIL:
        return "mail to " + ", ".join(delivery.target.split())
    parts = urlsplit(delivery.target)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"


def page_rows(session) -> tuple[list[DeliveryRow], dict[str, int]]:
    """The undelivered rows, and how many rows are in each status (read in one transaction,
    which `undelivered` ends)."""
    counts = store.counts_by_status(session)
    rows = [DeliveryRow(d, destination(d)) for d in store.undelivered(session)]
    return rows, counts


@bp.get("/deliveries")
@login_required
def deliveries():
    """Deliveries not done yet (pending, failed, stopped), each with its attempts and last
    error, and a button to send it again."""
    rows, counts = page_rows(db.get_session())
    return render_template("staff/deliveries.html", rows=rows, counts=counts)


@bp.post("/deliveries/<int:row_id>/send-again")
@login_required
def send_again(row_id: int):
    """Make a delivery due now with a fresh retry schedule (a stopped URL is resumed); the
    worker sends it on its next poll."""
    if not store.send_again(db.get_session(), row_id, outbox.utcnow()):
        abort(404)
    flash("The delivery will be sent again on the worker's next poll.")
    return redirect(url_for("staff.deliveries"), 303)
