"""The staff side: accounts and login, the dashboard of tallies, and the result exports."""

from .views import bp, init_app

__all__ = ["bp", "init_app"]
