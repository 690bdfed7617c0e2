"""Staff accounts' rows: finding, adding and changing them, each change in its own
transaction. The rules (names, passwords, hashing) are `staff/accounts.py`'s."""

from __future__ import annotations

import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import transaction
from .models import StaffMember


def new_session_token() -> str:
    """A fresh token for an account's login cookies: replacing it ends every session."""
    return secrets.token_hex(16)


def find(session: Session, username: str) -> StaffMember | None:
    return session.scalars(select(StaffMember).where(StaffMember.username == username)).first()


def get(session: Session, member_id: int) -> StaffMember | None:
    """The account with that id (a read: the login loader's, on every staff request)."""
    return session.get(StaffMember, member_id)


def every(session: Session) -> list[StaffMember]:
    """Every account, by username."""
    return list(session.scalars(select(StaffMember).order_by(StaffMember.username)))


def add(session: Session, username: str, password_hash: str) -> StaffMember | None:
    """A new active account; None when the username is taken (checked in the same
    transaction as the insert)."""
    with transaction(session):
        if find(session, username) is not None:
            return None
        member = StaffMember(username=username, password_hash=password_hash, active=True,
                             session_token=new_session_token())
        session.add(member)
    return member


def change(session: Session, username: str, **values) -> StaffMember | None:
    """Set `values` (columns of StaffMember) on the account and end its sessions; None when
    there is no such account."""
    with transaction(session):
        member = find(session, username)
        if member is None:
            return None
        for name, value in values.items():
            setattr(member, name, value)
        member.session_token = new_session_token()
    return member


def end_sessions(session: Session, member_id: int) -> None:
    """Replace the session token, so every login cookie of this account stops working."""
    with transaction(session):
        member = session.get(StaffMember, member_id)
        if member is not None:
            member.session_token = new_session_token()
