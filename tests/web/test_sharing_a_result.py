"""A result travels: link previews (Open Graph and Twitter), a share card, a decision record
to commit, and absolute canonical links on every page (issue 15)."""

from __future__ import annotations

import io
import re

from PIL import Image

from tests.support.answer_sets import HYBRID_LARGE_TEAM, NODE_DELIVERY
from tests.web.visitor_support import finish_quiz, public_id_of, tags

HOST = "http://localhost"  # the test client's host


def meta(body: bytes, key: str) -> str:
    found = [t for t in tags(body, "meta") if t.get("property") == key or t.get("name") == key]
    assert len(found) == 1, (key, found)
    return found[0]["content"]


def test_a_result_page_previews_with_its_verdict_reasons_and_card(client):
    url = finish_quiz(client, NODE_DELIVERY)
    body = client.get(url).data
    assert "Node.js" in meta(body, "og:title")
    assert "Top reasons:" in meta(body, "og:description")
    assert "real-time app" in meta(body, "og:description")
    image = meta(body, "og:image")
    assert image == f"{HOST}{url}/card.png"
    assert meta(body, "og:url") == f"{HOST}{url}"
    assert meta(body, "twitter:card") == "summary_large_image"


def test_the_share_card_is_a_small_long_cached_1200_by_630_png(client):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    response = client.get(f"{url}/card.png")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert len(response.data) <= 100_000
    assert Image.open(io.BytesIO(response.data)).size == (1200, 630)
    assert "max-age=31536000" in response.headers["Cache-Control"]
    # The page itself stays out of every cache.
    assert client.get(url).headers["Cache-Control"] == "no-store"


def test_a_card_for_an_unknown_result_is_a_404(client):
    assert client.get("/result/AAAAAAAAAAAAAAAAAAAAAAAA/card.png").status_code == 404
    assert client.get("/result/not-an-id/card.png").status_code == 404


def sections(markdown: str) -> dict[str, str]:
    """The record's `## ` sections by heading, and its `# ` title as "title"."""
    title = re.match(r"# (.+)\n", markdown)
    assert title, markdown[:80]
    parts = re.split(r"^## (.+)$", markdown, flags=re.M)
    return {"title": title.group(1), **{parts[i]: parts[i + 1].strip()
                                        for i in range(1, len(parts), 2)}}


def test_the_decision_record_downloads_as_markdown_with_the_adr_sections(client):
    url = finish_quiz(client, NODE_DELIVERY)
    link = [a for a in tags(client.get(url).data, "a") if a.get("data-download")]
    assert [a["data-download"] for a in link] == ["decision-record"]
    response = client.get(link[0]["href"])
    assert response.headers["Content-Type"] == "text/markdown; charset=utf-8"
    assert response.headers["Content-Disposition"] == "attachment; filename=adr-backend-node.md"
    record = sections(response.text)
    assert list(record) == ["title", "Status", "Context", "Decision", "Consequences",
                            "More information"]
    assert "Node.js" in record["title"] and record["Status"] == "Proposed"
    assert "What are you building?" in record["Context"]
    assert "Chosen option: **" in record["Decision"]
    assert f"{HOST}{url}" in record["More information"]
    # The same record from the API, for a result id.
    api = client.get(f"/api/v1/results/{public_id_of(url)}/decision-record")
    assert api.status_code == 200 and api.text == response.text


def test_an_unknown_result_has_no_decision_record(client):
    assert client.get("/result/AAAAAAAAAAAAAAAAAAAAAAAA/decision-record.md").status_code == 404
    api = client.get("/api/v1/results/AAAAAAAAAAAAAAAAAAAAAAAA/decision-record")
    assert api.status_code == 404 and "error" in api.json


def test_every_page_names_an_absolute_canonical_url(client):
    url = finish_quiz(client, NODE_DELIVERY)
    for path in ["/", "/quiz", "/quiz/project", url, "/staff/login", "/no-such-page"]:
        links = [t for t in tags(client.get(path).data, "link") if t.get("rel") == "canonical"]
        assert len(links) == 1, path
        assert links[0]["href"].startswith(f"{HOST}/"), (path, links)
