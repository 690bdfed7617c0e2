"""The staff's mail server, for every test that sends mail: a real SMTP server on 127.0.0.1
(aiosmtpd, in a thread of its own) that keeps every message it accepts."""

from __future__ import annotations

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from tests.support.servers import free_port


class Mailbox:
    """aiosmtpd's handler: keeps every message it accepts."""

    def __init__(self):
        self.messages: list[tuple[str, list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


class SmtpServer:
    """A real SMTP server on 127.0.0.1 (aiosmtpd, in a thread of its own)."""

    def __init__(self, port: int | None = None, login: bool = False, **options):
        """`login`: ask for a login (any is taken and kept in `logins`); `options` go to
        aiosmtpd's Controller (TLS contexts)."""
        self.mailbox = Mailbox()
        self.logins: list[tuple[str, str]] = []
        if login:
            options.update(auth_required=True, authenticator=self.authenticate)
        # aiosmtpd connects to its own port to check it started, so it needs the number.
        self.controller = Controller(self.mailbox, hostname="127.0.0.1",
                                     port=port or free_port(), **options)

    def authenticate(self, server, session, envelope, mechanism, auth_data):
        """aiosmtpd's authenticator: takes any login, and keeps it."""
        self.logins.append((auth_data.login.decode(), auth_data.password.decode()))
        return AuthResult(success=True)

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.controller.port}"

    def __enter__(self):
        self.controller.start()
        return self

    def __exit__(self, *exc):
        self.controller.stop()
