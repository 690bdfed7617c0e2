"""The staff side: accounts and login, the dashboard of tallies, the result exports, and the
deliveries to the publisher's systems."""

from . import deliveries  # noqa: F401  (its routes join the staff blueprint)
from .views import bp, init_app

__all__ = ["bp", "init_app"]
