"""Staff accounts: the password policy, scrypt hashes, the logged-in user and `flask staff`."""

from __future__ import annotations

import functools
import hmac
import re
import secrets
import sys
from pathlib import Path

import click
from flask import Flask, current_app, session
from flask.cli import AppGroup
from flask_login import UserMixin, current_user
from werkzeug.security import check_password_hash, generate_password_hash

from .. import db
from ..extensions import login_manager
from ..storage import Session, staff_members
from ..storage.models import StaffMember

MIN_PASSWORD_LENGTH = 12
USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")
COMMON_PASSWORDS = Path(__file__).with_name("common_passwords.txt")


class AccountError(ValueError):
    """A refused account change; the message is one line for the command line."""


# -- passwords -------------------------------------------------------------------------------


@functools.cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line and not line.startswith("#"))


def password_problem(username: str, password: str) -> str | None:
    """Why `password` is refused for `username`, or None when it may be used."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"the password must be at least {MIN_PASSWORD_LENGTH} characters long"
    lowered = password.lower()
    # "password2024!" is as guessable as "password": attackers try the list with suffixes.
    stem = lowered.rstrip("0123456789!@#$%^&*()-_=+.?~ ")
    if lowered in common_passwords() or stem in common_passwords():
        return "the password is too common: choose one that is not on lists of leaked passwords"
    # Two-letter names would forbid too much; from three letters a name is a real hint.
    if lowered == username.lower() or (len(username) >= 3 and username.lower() in lowered):
        return "the password must not contain the username"
    if len(set(password)) < 5:
        return "the password repeats too few characters: choose a less predictable one"
    return None


def hash_password(password: str) -> str:
    return generate_password_hash(password, method="scrypt")


@functools.cache
def _dummy_hash() -> str:
    return hash_password(secrets.token_urlsafe(16))


def normalise_username(username: str) -> str:
    return username.strip().lower()


# -- the logged-in user ----------------------------------------------------------------------

# The session keys holding when a logged-in staff member last made a request, and when they
# logged in (epoch seconds).
LAST_SEEN = "staff_seen"
LOGGED_IN = "staff_since"


def session_limits(now: int) -> tuple[bool, bool]:
    """Whether this request's staff session is (recent, young): idle no longer than
    STAFF_IDLE_MINUTES, and no older than STAFF_SESSION_HOURS however active."""
    seen, since = session.get(LAST_SEEN), session.get(LOGGED_IN)
    config = current_app.config
    recent = isinstance(seen, int) and now - seen <= config["STAFF_IDLE_MINUTES"] * 60
    young = isinstance(since, int) and now - since <= config["STAFF_SESSION_HOURS"] * 3600
    return recent, young


def staff_present(now: int) -> bool:
    """Whether this request comes from a logged-in staff member whose session is within
    its limits: what a preview of a draft comparison asks (off the staff pages, where no
    `expire_session` runs, an expired session must see what the public sees)."""
    return current_user.is_authenticated and all(session_limits(now))


def mark_seen(now: int) -> None:
    """Record this request as the staff session's latest activity (its idle clock restarts)."""
    session[LAST_SEEN] = now


class StaffUser(UserMixin):
    """The user Flask-Login keeps for a request.

    Its id in the session is "<id>:<session token>": the token changes at logout, at a new
    password and when the account is disabled, so a cookie copied before then stops working.
    """

    def __init__(self, member: StaffMember):
        self.member_id = member.id
        self.username = member.username
        self.session_token = member.session_token

    def get_id(self) -> str:
        return f"{self.member_id}:{self.session_token}"


@login_manager.user_loader
def load_user(user_id: str) -> StaffUser | None:
    member_id, _, token = user_id.partition(":")
    if not member_id.isdigit() or not token:
        return None
    session = db.get_session()
    # A read; a write later in the request (logout) begins with `db.transaction`, which
    # ends this read first.
    member = staff_members.get(session, int(member_id))
    if member is None or not member.active:
        return None
    if not hmac.compare_digest(member.session_token.encode(), token.encode()):
        return None
    return StaffUser(member)


def authenticate(session: Session, username: str, password: str) -> StaffMember | None:
    """The active account these credentials open, or None.

    An unknown name costs a hash check like a known one, so the answer's timing does not tell
    which names exist.
    """
    member = staff_members.find(session, normalise_username(username))
    if member is None:
        check_password_hash(_dummy_hash(), password)
        return None
    if not check_password_hash(member.password_hash, password) or not member.active:
        return None
    return member


# -- account changes -------------------------------------------------------------------------


def create(session: Session, username: str, password: str) -> StaffMember:
    username = normalise_username(username)
    if not USERNAME.fullmatch(username):
        raise AccountError("a username is 2 to 64 characters: letters, digits, '.', '_' or '-'")
    _check_password(username, password)
    member = staff_members.add(session, username, hash_password(password))
    if member is None:
        raise AccountError(f"staff member {username!r} already exists")
    return member


def set_password(session: Session, username: str, password: str) -> None:
    """Replace the password; sessions opened with the old one end."""
    username = normalise_username(username)
    _check_password(username, password)
    _existing(staff_members.change(session, username, password_hash=hash_password(password)),
              username)


def set_active(session: Session, username: str, active: bool) -> None:
    """Enable or disable an account; disabling ends its sessions."""
    username = normalise_username(username)
    _existing(staff_members.change(session, username, active=active), username)


def _check_password(username: str, password: str) -> None:
    problem = password_problem(username, password)
    if problem:
        raise AccountError(problem)


def _existing(member: StaffMember | None, username: str) -> StaffMember:
    if member is None:
        raise AccountError(f"no staff member {username!r}")
    return member


# -- `flask staff ...` -----------------------------------------------------------------------

staff_cli = AppGroup("staff", help="Manage staff accounts (the people who see the dashboard).")


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("no password on standard input")
        return password
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _run(change, *args) -> None:
    try:
        change(db.get_session(), *args)
    except AccountError as error:
        raise click.ClickException(str(error)) from None


@staff_cli.command("create")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of stdin.")
def create_command(username: str, password_stdin: bool) -> None:
    """Create a staff account; asks for the password twice, hidden."""
    _run(create, username, _read_password(password_stdin))
    click.echo(f"created staff member {normalise_username(username)!r}")


@staff_cli.command("set-password")
@click.argument("username")
@click.option("--password-stdin", is_flag=True, help="Read the password from one line of stdin.")
def set_password_command(username: str, password_stdin: bool) -> None:
    """Give an account a new password and end its sessions."""
    _run(set_password, username, _read_password(password_stdin))
    click.echo(f"new password set for {normalise_username(username)!r}; its sessions ended")


@staff_cli.command("disable")
@click.argument("username")
def disable_command(username: str) -> None:
    """Stop an account from logging in and end its sessions."""
    _run(set_active, username, False)
    click.echo(f"disabled staff member {normalise_username(username)!r}")


@staff_cli.command("enable")
@click.argument("username")
def enable_command(username: str) -> None:
    """Let a disabled account log in again."""
    _run(set_active, username, True)
    click.echo(f"enabled staff member {normalise_username(username)!r}")


@staff_cli.command("list")
def list_command() -> None:
    """List the staff accounts and whether each may log in."""
    for member in staff_members.every(db.get_session()):
        click.echo(f"{member.username}\t{'active' if member.active else 'disabled'}")


def init_app(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    # Its "basic" protection compares a hash of IP and user agent kept in the cookie, which
    # leaks the address and ends sessions of anyone whose mobile address changes; staff
    # sessions end by idle time, an absolute lifetime and the per-account token instead.
    login_manager.session_protection = None
    app.cli.add_command(staff_cli)
