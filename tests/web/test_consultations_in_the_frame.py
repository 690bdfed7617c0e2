"""Consultation requests inside another site's iframe: the same form under the result, sent
and withdrawn without a single cookie, and refused when a browser says another site's page
sent it."""

from __future__ import annotations

import pytest

from tests.support.answer_sets import NODE_DELIVERY
from tests.web.consultation_support import QUICK, filled, stored_requests, withdraw_form
from tests.web.test_embedded_mode import ORIGIN, Frame, result_location


@pytest.fixture
def app_config(app_config):
    return {**app_config, **QUICK, "EMBED_ORIGINS": [ORIGIN], "EMBED_SOURCES": ["blog"]}


@pytest.fixture
def frame(client):
    return Frame(client)


@pytest.fixture
def framed_result(frame):
    return result_location(frame.answer_all(NODE_DELIVERY, source="blog"))


@pytest.mark.parametrize("lang", ["en", "ne"])
def test_a_visitor_in_the_frame_asks_and_withdraws_without_a_cookie(
        app, client, frame, framed_result, lang):
    url = framed_result if lang == "en" else "/ne" + framed_result
    page = frame.get(url)
    form = filled(page.data)
    assert "csrf_token" not in form  # nothing here rides on a cookie
    sent = frame.post(f"{url}/consultation", data=form)
    assert sent.status_code == 303
    assert sent.headers["Location"].startswith("/embed/" if lang == "en" else "/ne/embed/")
    confirmation = frame.get(sent.headers["Location"])
    [request] = stored_requests(app)
    assert (request.source, request.lang) == ("blog", lang)
    withdrawn = frame.post("/embed/consultation/withdraw", data=withdraw_form(confirmation.data))
    assert withdrawn.status_code == 303
    assert stored_requests(app) == []
    assert all("Set-Cookie" not in r.headers for r in frame.responses)
    assert client.get_cookie("session") is None


@pytest.mark.parametrize("headers", [{"Sec-Fetch-Site": "cross-site"},
                                     {"Origin": "https://elsewhere.example"}],
                         ids=["sec-fetch-site", "origin"])
def test_a_request_another_sites_page_sent_is_refused(app, frame, framed_result, headers):
    form = filled(frame.get(framed_result).data)
    response = frame.post(f"{framed_result}/consultation", data=form, headers=headers)
    assert response.status_code == 403
    assert stored_requests(app) == []


def test_a_request_from_the_frames_own_page_is_taken(app, frame, framed_result):
    form = filled(frame.get(framed_result).data)
    response = frame.post(f"{framed_result}/consultation", data=form,
                          headers={"Sec-Fetch-Site": "same-origin",
                                   "Origin": "http://localhost"})
    assert response.status_code == 303
