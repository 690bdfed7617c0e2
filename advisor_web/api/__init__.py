"""The JSON API under /api/v1: score an answer set without storing anything, and describe
itself as OpenAPI 3.1."""

from .views import bp

__all__ = ["bp"]
