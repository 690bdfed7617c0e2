"""Numbers as a language writes them: Babel's patterns and symbols for the locale, in the
digits of the locale's default CLDR numbering system (Nepali's is Devanagari, "deva").

Babel knows each locale's default numbering system and its symbols (Babel ≥ 2.14,
`numbering_system="default"`) but writes Latin digits whatever the system, so the digits are
put in here, from CLDR's list of each numeric system's digits. Only what a visitor reads goes
through this: version ids, URLs and CSS lengths keep their Latin digits.
"""

from __future__ import annotations

import functools

from babel import Locale
from babel.numbers import format_decimal

# CLDR's numeric numbering systems (common/supplemental/numberingSystems.xml) for the
# languages served, by their zero: each system's digits are the ten code points from it.
ZEROS = {"latn": "0", "deva": "\u0966"}


class UnknownDigits(ValueError):
    """A locale whose default numbering system is not in ZEROS."""


@functools.cache
def _digits(locale: str) -> dict[int, str]:
    system = Locale.parse(locale).default_numbering_system
    zero = ZEROS.get(system)
    if zero is None:
        raise UnknownDigits(f"{locale}: the digits of CLDR numbering system {system!r} are not "
                            "in quiz.numerals.ZEROS")
    return str.maketrans("0123456789", "".join(chr(ord(zero) + n) for n in range(10)))


def check(locale: str) -> None:
    """Raise UnknownDigits now, rather than on the first page, for a locale without digits."""
    _digits(locale)


# Babel takes 25-50 µs a number (the locale, the pattern, the symbols each time), a result
# page shows about forty, and most are the same few steps, stars and weights: remembered, a
# repeat costs about 1 µs.
@functools.lru_cache(maxsize=4096)
def decimal(value: float, locale: str, pattern: str = "#,##0.###") -> str:
    """`value` in a CLDR number pattern, the locale's way: decimal(3.25, "ne", "0.0") -> "३.२"."""
    written = format_decimal(value, pattern, locale=locale, numbering_system="default")
    return written.translate(_digits(locale))


def percent(value: float, locale: str, decimals: int = 0) -> str:
    """A percentage (0-100) with `decimals` places: percent(12.34, "en", 1) -> "12.3%"."""
    pattern = "#,##0" + ("." + "0" * decimals if decimals else "") + "%"
    return decimal(value / 100, locale, pattern)
