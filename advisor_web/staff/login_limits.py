"""Login limits that cannot be turned against a staff member.

A limit keyed on the username alone lets anyone lock an account: fifty wrong passwords from
fifty addresses and its owner is shut out for a day. So:

- only failed attempts count (Flask-Limiter's `deduct_when`): logging in often costs nothing;
- the strict limit (LOGIN_RATE_LIMIT) is per username *and* address: a guesser runs out of
  tries for that name from that address, while the owner elsewhere is untouched;
- a looser limit per address (LOGIN_ADDRESS_RATE_LIMIT), whatever the name, stops one
  address from trying many names;
- failures for a username from anywhere only slow its next attempts down: a delay that grows
  with the failures of the last WINDOW_SECONDS, capped at LOGIN_SLOWDOWN_MAX_SECONDS. The
  count lives in the limiter's storage, so every process (and host) sees the same one. The
  owner's right password from a clean address always gets in, a few seconds late at worst.
"""

from __future__ import annotations

import logging
import time

from flask import current_app, g, request
from flask_limiter.util import get_remote_address

from ..extensions import limiter
from . import accounts

log = logging.getLogger(__name__)

WINDOW_SECONDS = 15 * 60
FREE_FAILURES = 3  # failures in the window before any delay
FIRST_DELAY = 0.25  # seconds, doubling with each further failure up to the cap
FAILED = "staff_login_failed"

# The pause itself, a name of its own so tests can record the delays instead of waiting.
pause = time.sleep


def _username() -> str:
    return accounts.normalise_username(request.form.get("username", ""))[:64]


def username_and_address() -> str:
    return f"staff-login:{_username()}@{get_remote_address()}"


def strict_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def address_limit() -> str:
    return current_app.config["LOGIN_ADDRESS_RATE_LIMIT"]


def login_failed(_response) -> bool:
    """`deduct_when`: the attempt counts only when the view said the password was wrong."""
    return bool(g.get(FAILED))


def limited(view):
    """The login view's limits, on POSTs and failed ones only."""
    view = limiter.limit(strict_limit, methods=["POST"], key_func=username_and_address,
                         deduct_when=login_failed)(view)
    return limiter.limit(address_limit, methods=["POST"], deduct_when=login_failed)(view)


def _failures_key(username: str) -> str:
    return f"advisor/staff-login-failures/{username}"


def delay_for(failures: int) -> float:
    """Seconds to wait before checking a password, after `failures` recent failures."""
    if failures < FREE_FAILURES:
        return 0.0
    cap = current_app.config["LOGIN_SLOWDOWN_MAX_SECONDS"]
    return min(cap, FIRST_DELAY * 2 ** (failures - FREE_FAILURES))


def slow_down() -> None:
    """Before checking a password: wait as long as this username's recent failures say."""
    if not limiter.enabled:
        return
    try:
        failures = limiter.storage.get(_failures_key(_username()))
    except Exception:  # the store being down must not stop anyone logging in
        log.warning("login slow-down skipped: the rate-limit store did not answer")
        return
    delay = delay_for(failures)
    if delay:
        pause(delay)


def record(success: bool) -> None:
    """After checking a password: count a failure for the username (and mark the request for
    `deduct_when`), or forget the failures after a success."""
    setattr(g, FAILED, not success)
    if not limiter.enabled:
        return
    key = _failures_key(_username())
    try:
        if success:
            limiter.storage.clear(key)
        else:
            limiter.storage.incr(key, WINDOW_SECONDS)
    except Exception:
        log.warning("login failure not counted: the rate-limit store did not answer")
