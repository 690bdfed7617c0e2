"""Issue 21: a step page is rendered once per kind (surface, step, position, page or
fragment) and filled in for each visitor: the CSRF token, the frame's draft token and the
visitor's checked answers are never shared. A page from the prerendered one is the page a full
render makes, in both languages, on the site and in the frame, whole or as an htmx fragment."""

from __future__ import annotations

import re

import pytest

from advisor_web.visitor import prerendered
from tests.support.answer_sets import HYBRID_LARGE_TEAM, NODE_DELIVERY, PYTHON_AI
from tests.web.visitor_support import (
    ALL_STEPS,
    HTMX,
    TEAM_SIZE,
    checked_answers,
    csrf_token_in,
    reach,
    step_form,
)

ORIGIN = "http://localhost:8765"
# The web layer alone: the database makes no difference to what a step page shows.
pytestmark = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "EMBED_ORIGINS": [ORIGIN], "EMBED_SOURCES": ["blog"]}


def without_tokens(body: bytes) -> str:
    """The page with its tokens blanked: each is signed with the time (and a draft token is
    each frame's own), so two renders differ there and nowhere else."""
    text = re.sub(r'name="(csrf_token|draft)" value="[^"]+"', r'name="\1" value=""',
                  body.decode())
    return re.sub(r"([?&;]d=)[\w.-]+", r"\1", text)


def full_render(app, monkeypatch):
    """From now on, every step page is rendered in full (nothing prerendered)."""
    monkeypatch.setattr(prerendered, "cut", lambda html, radios: None)
    app.extensions["advisor_step_pages"].pages.clear()


@pytest.mark.parametrize("prefix", ["", "/ne"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
@pytest.mark.parametrize("step", ALL_STEPS, ids=lambda step: step.id)
def test_a_prerendered_step_page_is_the_page_a_full_render_makes(
        app, monkeypatch, prefix, htmx, step):
    first, second = app.test_client(), app.test_client()
    reach(first, step.id, NODE_DELIVERY if step != TEAM_SIZE else HYBRID_LARGE_TEAM)
    reach(second, ALL_STEPS[-1].id, HYBRID_LARGE_TEAM)  # every step answered but the last
    url, headers = f"{prefix}/quiz/{step.id}", HTMX if htmx else {}
    assert first.get(url, headers=headers).status_code == 200  # prerenders this kind
    from_prerendered = second.get(url, headers=headers)
    full_render(app, monkeypatch)
    rendered_in_full = second.get(url, headers=headers)
    assert from_prerendered.status_code == rendered_in_full.status_code == 200
    assert without_tokens(from_prerendered.data) == without_tokens(rendered_in_full.data)
    answered = step != ALL_STEPS[-1]
    assert checked_answers(from_prerendered.data) == {
        q: HYBRID_LARGE_TEAM[q] for q in step.question_ids if answered}


def test_each_visitor_gets_a_csrf_token_of_their_own_session(app):
    first, second = app.test_client(), app.test_client()
    pages = [client.get("/quiz") for client in (first, second)]
    tokens = [csrf_token_in(page.data) for page in pages]
    assert tokens[0] != tokens[1]
    step = ALL_STEPS[0]
    # Each token is good for its own session only.
    swapped = second.post(f"/quiz/{step.id}", data=step_form(step, PYTHON_AI, token=tokens[0]))
    assert swapped.status_code == 400
    own = second.post(f"/quiz/{step.id}", data=step_form(step, PYTHON_AI, token=tokens[1]))
    assert own.status_code == 303


@pytest.mark.parametrize("prefix", ["", "/ne"])
def test_each_visitor_sees_only_their_own_answers_checked(app, prefix):
    step = ALL_STEPS[0]
    visitors = {"node": app.test_client(), "python": app.test_client(),
                "new": app.test_client()}
    reach(visitors["node"], ALL_STEPS[1].id, NODE_DELIVERY)
    reach(visitors["python"], ALL_STEPS[1].id, PYTHON_AI)
    visitors["new"].get("/quiz")
    pages = {name: client.get(f"{prefix}/quiz/{step.id}") for name, client in visitors.items()}
    assert checked_answers(pages["node"].data) == {"project_type": NODE_DELIVERY["project_type"]}
    assert checked_answers(pages["python"].data) == {"project_type": PYTHON_AI["project_type"]}
    assert checked_answers(pages["new"].data) == {}


@pytest.mark.parametrize("prefix", ["", "/ne"])
@pytest.mark.parametrize("htmx", [False, True], ids=["page", "fragment"])
def test_a_prerendered_frame_page_is_the_page_a_full_render_makes(app, monkeypatch, prefix,
                                                                 htmx):
    url, headers = f"{prefix}/embed/quiz?source=blog", HTMX if htmx else {}
    assert app.test_client().get(url, headers=headers).status_code == 200  # prerenders it
    from_prerendered = app.test_client().get(url, headers=headers)
    full_render(app, monkeypatch)
    rendered_in_full = app.test_client().get(url, headers=headers)
    assert b'name="draft"' in from_prerendered.data
    assert without_tokens(from_prerendered.data) == without_tokens(rendered_in_full.data)


@pytest.mark.parametrize("prefix", ["", "/ne"])
def test_each_frame_carries_its_own_draft_token(app, prefix):
    frames = [app.test_client() for _ in range(2)]
    pages = [frame.get(f"{prefix}/embed/quiz?source=blog") for frame in frames]
    tokens = [re.search(rb'name="draft" value="([^"]+)"', page.data).group(1).decode()
              for page in pages]
    assert tokens[0] != tokens[1]
    for page, token in zip(pages, tokens, strict=True):
        text = page.data.decode()
        assert prerendered.DRAFT_SLOT not in text
        links = re.findall(r'<link rel="alternate" hreflang="[\w-]+" href="([^"]+)"', text)
        assert links and all(f"d={token}" in link for link in links)
        assert text.count(token) == 1 + len(links)


def test_a_step_with_an_error_is_rendered_in_full_with_the_error(app):
    client = app.test_client()
    page = client.get("/quiz")
    step = ALL_STEPS[0]
    refused = client.post(f"/quiz/{step.id}", data={"step": step.id, "nav": "next",
                                                    "csrf_token": csrf_token_in(page.data)})
    assert refused.status_code == 422
    assert b'class="field-error"' in refused.data
    assert prerendered.CSRF_SLOT.encode() not in refused.data


def test_no_page_ever_shows_a_stand_in(app):
    client = app.test_client()
    for step in ALL_STEPS:
        page = reach(client, step.id, HYBRID_LARGE_TEAM)
        assert prerendered.CSRF_SLOT.encode() not in page.data
        assert prerendered.DRAFT_SLOT.encode() not in page.data
