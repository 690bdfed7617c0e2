"""Where the visitor's pages are served: the same blueprint, registered once per surface.

A surface is a URL prefix with its own blueprint name, language and mode: the site at `/`,
and, when EMBED_ORIGINS allows it, the embedded mode at `/embed/`. Views and templates build
URLs relative to the surface they are on (`url_for(".step")`), so a visitor never leaves it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from flask import Flask, current_app, has_request_context, request, url_for

from .. import security
from ..extensions import csrf


@dataclass(frozen=True)
class Surface:
    name: str  # the blueprint's name for this surface ("visitor", "embed", ...)
    prefix: str  # URL prefix: "" for the site
    lang: str = "en"
    embedded: bool = False  # inside an iframe on another site: no cookie, no site frame


# An origin as EMBED_ORIGINS names it: scheme, host and an optional port, nothing more.
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")

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
    security.protect_forms(app, csrf, carries_no_credential=lambda: current().embedded)
    if app.config.get("EMBED_ORIGINS"):
        _let_embedding_sites_frame(app, app.config["EMBED_ORIGINS"])


def _let_embedding_sites_frame(app: Flask, origins: list[str]) -> None:
    """The embedded mode's pages may be framed by EMBED_ORIGINS; every other page by none."""
    for origin in origins:
        if not ORIGIN.fullmatch(origin):
            raise ValueError(f"EMBED_ORIGINS: {origin!r} is not an origin "
                             "(scheme://host[:port], no path)")
    policy = security.framing_policy(*origins)

    @app.after_request
    def _allow_framing(response):
        return security.allow_framing(response, policy) if current().embedded else response

    @app.get("/embed.js")
    def embed_script():
        """The publisher's snippet: inserts the quiz's iframe and keeps it sized to its page."""
        return current_app.send_static_file("embed.js"), 200, {
            "Cache-Control": "public, max-age=3600",
            "Content-Type": "text/javascript; charset=utf-8"}


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
