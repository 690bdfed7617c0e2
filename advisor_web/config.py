"""Settings read from the environment (documented in README.md, "Configuration")."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path

from .quiz.loader import DEFAULT_QUIZ_FILE

log = logging.getLogger(__name__)

PRODUCTION = "production"
# Every value ADVISOR_ENV may take: a typo such as "prod" must not quietly run as development.
ENVIRONMENTS = ("development", "production", "test")
# A shorter key can be guessed offline from one signed cookie.
MIN_SECRET_KEY_LENGTH = 32
# A metrics token is a password that a scraper sends on every scrape, forever: as long as a
# secret key, so guessing it, even past METRICS_RATE_LIMIT from many addresses, is hopeless.
MIN_METRICS_TOKEN_LENGTH = 32


class UnknownEnvironment(RuntimeError):
    pass


def _flag(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def from_environment(instance_path: str) -> dict:
    """The app's settings: environment variables over development defaults."""
    env = os.environ.get("ADVISOR_ENV", "development").strip().lower()
    if env not in ENVIRONMENTS:
        raise UnknownEnvironment(
            f"ADVISOR_ENV={env!r} is not one of {', '.join(ENVIRONMENTS)}: refusing to guess")
    production = env == PRODUCTION
    return {
        "ADVISOR_ENV": env,
        "SECRET_KEY": os.environ.get("SECRET_KEY") or None,
        # The quiz visitors take; earlier versions stay in `archive/` beside it.
        "QUIZ_FILE": os.environ.get("QUIZ_FILE") or str(DEFAULT_QUIZ_FILE),
        # The comparisons served (space-separated), the first the default; empty: QUIZ_FILE.
        "QUIZ_FILES": os.environ.get("QUIZ_FILES", "").split(),
        # Origins (space-separated) allowed to frame the quiz under /embed/; empty: no /embed/.
        "EMBED_ORIGINS": os.environ.get("EMBED_ORIGINS", "").split(),
        # Labels an embedding page may give as its source (`data-source`); others are "other".
        "EMBED_SOURCES": os.environ.get("EMBED_SOURCES", "").split(),
        "DATABASE_URL": os.environ.get("DATABASE_URL")
        or f"sqlite:///{Path(instance_path) / 'advisor.sqlite3'}",
        # Seconds a writer waits for SQLite's lock before giving up.
        "SQLITE_BUSY_TIMEOUT": _int("SQLITE_BUSY_TIMEOUT", 15),
        # Seconds a worker holds the funnel's step counts to write them together (one write
        # per interval instead of one per step: storage/funnel_counts.py); 0 writes each at
        # once, so the dashboard shows a step the moment it is answered.
        "FUNNEL_WRITE_SECONDS": float(os.environ.get("FUNNEL_WRITE_SECONDS")
                                      or (1 if production else 0)),
        # PostgreSQL: seconds to establish a connection, and the longest a statement may run,
        # so an unreachable or stuck server costs a request a few seconds, never forever.
        "DATABASE_CONNECT_TIMEOUT": _int("DATABASE_CONNECT_TIMEOUT", 3),
        "DATABASE_STATEMENT_TIMEOUT": _int("DATABASE_STATEMENT_TIMEOUT", 5),
        "SESSION_COOKIE_SECURE": _flag("SESSION_COOKIE_SECURE", production),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        # Answers in progress survive a browser restart for a day.
        "PERMANENT_SESSION_LIFETIME": _int("DRAFT_LIFETIME_HOURS", 24) * 3600,
        # The cookie is sent again only when its content changes, not on every page view:
        # the day a draft lives counts from the visitor's last answer.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "STAFF_IDLE_MINUTES": _int("STAFF_IDLE_MINUTES", 30),
        # However active, a staff session ends this long after its login.
        "STAFF_SESSION_HOURS": _int("STAFF_SESSION_HOURS", 12),
        # Forms here are a handful of radio buttons: anything bigger is not a visitor.
        "MAX_CONTENT_LENGTH": _int("MAX_CONTENT_LENGTH", 16 * 1024),
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_ENABLED": _flag("RATELIMIT_ENABLED", True),
        "COMPLETION_RATE_LIMIT": os.environ.get("COMPLETION_RATE_LIMIT", "60 per hour"),
        # Share cards drawn afresh per address (one the worker holds, a 304 or a HEAD costs
        # nothing): a Nepali card is ~67 ms of a worker's time.
        "SHARE_CARD_RATE_LIMIT": os.environ.get("SHARE_CARD_RATE_LIMIT", "30 per minute"),
        # Failed logins only: per (username, address), then per address whatever the name.
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute;50 per day"),
        "LOGIN_ADDRESS_RATE_LIMIT": os.environ.get("LOGIN_ADDRESS_RATE_LIMIT",
                                                   "30 per minute;200 per day"),
        # Failed logins for one username from anywhere slow its next attempts down, by up to
        # this many seconds, rather than lock the account.
        "LOGIN_SLOWDOWN_MAX_SECONDS": float(os.environ.get("LOGIN_SLOWDOWN_MAX_SECONDS", "3")),
        "PROXY_FIX_HOPS": _int("PROXY_FIX_HOPS", 0),
        "HSTS": _flag("HSTS", production),
        "WTF_CSRF_TIME_LIMIT": None,  # the draft lives a day; the token must too
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO").upper(),
        # Bearer token for GET /metrics; unset, there is no /metrics (advisor_web/metrics.py).
        "METRICS_TOKEN": os.environ.get("METRICS_TOKEN") or None,
        # Wrong or missing metrics tokens per address (a right one costs nothing).
        "METRICS_RATE_LIMIT": os.environ.get("METRICS_RATE_LIMIT", "10 per minute;50 per day"),
        # The default of `flask results purge --older-than`; unset (or 0): results are kept.
        # The app never purges by itself.
        "RESULT_RETENTION_DAYS": _int("RESULT_RETENTION_DAYS", 0) or None,
        # "You against others" shows a group only from this many results: a smaller one could
        # tell what a few people were told.
        "OTHERS_MIN_COUNT": _int("OTHERS_MIN_COUNT", 20),
        # Consultation requests under each result (README, "Consultation requests"): on unless
        # CONSULTATIONS=off.
        "CONSULTATIONS": _flag("CONSULTATIONS", True),
        # Who receives a request, as the consent text and /privacy name them.
        "PUBLISHER_NAME": os.environ.get("PUBLISHER_NAME") or None,
        # The default of `flask consultations purge`, and what the consent text promises.
        "CONSULTATION_RETENTION_DAYS": _int("CONSULTATION_RETENTION_DAYS", 180),
        # Stored requests per address (Flask-Limiter's notation); refused forms do not count.
        "CONSULTATION_RATE_LIMIT": os.environ.get("CONSULTATION_RATE_LIMIT",
                                                  "5 per hour;20 per day"),
        # The proof of work's difficulty: the browser tries up to this many hashes, half on
        # average (about a second on a phone at the default).
        "CONSULTATION_POW_MAX_NUMBER": _int("CONSULTATION_POW_MAX_NUMBER", 100_000),
        # A form sent sooner than this after it was shown is refused (no person is that quick);
        # without a proof of work (no JavaScript) the form must have been open this long.
        "CONSULTATION_MIN_SECONDS": _int("CONSULTATION_MIN_SECONDS", 3),
        "CONSULTATION_NO_JS_MIN_SECONDS": _int("CONSULTATION_NO_JS_MIN_SECONDS", 10),
        # A form (and its challenge) shown longer ago than this is refused as out of date.
        "CONSULTATION_FORM_HOURS": _int("CONSULTATION_FORM_HOURS", 24),
        # The publisher's systems (outbox.py checks these at start-up). Webhook receivers,
        # space-separated, and the whsec_... secret every delivery is signed with.
        "WEBHOOK_URLS": os.environ.get("WEBHOOK_URLS", "").split(),
        "WEBHOOK_SECRET": os.environ.get("WEBHOOK_SECRET") or None,
        # Seconds a receiver has to answer (connecting has 5 more: webhooks.py).
        # (The outbox's numbers stay text here: outbox.settings_from parses them and names a
        # malformed one.)
        "WEBHOOK_TIMEOUT_SECONDS": os.environ.get("WEBHOOK_TIMEOUT_SECONDS") or "15",
        # Mail to staff: smtp://[user:pass@]host:port[?starttls=1] or smtps://...
        "MAIL_URL": os.environ.get("MAIL_URL") or None,
        "MAIL_FROM": os.environ.get("MAIL_FROM") or None,
        "MAIL_TO": os.environ.get("MAIL_TO", "").split(),
        # Waits between delivery attempts (comma-separated seconds); after the last, failed.
        "OUTBOX_RETRY_SECONDS": os.environ.get("OUTBOX_RETRY_SECONDS")
        or "5,300,1800,7200,18000,36000,36000",
        # How long a worker holds the rows it claimed: a worker that died mid-delivery leaves
        # them to others after this long.
        "OUTBOX_LEASE_SECONDS": os.environ.get("OUTBOX_LEASE_SECONDS") or "300",
        # How often an idle `flask outbox run` looks for due events.
        "OUTBOX_POLL_SECONDS": os.environ.get("OUTBOX_POLL_SECONDS") or "5",
    }


class MissingSecretKey(RuntimeError):
    pass


class WeakMetricsToken(RuntimeError):
    pass


def ensure_metrics_token(config: dict) -> None:
    """Refuse to run production with a METRICS_TOKEN shorter than MIN_METRICS_TOKEN_LENGTH."""
    token = config.get("METRICS_TOKEN")
    if token and config.get("ADVISOR_ENV") == PRODUCTION \
            and len(token) < MIN_METRICS_TOKEN_LENGTH:
        raise WeakMetricsToken(
            f"METRICS_TOKEN has {len(token)} characters: production mode needs at least "
            f'{MIN_METRICS_TOKEN_LENGTH} (python -c "import secrets; '
            'print(secrets.token_urlsafe(32))")')


class WeakSecretKey(RuntimeError):
    pass


def ensure_secret_key(config: dict, instance_path: str) -> None:
    """Refuse to run production without a long SECRET_KEY; in development keep one in
    instance/."""
    key = config.get("SECRET_KEY")
    if key and config.get("ADVISOR_ENV") == PRODUCTION and len(key) < MIN_SECRET_KEY_LENGTH:
        raise WeakSecretKey(
            f"SECRET_KEY has {len(key)} characters: production mode needs at least "
            f'{MIN_SECRET_KEY_LENGTH} (python -c "import secrets; print(secrets.token_hex(32))")')
    if key:
        return
    if config.get("ADVISOR_ENV") == PRODUCTION:
        raise MissingSecretKey(
            "SECRET_KEY is not set: production mode refuses to start without one "
            '(python -c "import secrets; print(secrets.token_hex(32))")'
        )
    key_file = Path(instance_path) / "secret_key"
    if not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
        log.warning("SECRET_KEY is not set: generated a development key in %s", key_file)
    config["SECRET_KEY"] = key_file.read_text().strip()
