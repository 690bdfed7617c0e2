"""With htmx: the same routes answer `HX-Request` with the step's fragment alone, push the
step's URL, and leave for the result with `HX-Redirect`. Every response says it varies on
`HX-Request`, so no cache hands a fragment to a plain request or the other way round."""

import pytest

from tests.web.visitor_support import (
    ALL_STEPS,
    HTMX,
    HYBRID_LARGE_TEAM,
    NODE_DELIVERY,
    QUIZ,
    STEP_PAIRS,
    checked_answers,
    complete_quiz,
    csrf_token_in,
    finish_quiz,
    id_of,
    post_step,
    public_id_of,
    reach,
    shows_step,
    step_answers,
    step_url,
    stored_results,
    tags,
)


def is_step_fragment(body: bytes) -> bool:
    """Only the step, ready to swap: no page around it."""
    return body.lstrip().startswith(b'<section id="step"') and b"<html" not in body


@pytest.mark.parametrize("step", ALL_STEPS, ids=id_of)
def test_each_step_is_served_to_htmx_as_a_fragment_with_its_form(client, step):
    reach(client, step.id, HYBRID_LARGE_TEAM)
    response = client.get(step_url(step), headers=HTMX)
    assert response.status_code == 200
    assert is_step_fragment(response.data)
    assert shows_step(response.data, step)
    assert csrf_token_in(response.data)
    assert tags(response.data, "form", method="post", hx_post=step_url(step), hx_target="#step")


@pytest.mark.parametrize(("step", "following"), STEP_PAIRS, ids=id_of)
def test_answering_a_step_with_htmx_swaps_in_the_next_step_and_pushes_its_url(
        client, step, following):
    page = reach(client, step.id, HYBRID_LARGE_TEAM, htmx=True)
    assert is_step_fragment(page.data) and shows_step(page.data, step)
    response = post_step(client, step, HYBRID_LARGE_TEAM, page, htmx=True)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == step_url(following)
    assert is_step_fragment(response.data)
    assert shows_step(response.data, following)
    assert csrf_token_in(response.data)  # the next POST from the swapped-in form passes CSRF


@pytest.mark.parametrize("answers", [NODE_DELIVERY, HYBRID_LARGE_TEAM],
                         ids=["five steps", "six steps"])
def test_the_last_step_with_htmx_redirects_the_browser_to_the_stored_result(
        client, app, answers):
    response = complete_quiz(client, answers, htmx=True)
    assert response.status_code == 200
    assert response.data == b""
    public_id = public_id_of(response.headers["HX-Redirect"])
    assert [row.public_id for row in stored_results(app)] == [public_id]
    result = client.get(response.headers["HX-Redirect"])
    assert f'data-verdict="{stored_results(app)[0].verdict}"'.encode() in result.data
    assert b'<table id="comparison">' in result.data


@pytest.mark.parametrize(("previous", "step"), STEP_PAIRS, ids=id_of)
def test_back_with_htmx_swaps_in_the_previous_step_with_its_answers(client, previous, step):
    page = reach(client, step.id, HYBRID_LARGE_TEAM, htmx=True)
    response = post_step(client, step, HYBRID_LARGE_TEAM, page, htmx=True, nav="back")
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == step_url(previous)
    assert is_step_fragment(response.data)
    assert shows_step(response.data, previous)
    assert checked_answers(response.data) == step_answers(previous, HYBRID_LARGE_TEAM)


def test_back_from_the_first_step_with_htmx_sends_the_whole_browser_to_the_landing_page(client):
    first = QUIZ.steps[0]
    page = client.get("/quiz", headers=HTMX)
    response = post_step(client, first, HYBRID_LARGE_TEAM, page, htmx=True, nav="back")
    # A 303 would be followed inside the XHR and the landing page swapped into the step.
    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/"


def test_back_from_the_first_step_without_htmx_redirects_to_the_landing_page(client):
    first = QUIZ.steps[0]
    page = client.get("/quiz")
    response = post_step(client, first, HYBRID_LARGE_TEAM, page, nav="back")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"
    landing = client.get("/")
    assert b"Continue where you left off" in landing.data


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["plain", "htmx"])
@pytest.mark.parametrize("request_of", [
    lambda client, headers: client.get("/", headers=headers),
    lambda client, headers: client.get("/quiz", headers=headers),
    lambda client, headers: client.get(step_url(ALL_STEPS[1]), headers=headers),
    lambda client, headers: client.post(step_url(ALL_STEPS[0]), headers=headers,
                                        data={"step": ALL_STEPS[0].id, "nav": "next"}),
    lambda client, headers: client.get(finish_quiz(client, NODE_DELIVERY), headers=headers),
    lambda client, headers: client.get("/result/no-such-result", headers=headers),
], ids=["landing", "current step", "step", "refused post", "result", "not found"])
def test_every_response_varies_on_hx_request(client, headers, request_of):
    response = request_of(client, headers)
    assert "HX-Request" in response.vary
