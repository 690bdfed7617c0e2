"""Where the visitor's pages are served: the same blueprint, registered once per surface.

A surface is a URL prefix with its own blueprint name, language and mode: the site at `/`,
and, when EMBED_ORIGINS allows it, the embedded mode at `/embed/`. Views and templates build
URLs relative to the surface they are on (`url_for(".step")`), so a visitor never leaves it.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, has_request_context, request, url_for


@dataclass(frozen=True)
class Surface:
    name: str  # the blueprint's name for this surface ("visitor", "embed", ...)
    prefix: str  # URL prefix: "" for the site
    lang: str = "en"
    embedded: bool = False  # inside an iframe on another site: no cookie, no site frame


SITE = Surface("visitor", "")
EMBED = Surface("embed", "/embed", embedded=True)


def surfaces(app: Flask) -> tuple[Surface, ...]:
    """The surfaces this app serves (the embedded mode only with EMBED_ORIGINS set)."""
    return (SITE, EMBED) if app.config.get("EMBED_ORIGINS") else (SITE,)


def register(app: Flask, blueprint) -> None:
    by_name = {}
    for surface in surfaces(app):
        app.register_blueprint(blueprint, name=surface.name, url_prefix=surface.prefix or None)
        by_name[surface.name] = surface
    app.extensions["advisor_surfaces"] = by_name

    @app.context_processor
    def _surface():
        return {"surface": current()}

    app.add_template_global(visitor_url)


def current() -> Surface:
    """The surface of this request; the site for any other page (staff, errors, API)."""
    if has_request_context() and request.blueprint:
        found = current_app.extensions["advisor_surfaces"].get(request.blueprint)
        if found is not None:
            return found
    return SITE


def visitor_url(endpoint: str, **values) -> str:
    """A visitor page's URL on the current surface, for templates shared with other pages
    (the frame, error pages): `visitor_url("landing")`."""
    return url_for(f"{current().name}.{endpoint}", **values)
