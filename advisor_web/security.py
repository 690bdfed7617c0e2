"""Response headers every page gets, input no view has a use for, and logs that never carry
a visitor's data."""

from __future__ import annotations

import functools
import json
import logging
import re
import zlib
from urllib.parse import urlsplit

from flask import Blueprint, Flask, abort, current_app, request
from flask.json.tag import TaggedJSONSerializer
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import URLSafeTimedSerializer
from itsdangerous.encoding import base64_encode
from itsdangerous.url_safe import URLSafeSerializerMixin
from werkzeug.exceptions import Forbidden

CSP_WITHOUT_FRAME_ANCESTORS = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "base-uri 'none'",
        "object-src 'none'",
    ]
)
CONTENT_SECURITY_POLICY = f"{CSP_WITHOUT_FRAME_ANCESTORS}; frame-ancestors 'none'"

# No page here uses a camera, a microphone, the location or the like: deny them all, so an
# injected script or a framed page cannot ask for them either.
PERMISSIONS_POLICY = ", ".join(f"{feature}=()" for feature in (
    "accelerometer", "autoplay", "camera", "display-capture", "geolocation", "gyroscope",
    "magnetometer", "microphone", "midi", "payment", "publickey-credentials-get",
    "screen-wake-lock", "serial", "usb", "xr-spatial-tracking"))

# Endpoints whose answer is the same for everyone: they never read the session. (A view of
# ours says so with `@sessionless`.)
SESSIONLESS_ENDPOINTS = frozenset({"static", "health.healthz", "health.readyz",
                                   "health.favicon", "health.robots"})

# The marks a view function carries (`private`, `sessionless`). A mark sits on the function,
# not on a path or an endpoint name: the visitor's blueprint is registered once per surface
# (/, /ne/, /embed/, /ne/embed/) under other names and prefixes, with the same functions.
PRIVATE = "_advisor_private"
SESSIONLESS = "_advisor_sessionless"


def private(view):
    """Mark `view` as showing a visitor's answers or result, or staff data: its responses say
    `Cache-Control: no-store` (unless it set its own), on every surface that serves it, so
    no shared cache keeps them and a browser's back button does not show them from disk."""
    setattr(view, PRIVATE, True)
    return view


def private_blueprint(blueprint: Blueprint) -> None:
    """Every response of `blueprint` (the staff area), its redirects and errors too, is
    `private`: a view added to it later cannot forget the mark."""
    blueprint.after_request(no_store)


def sessionless(view):
    """Mark `view` as answering the same whoever asks: it never reads the session, so its
    responses do not `Vary: Cookie` (shared caches keep one copy, not one per visitor)."""
    setattr(view, SESSIONLESS, True)
    return view


def _view_is(mark: str) -> bool:
    """Whether the view this request was routed to carries `mark` (False for a 404)."""
    view = current_app.view_functions.get(request.endpoint) if request.endpoint else None
    return getattr(view, mark, False)


def no_store(response):
    """Keep `response` out of every cache, unless it said how it may be cached."""
    # A response that says how it may be cached keeps its word.
    response.headers.setdefault("Cache-Control", "no-store")
    return response


class _SessionSerializer(TaggedJSONSerializer):
    """Flask's session serializer, with a shortcut for a session holding nothing to tag (the
    draft, the CSRF token and Flask-Login's ids are strings, numbers, lists and dicts): the
    same JSON, byte for byte, without walking every value through Flask's eight tag checks
    (a draft's session: 27 µs -> 9 µs to write, 9 -> 5 to read, on every quiz request).
    Anything else (a flash's tuple, bytes, a date) is tagged as Flask does."""

    # How flask.json writes the tagged form (its provider sorts keys and escapes non-ASCII).
    _encode = json.JSONEncoder(separators=(",", ":"), sort_keys=True).encode

    def dumps(self, value) -> str:
        if _nothing_to_tag(value, self.tags):
            return self._encode(value)
        return super().dumps(value)

    def loads(self, value):
        # The hook sees each object innermost first, as Flask's own scan untags them.
        return json.loads(value, object_hook=self.untag)


_PLAIN = (str, int, float, bool, type(None))  # exact types: Markup, a str, has a tag


def _nothing_to_tag(value, tags) -> bool:
    """Whether `value` is JSON that TaggedJSONSerializer would write as it is."""
    kind = type(value)
    if kind is dict:
        if len(value) == 1 and next(iter(value)) in tags:  # would be escaped (" di")
            return False
        return all(type(key) is str and _nothing_to_tag(item, tags)
                   for key, item in value.items())
    if kind is list:
        return all(_nothing_to_tag(item, tags) for item in value)
    return kind in _PLAIN


class _CookieSerializer(URLSafeTimedSerializer):
    """itsdangerous' signed, compressed payload, compressed with a window the size of a
    cookie (4 KB) rather than zlib's default 32 KB: zlib clears its tables on every call,
    which took 60 µs for a draft's 500 bytes (8 µs now) for the same bytes out. Read as
    before: zlib.decompress takes any window, so cookies move both ways across a deploy."""

    def dump_payload(self, obj) -> bytes:
        # URLSafeSerializerMixin.dump_payload, with the smaller compressor.
        json = super(URLSafeSerializerMixin, self).dump_payload(obj)
        compressor = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, 12, 4)
        compressed = compressor.compress(json) + compressor.flush()
        if len(compressed) < len(json) - 1:
            return b"." + base64_encode(compressed)
        return base64_encode(json)


class _SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without `Vary: Cookie` on answers that are the same
    for everyone. Flask adds it whenever the session was looked at, and Flask-Login's
    after-request hook looks at it on every response: static assets and probes would be
    cached once per cookie by any shared cache. Its signing serializer is made once per
    set of keys rather than twice per request, compresses with a cookie-sized window
    (`_CookieSerializer`), and its JSON is written the short way when nothing in it needs a
    tag (`_SessionSerializer`)."""

    serializer = _SessionSerializer()
    _signing: tuple | None = None  # (the keys, their serializer)

    def get_signing_serializer(self, app):
        """One serializer per set of keys, where Flask builds one on every open and every
        save (and itsdangerous tries its JSON serializer out each time: 13 µs, twice per
        request); a new SECRET_KEY or SECRET_KEY_FALLBACKS makes a new one."""
        if not app.secret_key:
            return None
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        signing = self._signing
        if signing is None or signing[0] != keys:
            # As Flask makes it (itsdangerous wants the current key last), with our class.
            serializer = _CookieSerializer(
                [*keys[1], keys[0]], salt=self.salt, serializer=self.serializer,
                signer_kwargs={"key_derivation": self.key_derivation,
                               "digest_method": self.digest_method})
            signing = self._signing = (keys, serializer)
        return signing[1]

    def save_session(self, app, session, response):
        if (request.endpoint in SESSIONLESS_ENDPOINTS or _view_is(SESSIONLESS)) \
                and not session.modified:
            session.accessed = False
        super().save_session(app, session, response)


def frame_ancestors(blueprint: Blueprint, *sources: str) -> None:
    """Let the pages of `blueprint` be framed by `sources` (CSP source expressions such as
    "https://partner.example" or "'self'"), where every other page may be framed by none.

    The one way for a blueprint to set its own `frame-ancestors` (the embedded mode's pages
    will use it): its policy replaces the default on its responses, and X-Frame-Options,
    which cannot name an allowed site, is left off them.
    """
    policy = framing_policy(*sources)

    @blueprint.after_request
    def _allow_framing(response):
        return allow_framing(response, policy)


def framing_policy(*sources: str) -> str:
    """The CSP that lets `sources` frame a page (and every other default of ours)."""
    if not sources or any(not source or ";" in source or "," in source for source in sources):
        raise ValueError(f"frame_ancestors needs CSP source expressions, got {sources!r}")
    return f"{CSP_WITHOUT_FRAME_ANCESTORS}; frame-ancestors {' '.join(sources)}"


def allow_framing(response, policy: str):
    """Give `response` a framing `policy` (from `framing_policy`): it replaces the default,
    and X-Frame-Options, which cannot name an allowed site, is left off."""
    response.headers["Content-Security-Policy"] = policy
    response.headers.pop("X-Frame-Options", None)
    response.headers.setdefault(FRAMED_MARK, "1")
    return response


def protect_forms(app: Flask, csrf, carries_no_credential) -> None:
    """Guard every state-changing request: with a CSRF token where a cookie rides along, and
    with `refuse_cross_site` where `carries_no_credential()` (the embedded mode, whose draft
    travels in the form: a forged request has no cookie to ride on, but it would still come
    from the victim's browser and address, past the per-address completion limit).
    Exemptions declared with `csrf.exempt` still apply to the CSRF check."""
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False  # Flask-WTF's own hook: this one instead

    @app.before_request
    def _protect_forms():
        if carries_no_credential():
            refuse_cross_site()
        elif app.config.get("WTF_CSRF_ENABLED", True):
            csrf.protect(apply_exemptions=True)


class CrossSitePost(Forbidden):
    """A state-changing request that a page of another site had the browser send (a 403)."""


# Methods that change nothing, which any site may send (a link, an image, a frame's page).
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def is_same_origin() -> bool:
    """Whether this request was sent by a page of this app, as the browser tells it.

    The rule of Go 1.25's `net/http.CrossOriginProtection`, which needs no token and no
    cookie:
    - `Sec-Fetch-Site`, which no page can set (every current browser sends it: Chromium
      since 76, Firefox since 90, Safari since 16.4), decides alone: "same-origin", or
      "none" (the visitor's own action: a bookmark, the address bar), passes; "same-site"
      and "cross-site" do not.
    - Without it, `Origin` must name this app's host ("null", from a sandboxed frame or a
      redirect across sites, does not). The host alone is compared, as Go does: behind a
      proxy that ends TLS the app may not know its own scheme, and no other site has its host.
    - With neither header the request passes. It comes from a client that is not a browser
      (curl, a script: then it is the sender's own request from their own address, which
      the completion limit counts as any other) or from a browser too old to send either
      (current browsers send `Origin` on every cross-site POST). Refusing it would shut
      those clients out to stop an attack only such old browsers could be made to carry.
    """
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None:
        return True
    try:
        host = urlsplit(origin).netloc
    except ValueError:  # a malformed Origin names no host of ours
        return False
    return origin != "null" and host.lower() == request.host.lower()


def refuse_cross_site() -> None:
    """Raise `CrossSitePost` for a state-changing request another site's page sent: the
    one check behind every form that runs without a CSRF token (`same_origin_post`)."""
    if request.method not in SAFE_METHODS and not is_same_origin():
        raise CrossSitePost()


def same_origin_post(view):
    """Decorate a view that changes state and has no CSRF token to check (a form inside
    another site's frame): a request sent by another site's page is a 403."""

    @functools.wraps(view)
    def guarded(*args, **kwargs):
        refuse_cross_site()
        return view(*args, **kwargs)

    return guarded


# Set on a response whose blueprint chose its own frame-ancestors: the app-wide hook, which
# runs after the blueprint's, then leaves the framing headers alone (and drops the mark).
FRAMED_MARK = "X-Advisor-Framing-Set"


def init_app(app: Flask) -> None:
    app.session_interface = _SessionInterface()
    app.before_request(_refuse_nul_bytes)
    app.after_request(_set_headers)
    _scrub_logs(app)


def _refuse_nul_bytes():
    """No form, address or filter of this app has a use for a NUL byte, and PostgreSQL
    refuses one in a text parameter with an error: turn it away before any view sees it."""
    if "\x00" in request.path:
        abort(404)  # no page has such an address
    if any("\x00" in k or "\x00" in v for k, v in request.values.items(multi=True)):
        abort(400)


# The headers every response gets unless its view set its own, lower-cased name first;
# a response whose blueprint chose its own framing (FRAMED_MARK) skips the framing pair.
_FRAMING_HEADERS = (
    ("content-security-policy", "Content-Security-Policy", CONTENT_SECURITY_POLICY),
    ("x-frame-options", "X-Frame-Options", "DENY"),
)
_EVERY_RESPONSE_HEADERS = (
    ("x-content-type-options", "X-Content-Type-Options", "nosniff"),
    ("referrer-policy", "Referrer-Policy", "same-origin"),
    ("cross-origin-opener-policy", "Cross-Origin-Opener-Policy", "same-origin"),
    ("permissions-policy", "Permissions-Policy", PERMISSIONS_POLICY),
)
_HSTS_HEADER = (("strict-transport-security", "Strict-Transport-Security",
                 "max-age=31536000; includeSubDomains"),)


def _set_headers(response):
    headers = response.headers
    # One pass over the headers there are, then the missing ones appended: a `setdefault`
    # per header scanned them all each time (36 of this hook's 42 µs, on every request).
    present = {name.lower() for name in headers.keys()}
    framed = FRAMED_MARK.lower() in present
    if framed:
        del headers[FRAMED_MARK]
    wanted = _EVERY_RESPONSE_HEADERS if framed else _FRAMING_HEADERS + _EVERY_RESPONSE_HEADERS
    if current_app.config.get("HSTS"):
        wanted += _HSTS_HEADER
    headers.extend([(name, value) for lower, name, value in wanted if lower not in present])
    if _view_is(PRIVATE):
        no_store(response)
    # htmx and plain requests get different bodies from the same URL.
    response.vary.add("HX-Request")
    return response


def _one_line(value):
    if isinstance(value, str):
        return value.replace("\r", "\\r").replace("\n", "\\n")
    return value


class _OneLine(logging.Filter):
    """Escape carriage returns and newlines in a record's message and arguments, so a value
    taken from a request (a decoded path, a request line) cannot start a forged log line."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = _one_line(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_one_line(a) for a in record.args)
        elif isinstance(record.args, dict):
            record.args = {k: _one_line(v) for k, v in record.args.items()}
        return True


class _NoClientAddress(_OneLine):
    """werkzeug's development server starts each access line with the client's address:
    drop it (the line also carries the time and, for a result page, the result's id)."""

    _leading_address = re.compile(r"^\S+ - - ")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = self._leading_address.sub("- - - ", record.msg)
        return super().filter(record)


class _NoRateLimitKey(logging.Filter):
    """Flask-Limiter logs each breach with its key: the client's address (or, for the staff
    login, the username tried). Keep the limit and the endpoint, drop the key."""

    def filter(self, record: logging.LogRecord) -> bool:
        if str(record.msg).startswith("ratelimit ") and isinstance(record.args, tuple) \
                and len(record.args) == 3:
            record.args = (record.args[0], "key not logged", record.args[2])
        return True


def _scrub_logs(app: Flask) -> None:
    """Filters on the loggers that may write what a request carried: werkzeug's access lines,
    Flask's "Exception on <path>" (the app's logger) and Flask-Limiter's breaches. The app's
    own modules log fixed texts and type names only."""
    for logger, kind in [(logging.getLogger("werkzeug"), _NoClientAddress),
                         (app.logger, _OneLine),
                         (logging.getLogger("flask-limiter"), _NoRateLimitKey),
                         (logging.getLogger("flask-limiter"), _OneLine)]:
        if not any(type(f) is kind for f in logger.filters):
            logger.addFilter(kind())
