"""Where the files the app reads at run time live: in the installed package, or the checkout.

The repository keeps `templates/`, `static/` and `data/` at its top level (DESIGN.md fixes
that layout). A built wheel carries copies of them inside the package, under
`advisor_web/_resources/` (setup.py's build step puts them there), so an installed app runs
from any directory. Everything that reads one of them asks `resource()`; the rest the app
reads (fonts, migrations, translations, the common-password list) lives in the package itself.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
BUNDLED = PACKAGE / "_resources"
CHECKOUT = PACKAGE.parent
RESOURCES = ("templates", "static", "data")


def resource(name: str) -> Path:
    """The folder `name` (one of RESOURCES): the wheel's copy when the package was installed
    from one, else the checkout's own top-level folder (an editable install, or the tests)."""
    if name not in RESOURCES:
        raise ValueError(f"{name!r} is not one of the app's resource folders {RESOURCES}")
    bundled = BUNDLED / name
    return bundled if bundled.is_dir() else CHECKOUT / name
