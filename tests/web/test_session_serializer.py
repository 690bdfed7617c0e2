"""The session's JSON: written byte for byte as Flask's own serializer writes it, and read back
to the same values, whether it holds only plain JSON (a draft: the short way) or values Flask
tags (a flash's tuple, bytes, markup, a date, a dict shaped like a tag)."""

import datetime as dt
import uuid

from flask import Flask
from flask.sessions import session_json_serializer as flasks_own
from hypothesis import given, settings
from hypothesis import strategies as st
from markupsafe import Markup

from advisor_web.security import _SessionInterface

ours = _SessionInterface.serializer
app = Flask(__name__)  # flask.json writes with the app's provider (sorted keys)

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
