"""Was this helpful? One vote per result, stored with it, its tallies moved in the same
transaction; what-if pages and unknown results refuse votes."""

from __future__ import annotations

import types

import pytest
from sqlalchemy import delete

from advisor_web import db
from advisor_web.storage import results, votes
from advisor_web.storage.models import StoredResult
from tests.support.answer_sets import NODE_DELIVERY
from tests.web.visitor_support import (
    HTMX,
    csrf_token_in,
    finish_quiz,
    stored_results,
    tally,
)


def vote(client, url: str, helpful: str, building_with: str | None = None, **kwargs):
    form = {"csrf_token": csrf_token_in(client.get(url).data), "helpful": helpful}
    if building_with:
        form["building_with"] = building_with
    return client.post(f"{url}/feedback", data=form, **kwargs)


def test_the_result_page_offers_the_vote_and_a_what_if_page_does_not(client):
    url = finish_quiz(client, NODE_DELIVERY)
    assert b"data-feedback" in client.get(url).data
    what_if = client.get(f"{url}/what-if/realtime/none")
    assert what_if.status_code == 200
    assert b"data-feedback" not in what_if.data


def test_a_vote_without_javascript_is_stored_and_leads_back_to_the_result(app, client):
    url = finish_quiz(client, NODE_DELIVERY)
    response = vote(client, url, "yes", "python")
    assert response.status_code == 303
    assert response.headers["Location"].startswith(url)
    [stored] = stored_results(app)
    assert (stored.helpful, stored.building_with) == ("yes", "python")
    assert tally(app, "helpful", "yes", "node") == 1
    assert tally(app, "building_with", "python", "node") == 1
    assert tally(app, "helpful_type", NODE_DELIVERY["project_type"], "yes") == 1


def test_a_later_vote_replaces_the_earlier_one_and_moves_its_tallies(app, client):
    url = finish_quiz(client, NODE_DELIVERY)
    vote(client, url, "yes", "python")
    response = vote(client, url, "no", "node", headers=HTMX)
    assert response.status_code == 200
    assert b"data-thanks" in response.data and b"<html" not in response.data
    [stored] = stored_results(app)
    assert (stored.helpful, stored.building_with) == ("no", "node")
    assert tally(app, "helpful", "yes", "node") == 0
    assert tally(app, "helpful", "no", "node") == 1
    assert tally(app, "building_with", "python", "node") == 0
    assert tally(app, "building_with", "node", "node") == 1


@pytest.mark.parametrize("helpful", ["maybe", "", "YES"])
def test_a_vote_outside_yes_or_no_is_refused_and_nothing_is_stored(app, client, helpful):
    url = finish_quiz(client, NODE_DELIVERY)
    response = vote(client, url, helpful)
    assert response.status_code == 422
    assert b"field-error" in response.data
    [stored] = stored_results(app)
    assert stored.helpful is None
    assert tally(app, "helpful", "yes", "node") + tally(app, "helpful", "no", "node") == 0


@pytest.mark.parametrize("public_id", ["A" * 24, "not-an-id", "%00" * 20])
def test_a_vote_on_an_unknown_or_malformed_result_is_a_404(app, client, public_id):
    url = finish_quiz(client, NODE_DELIVERY)
    token = csrf_token_in(client.get(url).data)
    response = client.post(f"/result/{public_id}/feedback",
                           data={"csrf_token": token, "helpful": "yes"})
    assert response.status_code in (404, 400)
    assert response.status_code == 404 or public_id.startswith("%00")
    assert stored_results(app)[0].helpful is None


def test_a_what_if_page_refuses_a_vote(app, client):
    url = finish_quiz(client, NODE_DELIVERY)
    token = csrf_token_in(client.get(url).data)
    response = client.post(f"{url}/what-if/realtime/none/feedback",
                           data={"csrf_token": token, "helpful": "yes"})
    assert response.status_code in (404, 405)
    assert stored_results(app)[0].helpful is None


def test_a_vote_on_a_result_purged_after_its_lookup_is_a_404(app, client, monkeypatch):
    """Issue 18.10: a purge may delete the row between the vote's lookup and its locked read."""
    url = finish_quiz(client, NODE_DELIVERY)
    token = csrf_token_in(client.get(url).data)

    def found_then_purged(session, public_id):
        stored = results.find(session, public_id)
        with db.writing(db.engine()) as purge:  # another connection, as a purge would be
            purge.execute(delete(StoredResult).where(StoredResult.public_id == public_id))
        return stored

    monkeypatch.setattr(votes, "results", types.SimpleNamespace(find=found_then_purged))
    response = client.post(f"{url}/feedback", data={"csrf_token": token, "helpful": "yes"})
    assert response.status_code == 404
    assert b"no result at this address" in response.data
    assert stored_results(app) == []
    assert tally(app, "helpful", "yes", "node") == 0
