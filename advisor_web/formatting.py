"""How the templates print numbers: filters registered once, so every page writes a count,
a share and an SVG coordinate the same way."""

from __future__ import annotations

from flask import Flask


def number(value: int) -> str:
    """A count with thousands separators: 1234 -> "1,234"."""
    return f"{value:,}"


def percent(share: float) -> str:
    """A share of one as a percentage to a tenth: 0.123 -> "12.3%"."""
    return f"{share * 100:.1f}%"


def coordinate(value: float) -> str:
    """An SVG length or position to a hundredth of a unit: the charts' view boxes are about a
    hundred units across, so that is finer than a pixel and keeps the markup short."""
    return f"{value:.2f}"


def init_app(app: Flask) -> None:
    app.add_template_filter(number)
    app.add_template_filter(percent)
    app.add_template_filter(coordinate)
