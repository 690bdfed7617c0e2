"""Where the visitor's pages are served: the same blueprint, registered once per surface.

A surface is a URL prefix with its own blueprint name, language and mode: the site at `/`
in English and at `/ne/` in Nepali, and, when EMBED_ORIGINS allows it, the embedded mode at
`/embed/` and `/ne/embed/`. Views and templates build URLs relative to the surface they are on
(`url_for(".step")`), so a visitor never leaves it; `language_links` gives the same page on
the surface of each language (the draft holds ids only, so the answers follow).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, current_app, g, has_request_context, request, url_for

from .. import languages, security
from ..extensions import csrf
from ..quiz.translation import N_
from . import comparisons


@dataclass(frozen=True)
class Surface:
    name: str  # the blueprint's name for this surface ("visitor", "embed", ...)
    prefix: str  # URL prefix: "" for the site
    lang: str = "en"
    embedded: bool = False  # inside an iframe on another site: no cookie, no site frame


# An origin as EMBED_ORIGINS names it: scheme, host and an optional port, nothing more.
ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:\d{1,5})?")

SITE = Surface("visitor", "")
SITE_NE = Surface("visitor_ne", "/ne", lang="ne")
EMBED = Surface("embed", "/embed", embedded=True)
EMBED_NE = Surface("embed_ne", "/ne/embed", lang="ne", embedded=True)

# Each language's name, said in that language (through its own catalog): what the switch to
# it says.
LANGUAGE_NAMES = {"en": N_("English"), "ne": N_("Nepali")}
DEFAULT_LANG = "en"  # hreflang="x-default": the unprefixed URLs


@dataclass(frozen=True)
class LanguageLink:
    lang: str
    name: str  # in its own language
    url: str  # absolute
    current: bool  # the language of this page


def surfaces(app: Flask) -> tuple[Surface, ...]:
    """The surfaces this app serves (the embedded mode only with EMBED_ORIGINS set)."""
    if app.config.get("EMBED_ORIGINS"):
        return (SITE, SITE_NE, EMBED, EMBED_NE)
    return (SITE, SITE_NE)


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
    app.add_template_global(site_url)
    app.add_template_global(language_links)
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

    script = (Path(app.static_folder) / "embed.js").read_bytes()

    @app.get("/embed.js")
    def embed_script():
        """The publisher's snippet: inserts the quiz's iframe and keeps it sized to its page.
        A stable URL (publishers paste it), so cached for an hour, not for a year."""
        return current_app.response_class(script, headers={
            "Cache-Control": "public, max-age=3600",
            "Content-Type": "text/javascript; charset=utf-8"})


def current() -> Surface:
    """The surface of this request; for an address no route matched (a 404), the surface
    whose prefix it starts with, so `/ne/nothing` answers in Nepali; the site for any other
    page (staff, API)."""
    if not has_request_context():
        return SITE
    # Asked many times per page (the locale, each translated string, the templates): worked
    # out once per request.
    found = g.get("_advisor_surface")
    if found is None:
        found = g._advisor_surface = _current()
    return found


def _current() -> Surface:
    known = current_app.extensions["advisor_surfaces"]
    if request.blueprint:
        return known.get(request.blueprint, SITE)
    if request.url_rule is None:
        path = request.path
        prefixed = [s for s in known.values()
                    if s.prefix and (path == s.prefix or path.startswith(s.prefix + "/"))]
        if prefixed:
            return max(prefixed, key=lambda s: len(s.prefix))
    return SITE


def locale() -> str:
    """Flask-Babel's locale: the surface's language, from the URL alone."""
    return current().lang


def is_visitor_page() -> bool:
    """Served on a surface: a visitor page, or an error page under a surface's prefix."""
    if not has_request_context():
        return False
    if request.blueprint:
        return request.blueprint in current_app.extensions["advisor_surfaces"]
    return request.url_rule is None and not request.path.startswith(("/staff", "/api/"))


def twin(surface: Surface, lang: str) -> Surface | None:
    """The surface showing the same pages as `surface` in `lang` (None when not served)."""
    for other in current_app.extensions["advisor_surfaces"].values():
        if other.embedded == surface.embedded and other.lang == lang:
            return other
    return None


def language_links(endpoint: str | None = None,
                   values: dict | None = None) -> list[LanguageLink]:
    """This page in every language served and its comparison has, as absolute URLs:
    `endpoint` with `values`, or else the page asked for when it was a GET of a visitor page,
    or else the landing page. Empty on pages that are not the visitor's (staff, API)."""
    if not is_visitor_page():
        return []
    here = current()
    if endpoint is None:
        if request.method in ("GET", "HEAD") and request.blueprint and request.url_rule:
            endpoint = request.endpoint.rsplit(".", 1)[-1]
            values = dict(request.view_args or {})
        else:
            endpoint, values = "landing", {}
    values = values or {}
    token = getattr(g.get("drafts"), "token", None)
    if here.embedded and token:
        # In the frame the draft lives in the page: the other language's page carries it on.
        values = {**values, "d": token}
    offered = comparisons.current().languages  # an English-only comparison: English only
    links = []
    for lang, name in LANGUAGE_NAMES.items():
        surface = twin(here, lang)
        if surface is not None and lang in offered:
            url = url_for(f"{surface.name}.{endpoint}", _external=True, **values)
            own_name = languages.catalog(lang).ugettext(name)
            links.append(LanguageLink(lang, own_name, url, lang == here.lang))
    return links


def visitor_url(endpoint: str, **values) -> str:
    """A visitor page's URL on the current surface, for templates shared with other pages
    (the frame, error pages): `visitor_url("landing")`."""
    return url_for(f"{current().name}.{endpoint}", **values)


def site_url(endpoint: str, **values) -> str:
    """A visitor page's absolute URL on the site, in this page's language, even from the
    frame: the link a visitor shares (`site_url("result", public_id=...)`)."""
    surface = twin(SITE, current().lang) or SITE
    return url_for(f"{surface.name}.{endpoint}", _external=True, **values)
