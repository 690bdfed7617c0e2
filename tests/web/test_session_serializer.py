"""The session cookie: its JSON written byte for byte as Flask's own serializer writes it, and
read back to the same values, whether it holds only plain JSON (a draft: the short way) or
values Flask tags (a flash's tuple, bytes, markup, a date, a dict shaped like a tag); and its
signed, compressed form read by Flask's own session interface and the other way round, so
cookies keep working across a deploy either way."""

import datetime as dt
import uuid

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask.sessions import session_json_serializer as flasks_own
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from advisor_web.security import _SessionInterface

ours = _SessionInterface.serializer
app = Flask(__name__)  # flask.json writes with the app's provider (sorted keys)
app.secret_key = "a-test-secret-key-of-at-least-32-characters"

plain = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.text(max_size=8) | st.sampled_from([" t", " di", " b"]), inner,
                      max_size=4),
    max_leaves=20,
)
tagged_leaf = (st.binary(max_size=8) | st.text(max_size=8).map(Markup) | st.uuids()
               | st.datetimes(timezones=st.just(dt.UTC)).map(lambda d: d.replace(microsecond=0)))
anything = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text() | tagged_leaf,
    lambda inner: st.lists(inner, max_size=4) | st.lists(inner, max_size=4).map(tuple)
    | st.dictionaries(st.text(max_size=8) | st.sampled_from([" t", " di", " m"]), inner,
                      max_size=4),
    max_leaves=20,
)


def draft_session() -> dict:
    return {"_permanent": True, "csrf_token": "0f" * 20,
            "draft": {"v": "2025.1", "id": "AbCdEfGhIjKlMnOpQrStUvWx",
                      "a": {"project_type": "saas", "realtime": "some"},
                      "r": ["project", "features"], "d": ["project"], "f": False, "s": "site"}}


def test_a_draft_is_written_as_flask_writes_it_and_read_back():
    with app.app_context():
        written = ours.dumps(draft_session())
        assert written == flasks_own.dumps(draft_session())
        assert ours.loads(written) == draft_session()


def test_a_flash_keeps_its_tuple():
    session = {**draft_session(), "_flashes": [("message", "Look again")]}
    with app.app_context():
        written = ours.dumps(session)
        assert written == flasks_own.dumps(session)
        assert ours.loads(written)["_flashes"] == [("message", "Look again")]


@settings(max_examples=300, deadline=None)
@given(plain)
def test_plain_json_is_written_as_flask_writes_it(value):
    with app.app_context():
        assert ours.dumps(value) == flasks_own.dumps(value)
        assert ours.loads(ours.dumps(value)) == flasks_own.loads(flasks_own.dumps(value))


@settings(max_examples=300, deadline=None)
@given(anything)
def test_tagged_values_are_written_and_read_as_flask_does(value):
    with app.app_context():
        written = flasks_own.dumps(value)
        assert ours.dumps(value) == written
        assert ours.loads(written) == flasks_own.loads(written)


def test_cookies_written_before_are_read_the_same():
    # Written by Flask's serializer (an earlier release of the app): the same values back.
    earlier = {"when": dt.datetime(2026, 1, 2, 3, 4, 5, tzinfo=dt.UTC), "id": uuid.UUID(int=7),
               "raw": b"\x00\xff", "html": Markup("<b>x</b>"), "pair": ("a", ("b", 1)),
               "lookalike": {" t": [1]}}
    with app.app_context():
        assert ours.loads(flasks_own.dumps(earlier)) == earlier


def finished_draft_session() -> dict:
    session = draft_session()
    session["draft"]["a"] = {"project_type": "realtime", "realtime": "core", "ai_ml": "core",
                             "data_processing": "some", "team_language": "javascript",
                             "team_experience": "experienced", "frontend": "js_framework",
                             "crud_admin": "no", "ship_speed": "normal", "concurrency": "high",
                             "cost_sensitive": "yes", "team_size": "large"}
    session["draft"]["r"] = session["draft"]["d"] = ["project", "features", "team", "product",
                                                     "launch", "team_size"]
    return session


def test_cookies_move_both_ways_between_flasks_interface_and_ours():
    with app.app_context():
        our_cookies = _SessionInterface().get_signing_serializer(app)
        flasks_cookies = SecureCookieSessionInterface().get_signing_serializer(app)
        for session in (draft_session(), finished_draft_session(), {"csrf_token": "0f" * 20}):
            ours_written, flasks_written = (our_cookies.dumps(session),
                                            flasks_cookies.dumps(session))
            assert flasks_cookies.loads(ours_written) == session
            assert our_cookies.loads(flasks_written) == session
            # Compressed when that is shorter, and no longer than Flask's.
            assert ours_written.startswith(".") == flasks_written.startswith(".")
            assert len(ours_written) <= len(flasks_written)
