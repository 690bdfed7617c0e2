"""The interface's languages: Flask-Babel with the locale taken from the URL's surface
(English unprefixed, Nepali under `/ne/`), never from a cookie or a header.

Texts of the quiz itself come from its translation files (`quizzes`); the interface's own
words go through gettext, with the catalog in `translations/<lang>/LC_MESSAGES/messages.po`
compiled by `make install`. The scoring core names its labels in English ids
(`scoring.IMPORTANCE_LABELS`, `MARGIN_LABELS`); `label` says them in the page's language.
"""

from __future__ import annotations

from pathlib import Path

from babel import support
from flask import Flask
from flask_babel import Babel, format_decimal, format_percent
from flask_babel import lazy_gettext as _l

from .quiz.translation import LANGUAGES

TRANSLATIONS = Path(__file__).parent / "translations"

babel = Babel()

# scoring.IMPORTANCE_LABELS and scoring.MARGIN_LABELS, as the page says them.
LABELS = {
    "Critical": _l("Critical"),
    "High": _l("High"),
    "Moderate": _l("Moderate"),
    "Low": _l("Low"),
    "clear-cut": _l("clear-cut"),
    "leaning": _l("leaning"),
    "close call": _l("close call"),
}


def label(value: str) -> str:
    """A scoring label in the page's language (an unknown one as it is)."""
    return str(LABELS.get(value, value))


def one_decimal(value: float) -> str:
    """A score or weight to a tenth, written the locale's way."""
    return format_decimal(value, format="#,##0.0")


def whole_percent(value: float) -> str:
    """A percentage (0-100) without decimals, written the locale's way."""
    return format_percent(value / 100, format="#,##0%")


def check_catalogs() -> None:
    """Every translated language's compiled catalog is there and, in a checkout, no older than
    its source: without it Flask-Babel would quietly show English on a Nepali page. An
    installed wheel carries the compiled catalogs alone (setup.py compiles them)."""
    for lang in LANGUAGES[1:]:
        source = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
        compiled = source.with_suffix(".mo")
        stale = source.is_file() and compiled.is_file() \
            and compiled.stat().st_mtime < source.stat().st_mtime
        if not compiled.is_file() or stale:
            raise RuntimeError(f"{compiled}: missing or older than {source.name}: "
                               "run `make install` (pybabel compile)")


def init_app(app: Flask) -> None:
    # Imported here: the visitor package imports metrics, which gunicorn's settings must
    # configure before its first import (see create_app).
    from .visitor import surfaces

    check_catalogs()
    babel.init_app(app, locale_selector=surfaces.locale,
                   default_translation_directories=str(TRANSLATIONS))
    # Templates translate a dozen strings per page: each through Flask-Babel's lookup of the
    # request's locale and catalog cost 3x the rest of a step page's rendering, so templates
    # read the catalog of the surface's language from a table made once (same catalogs, same
    # newstyle formatting and escaping as Flask-Babel's own callables).
    catalogs = {lang: support.Translations.load(str(TRANSLATIONS), [lang])
                for lang in LANGUAGES}

    def catalog():
        return catalogs.get(surfaces.current().lang) or catalogs["en"]

    app.jinja_env.install_gettext_callables(
        lambda string: catalog().ugettext(string),
        lambda singular, plural, n: catalog().ungettext(singular, plural, n),
        newstyle=True,
    )
    app.add_template_filter(label)
    app.add_template_filter(one_decimal)
    app.add_template_filter(whole_percent)
