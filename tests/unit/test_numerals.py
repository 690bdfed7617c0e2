"""Numbers are written the way the page's language writes them: Nepali in Devanagari digits,
because CLDR's default numbering system for `ne` is Devanagari, not because of a rule of ours."""

from __future__ import annotations

import pytest
from babel import Locale

from advisor_web.quiz import numerals


def test_nepali_numbers_use_the_locale_s_devanagari_digits():
    assert Locale.parse("ne").default_numbering_system == "deva"
    assert numerals.decimal(1234.56, "ne", "#,##0.0") == "१,२३४.६"
    assert numerals.decimal(5, "ne") == "५"
    assert numerals.percent(12.34, "ne", decimals=1) == "१२.३%"


def test_english_numbers_keep_latin_digits():
    assert numerals.decimal(1234.56, "en", "#,##0.0") == "1,234.6"
    assert numerals.percent(7.5, "en") == "8%"


def test_a_locale_whose_digits_are_unknown_is_refused_by_name():
    # Marathi's default system is Devanagari too; Bengali's ("beng") is not listed.
    assert numerals.decimal(42, "mr") == "४२"
    with pytest.raises(numerals.UnknownDigits, match="'beng'"):
        numerals.check("bn")
