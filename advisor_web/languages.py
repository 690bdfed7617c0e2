"""The interface's languages: Flask-Babel with the locale taken from the URL's surface
(English unprefixed, Nepali under `/ne/`), never from a cookie or a header.

Texts of the quiz itself come from its translation files (`quizzes`); the interface's own
words go through gettext, with the catalog in `translations/<lang>/LC_MESSAGES/messages.po`
compiled by `make install`. The scoring core names its labels in English ids
(`scoring.IMPORTANCE_LABELS`, `MARGIN_LABELS`); `label` says them in the page's language.
The fixed phrases of the share card and the decision record are the catalog's too (marked
`N_` where they are defined); `translated` gives them in a language. Numbers a visitor reads
are written the language's way (`quiz.numerals`: Devanagari digits in Nepali).
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from babel import support
from babel.lists import format_list
from flask import Flask
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from markupsafe import Markup, escape

from .quiz import numerals
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


@functools.cache
def catalog(lang: str) -> support.Translations:
    """The compiled catalog of `lang` (English's translates nothing)."""
    return support.Translations.load(str(TRANSLATIONS), [lang])


Texts = TypeVar("Texts")


def translated(texts: Texts, lang: str) -> Texts:
    """A dataclass of English phrases (`share_card.CardTexts`, `decision_record.RecordTexts`)
    with every phrase, and every value of its tables, in `lang`, and its `locale` set."""
    say = catalog(lang).ugettext
    changes = {}
    for item in fields(texts):
        value = getattr(texts, item.name)
        if item.name == "locale":
            changes[item.name] = lang
        elif isinstance(value, str):
            changes[item.name] = say(value)
        elif isinstance(value, Mapping):
            changes[item.name] = MappingProxyType({key: say(v) for key, v in value.items()})
    return replace(texts, **changes)


def page_lang() -> str:
    # Imported here for the reason given in init_app.
    from .visitor import surfaces

    return surfaces.current().lang


def numeral(value: float) -> str:
    """A whole number a visitor reads (a step, a count of stars or people), in the digits of
    the page's language."""
    return numerals.decimal(value, page_lang())


def one_decimal(value: float) -> str:
    """A score or weight to a tenth, written the page's language's way."""
    return numerals.decimal(value, page_lang(), "#,##0.0")


def whole_percent(value: float) -> str:
    """A percentage (0-100) without decimals, written the page's language's way."""
    return numerals.percent(value, page_lang())


def tenth_percent(value: float) -> str:
    """A percentage (0-100) to a tenth, written the page's language's way."""
    return numerals.percent(value, page_lang(), decimals=1)


def and_list(items: list[str]) -> Markup:
    """Phrases joined as the page's language lists them ("a, b, and c"; "a, b र c")."""
    return Markup(format_list([str(escape(item)) for item in items], locale=page_lang()))


def or_list(items: list[str]) -> Markup:
    """Alternatives joined as the page's language offers them ("a, b, or c"; "a, b वा c")."""
    return Markup(format_list([str(escape(item)) for item in items], style="or",
                              locale=page_lang()))


def check_catalogs() -> None:
    """Every translated language's compiled catalog is there and, in a checkout, no older than
    its source: without it Flask-Babel would quietly show English on a Nepali page. An
    installed wheel carries the compiled catalogs alone (setup.py compiles them). Every
    language's numbering system is one `numerals` can write."""
    for lang in LANGUAGES:
        numerals.check(lang)
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
    def page_catalog():
        return catalog(surfaces.current().lang)

    app.jinja_env.install_gettext_callables(
        lambda string: page_catalog().ugettext(string),
        lambda singular, plural, n: page_catalog().ungettext(singular, plural, n),
        newstyle=True,
    )
    app.add_template_filter(label)
    app.add_template_filter(numeral)
    app.add_template_filter(and_list)
    app.add_template_filter(or_list)
    app.add_template_filter(one_decimal)
    app.add_template_filter(whole_percent)
    app.add_template_filter(tenth_percent)
