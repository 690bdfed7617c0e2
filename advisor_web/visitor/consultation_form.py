"""The consultation request form (WTForms), its consent text and that text's version.

A plain WTForms form, as the steps' are: on the site CSRFProtect checks the token before the
view runs; in the frame, which runs on no cookie, the signed form token stands in for it
(`bot_checks`). Messages are lazy: the form class is shared by every language.
"""

from __future__ import annotations

from flask_babel import get_locale, gettext, ngettext
from flask_babel import lazy_gettext as _l
from wtforms import BooleanField, Form, HiddenField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, InputRequired, Length, Optional

from ..quiz import numerals

# The version of the consent text below. A request records the version it was given under;
# change the text and the version together (tests/web/test_consent_text.py pins the pair, so
# the text cannot change under a version already recorded).
CONSENT_VERSION = "2026-12-1"


def consent_text(publisher: str, days: int) -> str:
    """The consent a visitor gives by ticking the box, in the page's language: what is
    shared, with whom, why, and for how long."""
    return ngettext(
        "I agree that %(publisher)s receives my contact details above and this result (its "
        "verdict and my answers), to answer my request for a consultation. They are kept "
        "for at most %(days)s day, and I can withdraw the request at any time.",
        "I agree that %(publisher)s receives my contact details above and this result (its "
        "verdict and my answers), to answer my request for a consultation. They are kept "
        "for at most %(days)s days, and I can withdraw the request at any time.",
        # Not `num=`: ngettext takes that itself; the count in the page's own digits.
        days, publisher=publisher, days=numerals.decimal(days, get_locale().language))


def publisher_name(configured: str | None) -> str:
    """Who receives requests, as the pages name them (PUBLISHER_NAME)."""
    return configured or gettext("the publisher of this site")


MESSAGE_MAX = 2_000
NAME_MAX = 200
EMAIL_MAX = 254  # the longest address SMTP carries (RFC 5321)
COMPANY_MAX = 200


def _strip(value):
    return value.strip() if isinstance(value, str) else value


class ConsultationForm(Form):
    """Name, email, company and message as typed; the consent box; the honeypot (`website`,
    hidden from people); the signed form token and the proof of work's solution."""

    name = StringField(_l("Your name"), filters=[_strip], validators=[
        InputRequired(_l("Please enter your name.")),
        DataRequired(_l("Please enter your name.")),
        Length(max=NAME_MAX, message=_l("Please shorten your name to at most %(max)s "
                                        "characters."))])
    email = StringField(_l("Your email address"), filters=[_strip], validators=[
        InputRequired(_l("Please enter your email address.")),
        Length(max=EMAIL_MAX, message=_l("That email address is too long.")),
        # Checked as written, never looked up: nothing is sent to the address typed.
        Email(_l("That does not look like an email address: please check it."),
              check_deliverability=False)])
    company = StringField(_l("Company"), filters=[_strip], validators=[
        Optional(), Length(max=COMPANY_MAX, message=_l("Please shorten the company name to at "
                                                       "most %(max)s characters."))])
    message = TextAreaField(_l("What would you like to talk about?"), filters=[_strip],
                            validators=[Optional(), Length(max=MESSAGE_MAX, message=_l(
                                "Please shorten your message to at most %(max)s characters."))])
    consent = BooleanField(validators=[DataRequired(
        _l("Please tick the box to agree, or we cannot send your request."))])
    website = StringField(_l("Leave this field empty"))  # the honeypot
    form_token = HiddenField()
    altcha = HiddenField()

    def contact_fields(self):
        return (self.name, self.email, self.company, self.message)
