"""How the templates print numbers: filters registered once, so every page writes a count,
a share and an SVG coordinate the same way. Counts and shares are read by people, so they
are written in the page's language (Devanagari digits on a Nepali page); a coordinate is
read by the browser and stays in Latin digits."""

from __future__ import annotations

from flask import Flask

from .languages import page_lang
from .quiz import numerals


def number(value: int) -> str:
    """A count with thousands separators: 1234 -> "1,234" ("१,२३४" in Nepali)."""
    return numerals.decimal(value, page_lang(), "#,##0")


def percent(share: float) -> str:
    """A share of one as a percentage to a tenth: 0.123 -> "12.3%" ("१२.३%" in Nepali)."""
    return numerals.percent(share * 100, page_lang(), decimals=1)


def coordinate(value: float) -> str:
    """An SVG length or position to a hundredth of a unit: the charts' view boxes are about a
    hundred units across, so that is finer than a pixel and keeps the markup short."""
    return f"{value:.2f}"


def init_app(app: Flask) -> None:
    app.add_template_filter(number)
    app.add_template_filter(percent)
    app.add_template_filter(coordinate)
