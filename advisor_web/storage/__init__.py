"""Every table and every query: the one package besides `db.py` and `migrations/` that
imports SQLAlchemy (tests/unit/test_layering.py pins it).

- `models`: the tables (stored results, tallies, staff members);
- `results`: storing a finished quiz exactly once with its tallies, and finding it again;
- `tallies`: the running counts and the dashboard's reads of them;
- `funnel_counts`: the funnel's step counts, held by a worker for a moment, written together;
- `compiled`: statements on hot paths, compiled once per dialect and run on the driver;
- `votes`: "Was this helpful?" on a stored result;
- `answer_sets`: stored answers grouped for a replay;
- `exports`: the stored results an export streams;
- `retention`: purging old results in short batches;
- `staff_members`: staff accounts' rows;
- `consultation_models`, `consultations`: consultation requests, the challenges spent on
  them, and their tallies;
- `outbox`: events waiting for delivery to webhooks and staff mail, claimed under a lease;
- `sqlite`, `backup`, `readiness`: SQLite's tuning, its file backups, and whether the
  database answers with the latest schema.

The rest of the app names a session and the database's "not now" error through this
package, so that no module outside it needs SQLAlchemy for a type or an `except`.
"""

from __future__ import annotations

from sqlalchemy.exc import OperationalError as DatabaseUnavailable
from sqlalchemy.orm import Session

__all__ = ["DatabaseUnavailable", "Session"]
