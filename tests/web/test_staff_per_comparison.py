"""The staff dashboard and exports per comparison: `?quiz=<slug>` picks one (the default
without it), the picker lists every comparison (drafts and retired ones marked), and no
comparison's numbers mix with another's. The suite's three-option fixture stands in for a
second comparison, a copy of it marked `listed = false` for a draft."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import subprocess
from pathlib import Path

import pytest

from advisor_web import db
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from advisor_web.quiz.scoring import score
from advisor_web.storage import consultations, results
from advisor_web.storage.models import new_public_id
from tests.support.comparisons import draft_copy
from tests.web.staff_support import create_staff, log_in
from tests.web.test_pages_are_valid_html import HTMX_ATTRIBUTES, checker
from tests.web.test_staff_dashboard import BASE, QUIZ, TODAY, metrics

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
COMMUTE = load_quiz(FIXTURE)
SLUG = COMMUTE.slug
DRAFT_SLUG = "bus-or-tram"
NEAR_KEEN = {"distance": "near", "fitness": "keen"}  # bike (tests/unit/test_three_options.py)
FAR_RAINY = {"distance": "far", "fitness": "keen", "weather": "rainy"}  # bike_and_bus


@pytest.fixture
def app_config(app_config, tmp_path):
    draft = draft_copy(tmp_path / "draft.toml", slug=DRAFT_SLUG)
    return {**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(FIXTURE), str(draft)]}


def store(app, comparison, quiz, answers, count=1):
    outcome = score(quiz, answers)
    with app.app_context():
        results.store(db.get_session(), comparison,
                      [results.Finished(new_public_id(), outcome, TODAY) for _ in range(count)])


def picker(body: bytes) -> dict[str, str]:
    """The comparison picker's options: {slug: label}."""
    select = re.search(rb'<select[^>]*name="quiz"[^>]*>(.*?)</select>', body, re.S)
    assert select, "no select[name=quiz]"
    return {slug.decode(): label.decode() for slug, label in
            re.findall(rb'<option[^>]*value="([^"]*)"[^>]*>([^<]*)</option>', select.group(1))}


def selected(body: bytes) -> str:
    select = re.search(rb'<select[^>]*name="quiz"[^>]*>(.*?)</select>', body, re.S).group(1)
    return re.search(rb'<option selected value="([^"]*)"', select).group(1).decode()


def test_the_picker_lists_every_comparison_drafts_and_retired_ones_marked(app, staff):
    store(app, "old-comparison", QUIZ, BASE)  # a comparison QUIZ_FILES no longer names
    body = staff.get("/staff/").data
    assert picker(body) == {
        "node-vs-python": "Node.js vs Python for Backend Development",
        SLUG: "Bus, bike or walk to work",
        DRAFT_SLUG: "Bus, bike or walk to work (draft)",
        "old-comparison": "old-comparison (retired: no longer served)",
    }
    assert selected(body) == "node-vs-python"  # the default comparison without ?quiz
    assert b'<label>Comparison <select id="quiz" name="quiz">' in body  # labelled, in the GET form


def test_a_three_option_comparison_shows_its_own_verdicts_and_nothing_else(app, staff):
    store(app, SLUG, COMMUTE, NEAR_KEEN, count=3)
    store(app, SLUG, COMMUTE, FAR_RAINY, count=1)
    store(app, "node-vs-python", QUIZ, BASE, count=5)

    body = staff.get(f"/staff/?quiz={SLUG}").data
    assert selected(body) == SLUG
    numbers = metrics(body)
    assert numbers["completed"] == "4"
    assert {k: v for k, v in numbers.items() if k.startswith("verdict-")} == {
        "verdict-bus": "0", "verdict-bike": "3", "verdict-walk": "0",
        "verdict-bike_and_bus": "1"}
    assert b"How far is work?" in body and b"What are you building?" not in body
    # Each verdict has a colour of its own, by its place: the legend, the split and the cards.
    for place, verdict in enumerate(COMMUTE.verdict_ids, start=1):
        assert f'<span class="swatch {verdict} tone-{place}">'.encode() in body
        assert f'<li class="metric verdict-metric {verdict} tone-{place}">'.encode() in body
    assert b'<rect class="bike tone-2"' in body
    # "What voters will build with": a column per verdict of this comparison.
    assert [t.decode() for t in re.findall(rb'<th scope="col" class="num">Told ([^<]+)</th>',
                                           body)] == ["Bus", "Bike", "Walk", "Bike and bus"]

    default = metrics(staff.get("/staff/").data)
    assert default["completed"] == "5"
    assert "verdict-bike" not in default


def test_the_filters_keep_the_comparison_and_offer_its_own_versions(app, staff):
    store(app, SLUG, COMMUTE, NEAR_KEEN)
    body = staff.get(f"/staff/?quiz={SLUG}&from=2025-01-01&to=2025-02-01").data
    assert b'<option value="fixture.1">fixture.1</option>' in body
    assert b'value="2025.1"' not in body  # the Node.js vs Python versions are not its own
    assert f"/staff/export.csv?quiz={SLUG}&amp;from=2025-01-01".encode() in body
    # A bad filter shows the same comparison's default view, not the default comparison's.
    bad = staff.get(f"/staff/?quiz={SLUG}&version=2025.1").data
    assert b"there are no tallies for that quiz version" in bad
    assert selected(bad) == SLUG and metrics(bad)["completed"] == "1"


@pytest.mark.parametrize("path", ["/staff/", "/staff/export.csv", "/staff/export.json"])
def test_an_unknown_comparison_is_a_404_that_says_so(staff, path):
    response = staff.get(path, query_string={"quiz": "no-such-quiz"})
    assert response.status_code == 404
    assert "No comparison has the slug “no-such-quiz”" in response.get_data(as_text=True)


def test_a_draft_and_a_retired_comparison_have_their_own_view(app, staff):
    store(app, "old-comparison", QUIZ, BASE, count=2)
    draft = staff.get(f"/staff/?quiz={DRAFT_SLUG}")
    assert draft.status_code == 200 and b"data-draft" in draft.data
    assert metrics(draft.data)["completed"] == "0"

    retired = staff.get("/staff/?quiz=old-comparison")
    assert retired.status_code == 200 and b"data-retired" in retired.data
    assert metrics(retired.data)["completed"] == "2"
    # Its file is not loaded: its counts stay readable under their ids.
    verdict = score(QUIZ, BASE).verdict
    assert f'<th scope="row">{verdict}</th><td class="num">2</td>'.encode() in retired.data
    assert b'<h3 id="q-project_type">project_type</h3>' in retired.data


def test_exports_have_a_score_column_per_option_and_only_that_comparisons_rows(app, staff):
    store(app, SLUG, COMMUTE, NEAR_KEEN, count=2)
    store(app, "node-vs-python", QUIZ, BASE, count=3)

    response = staff.get(f"/staff/export.csv?quiz={SLUG}")
    assert response.headers["Content-Disposition"] == (
        f"attachment; filename=backend-advisor-{SLUG}-results.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert list(rows[0])[:6] == ["date", "quiz_version", "verdict", "bus_score", "bike_score",
                                 "walk_score"]
    assert [(r["verdict"], r["bus_score"], r["bike_score"], r["walk_score"]) for r in rows] \
        == [("bike", "7.5", "16.0", "15.5")] * 2
    assert "node_score" not in rows[0] and "project_type" not in rows[0]

    as_json = json.loads(staff.get(f"/staff/export.json?quiz={SLUG}").data)
    assert [r["bike_score"] for r in as_json] == [16.0, 16.0]
    assert len(json.loads(staff.get("/staff/export.json").data)) == 3


def test_a_retired_comparisons_export_takes_its_score_columns_from_its_results(app, staff):
    store(app, "old-comparison", COMMUTE, NEAR_KEEN)
    rows = list(csv.DictReader(io.StringIO(
        staff.get("/staff/export.csv?quiz=old-comparison").get_data(as_text=True))))
    assert [(r["bus_score"], r["bike_score"], r["walk_score"], r["distance"]) for r in rows] \
        == [("7.5", "16.0", "15.5", "near")]


def ask_about(app, comparison, quiz, answers, name):
    """A consultation request about a new result of `comparison`, stored directly."""
    outcome = score(quiz, answers)
    public_id = new_public_id()
    with app.app_context():
        dbs = db.get_session()
        results.store(dbs, comparison, [results.Finished(public_id, outcome, TODAY)])
        with db.transaction(dbs):
            consultations.insert(dbs, {
                "id": new_public_id(), "result_id": public_id, "name": name,
                "email": f"{name.lower()}@example.com", "consent_version": "1",
                "consent_given_at": dt.datetime.now(dt.UTC), "lang": "en", "source": "site",
                "form_nonce": new_public_id()})
    return public_id


def test_each_request_shows_its_result_in_its_own_comparisons_words(app, staff):
    ask_about(app, "node-vs-python", QUIZ, BASE, "Sita")
    ask_about(app, SLUG, COMMUTE, FAR_RAINY, "Ram")
    ask_about(app, "old-comparison", COMMUTE, NEAR_KEEN, "Hari")
    blocks = re.findall(r"<article[^>]*data-request.*?</article>",
                        staff.get("/staff/requests").get_data(as_text=True), re.S)
    by_name = {re.search(r'-name">(\w+)', block).group(1): block for block in blocks}

    assert "<strong>Bike and bus</strong>" in by_name["Ram"]
    assert f'data-request-comparison="{SLUG}">Bus, bike or walk to work<' in by_name["Ram"]
    assert "<dt>How far is work?</dt><dd>Over 10 km</dd>" in by_name["Ram"]
    node_verdict = QUIZ.verdicts[score(QUIZ, BASE).verdict].title
    assert f"<strong>{node_verdict}</strong>" in by_name["Sita"]
    assert ">Node.js vs Python for Backend Development<" in by_name["Sita"]
    assert "How far is work?" not in by_name["Sita"]
    # A retired comparison's result: its ids, since its words are no longer loaded.
    assert "<strong>bike</strong>" in by_name["Hari"]
    assert "<dt>distance</dt><dd>near</dd>" in by_name["Hari"]

    rows = list(csv.DictReader(io.StringIO(
        staff.get("/staff/requests.csv").get_data(as_text=True))))
    assert {r["name"]: (r["comparison"], r["verdict"]) for r in rows} == {
        "Sita": ("node-vs-python", score(QUIZ, BASE).verdict),
        "Ram": (SLUG, "bike_and_bus"), "Hari": ("old-comparison", "bike")}


@pytest.fixture
def embedding(app_config):
    """Framing allowed (the app is made after this: ask for it before `staff`)."""
    app_config.update(EMBED_ORIGINS=["https://blog.example"], EMBED_SOURCES=["blog"])


def snippet(body: bytes, kind: str) -> str:
    code = re.search(rf'<code data-snippet="{kind}">(.*?)</code>'.encode(), body, re.S)
    return code.group(1).decode().replace("&lt;", "<").replace("&gt;", ">").replace(
        "&#34;", '"').replace("&quot;", '"').replace("&amp;", "&")


def test_the_embed_snippets_name_the_comparison_in_its_own_words(embedding, staff):
    default = staff.get("/staff/embed").data
    assert 'title="Node.js vs Python for Backend Development"' in snippet(default, "iframe")
    script = snippet(default, "script")
    assert 'data-title="Node.js vs Python for Backend Development"' in script
    assert "data-quiz" not in script  # the default comparison needs no name
    assert "Node.js or Python?" not in snippet(default, "iframe")

    other = staff.get(f"/staff/embed?quiz={SLUG}").data
    assert f'data-quiz="{SLUG}" data-title="Bus, bike or walk to work"' in snippet(other,
                                                                                  "script")
    assert 'title="Bus, bike or walk to work"' in snippet(other, "iframe")
    src = re.search(r'src="([^"]+)"', snippet(other, "iframe")).group(1)
    assert "/embed/" in src and SLUG in src and "source=blog" in src
    # The picker offers the listed comparisons only: a draft is not embeddable.
    assert re.findall(rb'<option value="([^"]+)"', other) == [b"node-vs-python",
                                                              SLUG.encode()]


@pytest.mark.parametrize("slug", [DRAFT_SLUG, "nope"])
def test_a_draft_or_unknown_comparison_has_no_embed_snippets(embedding, staff, slug):
    response = staff.get(f"/staff/embed?quiz={slug}")
    assert response.status_code == 404
    assert "Only a listed comparison can be embedded" in response.get_data(as_text=True)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_the_dashboards_of_other_comparisons_are_valid_html(app, staff, embedding, tmp_path):
    """The Nu checker (as tests/web/test_pages_are_valid_html.py runs it) on the dashboard of
    the three-option comparison, a draft, a retired comparison, and another's embed page."""
    command = checker()
    store(app, SLUG, COMMUTE, FAR_RAINY)
    store(app, "old-comparison", QUIZ, BASE)
    for name, url in [("three", f"/staff/?quiz={SLUG}"), ("draft", f"/staff/?quiz={DRAFT_SLUG}"),
                      ("retired", "/staff/?quiz=old-comparison"),
                      ("embed", f"/staff/embed?quiz={SLUG}")]:
        response = staff.get(url)
        assert response.status_code == 200, url
        (tmp_path / f"{name}.html").write_bytes(response.data)
    run = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--filterpattern", HTMX_ATTRIBUTES,
         *sorted(str(path) for path in tmp_path.glob("*.html"))],
        capture_output=True, text=True, timeout=120, check=False)
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    assert [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
            for m in messages] == []
    assert run.returncode == 0, run.stderr[-2000:]


def test_a_retired_comparison_whose_file_stays_is_shown_in_its_own_words(
        app_config, app, tmp_path, build_app):
    """Out of QUIZ_FILES, its file beside the served one: the registry loads it as retired,
    so the picker and its dashboard name it by its title and its questions by their prompts."""
    shipped, retired = tmp_path / "shipped", tmp_path / "shipped" / FIXTURE.name
    shipped.mkdir()
    for path in (DEFAULT_QUIZ_FILE, DEFAULT_QUIZ_FILE.with_suffix(".ne.toml"), FIXTURE):
        (shipped / path.name).write_bytes(path.read_bytes())
    served = build_app({**app_config, "QUIZ_FILES": [str(shipped / DEFAULT_QUIZ_FILE.name)]})
    assert SLUG in served.extensions["advisor_quizzes"].retired
    store(served, SLUG, load_quiz(retired), NEAR_KEEN, count=2)
    create_staff(served)
    client = served.test_client()
    assert log_in(client).status_code == 303
    assert picker(client.get("/staff/").data)[SLUG] == \
        "Bus, bike or walk to work (retired: no longer served)"
    board = client.get(f"/staff/?quiz={SLUG}")
    assert board.status_code == 200 and b"data-retired" in board.data
    assert COMMUTE.question("distance").prompt.encode() in board.data
