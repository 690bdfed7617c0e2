"""A draft comparison (`listed = false`): staff preview it from the staff area, and nothing of
the preview is stored or counted; for everyone else it does not exist (the 404 of an unknown
slug). The draft is the suite's fixture comparison, copied with `listed = false` and served
after the shipped quiz."""

from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest
from prometheus_client import REGISTRY
from sqlalchemy import inspect, select, table, text
from sqlalchemy.engine import Engine

from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from advisor_web.quiz.versions import QuizVersions
from tests.support.answer_sets import NODE_DELIVERY
from tests.support.comparisons import draft_copy
from tests.support.pages import tags
from tests.support.quiz_runner import QUIZ, complete_quiz, start, step_form, walk
from tests.web.staff_support import create_staff, csrf_token, log_in, log_out

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
DRAFT = load_quiz(FIXTURE)
SLUG = DRAFT.slug
SITE = f"/compare/{SLUG}"
PREVIEW = f"{SITE}/preview"
FIRST = DRAFT.steps[0]
# Far, keen and rainy: the combined verdict (tests/unit/test_three_options.py).
RAINY = {"distance": "far", "fitness": "keen", "weather": "rainy"}
NEAR_AND_KEEN = {"distance": "near", "fitness": "keen"}  # bike 16.0, walk 15.5, bus 7.5
BANNER = "Preview: visitors cannot see this comparison; nothing is stored or counted."
# Every URL the draft has, on every surface: none may exist for the public.
PUBLIC_GETS = [f"{prefix}{SITE}{page}"
               for prefix in ("", "/ne", "/embed", "/ne/embed")
               for page in ("/", "/quiz", f"/quiz/{FIRST.id}", "/preview")]


@pytest.fixture
def app_config(app_config, tmp_path):
    draft = draft_copy(tmp_path / "commute.toml")
    return {**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(draft)]}


@pytest.fixture
def staff(app, client):
    """The client, logged in as a staff member."""
    create_staff(app)
    assert log_in(client).status_code == 303
    return client


def database_contents(app) -> dict[str, list[tuple]]:
    """Every row of every table (Alembic's own aside), sorted: a preview must leave it all
    exactly as it was."""
    engine: Engine = app.extensions["advisor_engine"]
    with engine.connect() as connection:
        names = [n for n in inspect(connection).get_table_names() if n != "alembic_version"]
        return {name: sorted(map(tuple, connection.execute(select(text("*")).select_from(
            table(name)))), key=repr) for name in names}


def visible(body: bytes) -> str:
    """The page's text as read, tags left out."""
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", body.decode())))


def verdict_title(body: bytes) -> str:
    match = re.search(rb'<h1 id="verdict-title">([^<]*)</h1>', body)
    assert match, body[:300]
    return html.unescape(match.group(1).decode())


def banners(body: bytes) -> list[dict]:
    return [found for found in tags(body) if "data-preview" in found]


def quiz_metrics() -> tuple[float | None, float | None]:
    return (REGISTRY.get_sample_value("advisor_quiz_steps_answered_total"),
            REGISTRY.get_sample_value("advisor_results_stored_total"))


def not_found_page(client, path: str, slug: str = SLUG) -> tuple[str, dict[str, str]]:
    """A 404's body and headers, its slug written as an unknown one (the page names its own
    address): what to compare a draft's 404 with an unknown slug's by."""
    page = client.get(path)
    assert page.status_code == 404, path
    headers = {k: v.replace(slug, "no-such-comparison") for k, v in page.headers.items()
               if k not in ("Date", "Content-Length")}
    return page.get_data(as_text=True).replace(slug, "no-such-comparison"), headers


# -- the public ---------------------------------------------------------------------------------


@pytest.mark.parametrize("path", PUBLIC_GETS)
def test_every_url_of_a_draft_is_the_404_of_an_unknown_slug(client, path):
    unknown = path.replace(SLUG, "no-such-comparison")
    assert not_found_page(client, path) == not_found_page(client, unknown)


def test_posting_a_draft_s_step_is_a_404_and_stores_nothing(app, client):
    before = database_contents(app)
    for prefix in ("", "/ne", "/embed"):
        reply = client.post(f"{prefix}{SITE}/quiz/{FIRST.id}",
                            data=step_form(FIRST, RAINY, quiz=DRAFT))
        assert reply.status_code in (400, 404)  # 400: the CSRF check, before any route
    assert database_contents(app) == before


def test_the_api_answers_a_draft_as_it_answers_an_unknown_slug(client):
    answers = {"distance": "far", "fitness": "keen", "weather": "rainy"}
    draft = client.post("/api/v1/score", json={"quiz": SLUG, "answers": answers})
    unknown = client.post("/api/v1/score", json={"quiz": "no-such", "answers": answers})
    assert draft.status_code == unknown.status_code == 422
    assert draft.get_json() == unknown.get_json()
    listed = [quiz["slug"] for quiz in client.get("/api/v1/quizzes").get_json()["quizzes"]]
    assert listed == [QUIZ.slug]


def test_the_landing_page_does_not_list_a_draft(client):
    assert SLUG not in client.get("/").get_data(as_text=True)


# -- the staff area -----------------------------------------------------------------------------


def test_the_staff_list_shows_every_comparison_with_a_preview_of_the_draft(staff):
    page = staff.get("/staff/comparisons")
    assert page.status_code == 200
    rows = {row["data-comparison"]: row for row in tags(page.data, "tr")
            if row.get("data-comparison")}
    assert list(rows) == [QUIZ.slug, SLUG]
    assert rows[SLUG]["data-listed"] == "false"
    assert rows[QUIZ.slug]["data-listed"] == "true"
    body = visible(page.data)
    for quiz in (QUIZ, DRAFT):
        assert quiz.title in body and quiz.version in body, quiz.slug
        assert all(option.name in body for option in quiz.options)
    assert tags(page.data, "a", href=f"{SITE}/")  # the draft's preview
    assert tags(page.data, "a", href=f"/compare/{QUIZ.slug}/")  # a listed one's public page


def test_the_staff_navigation_links_the_comparisons(staff):
    assert tags(staff.get("/staff/").data, "a", href="/staff/comparisons")


def test_an_anonymous_visitor_is_sent_to_log_in_for_the_list(client):
    reply = client.get("/staff/comparisons")
    assert reply.status_code == 302
    assert reply.headers["Location"].startswith("/staff/login")


# -- the preview --------------------------------------------------------------------------------


def test_every_page_of_a_preview_says_it_is_one(staff):
    for path in (f"{SITE}/", f"{SITE}/quiz", f"{SITE}/quiz/{FIRST.id}"):
        page = staff.get(path)
        assert page.status_code == 200, path
        [banner] = banners(page.data)
        assert BANNER in visible(page.data), path
        assert banner["role"] == "status"
        assert page.headers["Cache-Control"] == "no-store"
        assert page.headers["X-Robots-Tag"] == "noindex"


def test_a_listed_comparison_shows_no_preview_banner_to_staff(staff):
    for path in ("/", "/quiz", f"/compare/{QUIZ.slug}/quiz"):
        assert not banners(staff.get(path).data), path


def test_a_whole_preview_without_javascript_stores_and_counts_nothing(app, staff):
    before, counted = database_contents(app), quiz_metrics()
    last = complete_quiz(staff, RAINY, prefix=SITE, quiz=DRAFT)
    assert last.status_code == 303
    assert last.headers["Location"] == PREVIEW
    result = staff.get(PREVIEW)
    assert result.status_code == 200
    assert database_contents(app) == before
    assert quiz_metrics() == counted
    body = visible(result.data)
    assert BANNER in body
    assert verdict_title(result.data) == DRAFT.verdicts["bike_and_bus"].title
    assert table_head(result.data)[2:-1] == [option.name for option in DRAFT.options]
    assert "Ride to the bus stop, then take the bus." in body


def test_the_preview_s_result_offers_nothing_that_needs_a_stored_result(staff):
    complete_quiz(staff, NEAR_AND_KEEN, prefix=SITE, quiz=DRAFT)
    result = staff.get(PREVIEW)
    html = result.get_data(as_text=True)
    assert "/result/" not in html  # no permalink, what-if page, card or decision record
    for marker in ("data-share", "data-consultation", "data-download", 'name="helpful"'):
        assert marker not in html, marker
    assert verdict_title(result.data) == DRAFT.verdicts["bike"].title


def test_a_preview_s_what_if_is_scored_from_its_answers_and_stores_nothing(app, staff):
    complete_quiz(staff, NEAR_AND_KEEN, prefix=SITE, quiz=DRAFT)
    before, counted = database_contents(app), quiz_metrics()
    result = staff.get(PREVIEW)
    # Near and keen: bike 16.0, walk 15.5; not keen would make it walk.
    what_if = f"{PREVIEW}/what-if/fitness/indifferent"
    [link] = tags(result.data, "a", href=what_if)
    assert "Do you want the exercise? — “Not really” → Walk" in visible(result.data)
    page = staff.get(what_if)
    assert page.status_code == 200
    assert verdict_title(page.data) == DRAFT.verdicts["walk"].title
    assert BANNER in visible(page.data)
    assert tags(page.data, "a", href=PREVIEW)  # back to the preview's result
    assert "/result/" not in page.get_data(as_text=True)
    assert database_contents(app) == before
    assert quiz_metrics() == counted


@pytest.mark.parametrize("change", ["fitness/no-such-choice", "no-such/near",
                                    "weather/rainy"])
def test_a_preview_s_what_if_that_changes_nothing_real_is_a_404(staff, change):
    """An unknown choice or question, or a question these answers do not ask."""
    complete_quiz(staff, NEAR_AND_KEEN, prefix=SITE, quiz=DRAFT)
    assert staff.get(f"{PREVIEW}/what-if/{change}").status_code == 404


def test_a_preview_s_what_if_is_a_404_for_the_public(client):
    assert client.get(f"{PREVIEW}/what-if/fitness/indifferent").status_code == 404


def test_a_whole_preview_with_htmx_stores_and_counts_nothing(app, staff):
    before, counted = database_contents(app), quiz_metrics()
    # The full page holds the banner; each step swaps in below it.
    assert BANNER in visible(staff.get(f"{SITE}/quiz").data)
    pages, last = walk(staff, RAINY, prefix=SITE, quiz=DRAFT, htmx=True)
    assert all(page.status_code == 200 for page in pages)
    assert last.headers["HX-Redirect"] == PREVIEW
    assert staff.get(PREVIEW).status_code == 200
    assert database_contents(app) == before
    assert quiz_metrics() == counted


def test_a_preview_s_refused_step_is_refused_as_a_visitor_s(app, staff):
    page = start(staff, prefix=SITE)
    reply = staff.post(f"{SITE}/quiz/{FIRST.id}",
                       data={"step": FIRST.id, "nav": "next", "csrf_token": csrf_token(page.data)})
    assert reply.status_code == 422
    assert BANNER in visible(reply.data)


def test_the_preview_s_result_needs_a_finished_preview(staff):
    reply = staff.get(PREVIEW)
    assert reply.status_code == 302
    assert reply.headers["Location"] == f"{SITE}/quiz"


def test_a_listed_comparison_has_no_preview_page(staff):
    assert staff.get(f"/compare/{QUIZ.slug}/preview").status_code == 404


def test_the_frame_never_previews_a_draft(staff):
    for path in (f"/embed{SITE}/", f"/embed{SITE}/quiz"):
        assert staff.get(path).status_code == 404, path


def test_after_logging_out_the_draft_is_a_404_again(staff):
    complete_quiz(staff, RAINY, prefix=SITE, quiz=DRAFT)
    assert staff.get(PREVIEW).status_code == 200
    assert log_out(staff).status_code == 303
    for path in (f"{SITE}/", f"{SITE}/quiz", PREVIEW):
        assert staff.get(path).status_code == 404, path


def test_an_idle_staff_session_previews_nothing(app, staff):
    with staff.session_transaction() as session:
        session["staff_seen"] -= app.config["STAFF_IDLE_MINUTES"] * 60 + 1
    assert staff.get(f"{SITE}/quiz").status_code == 404


def test_previewing_keeps_the_staff_session_from_idling_out(app, staff):
    idle = app.config["STAFF_IDLE_MINUTES"] * 60
    with staff.session_transaction() as session:
        session["staff_seen"] -= idle - 60  # a minute before it would idle out
    assert staff.get(f"{SITE}/quiz").status_code == 200
    with staff.session_transaction() as session:
        assert session["staff_seen"] >= int(time.time()) - 60


def test_the_preview_s_landing_links_no_stored_result(staff):
    complete_quiz(staff, RAINY, prefix=SITE, quiz=DRAFT)
    landing = staff.get(f"{SITE}/")
    assert "/result/" not in landing.get_data(as_text=True)


def table_head(body: bytes) -> list[str]:
    head = re.search(rb'<table id="comparison">.*?<thead>(.*?)</thead>', body, re.S)
    assert head, body[:300]
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1).decode(), re.S)]



# -- a draft with a Nepali file -------------------------------------------------------------------

NEXT = "node-vs-python-next"  # the shipped quiz and its Nepali file, copied as a draft


@pytest.fixture
def nepali_draft(app_config, tmp_path):
    shipped = DEFAULT_QUIZ_FILE.read_text(encoding="utf-8")
    assert f'slug = "{QUIZ.slug}"' in shipped and "\nlisted = true\n" in shipped
    draft = tmp_path / "next.toml"
    draft.write_text(shipped.replace(f'slug = "{QUIZ.slug}"', f'slug = "{NEXT}"')
                     .replace("\nlisted = true\n", "\nlisted = false\n"), encoding="utf-8")
    nepali = DEFAULT_QUIZ_FILE.with_name(f"{DEFAULT_QUIZ_FILE.stem}.ne.toml")
    (tmp_path / "next.ne.toml").write_text(nepali.read_text(encoding="utf-8"), encoding="utf-8")
    app_config["QUIZ_FILES"] = [*app_config["QUIZ_FILES"], str(draft)]


def test_a_nepali_draft_is_a_404_in_nepali_for_the_public(nepali_draft, client):
    for path in (f"/ne/compare/{NEXT}/", f"/ne/compare/{NEXT}/quiz"):
        unknown = path.replace(NEXT, "no-such-comparison")
        assert not_found_page(client, path, NEXT) == not_found_page(client, unknown), path


def test_a_nepali_preview_says_so_in_nepali(nepali_draft, staff):
    page = staff.get(f"/ne/compare/{NEXT}/quiz")
    assert page.status_code == 200
    assert b'<html lang="ne">' in page.data
    assert len(banners(page.data)) == 1
    assert "प्रिभ्यु:" in visible(page.data)
    assert "केही पनि राखिँदैन" in visible(page.data)
    assert BANNER not in visible(page.data)


def test_the_staff_list_offers_a_nepali_preview_of_a_draft_with_a_nepali_file(nepali_draft,
                                                                              staff):
    page = staff.get("/staff/comparisons")
    [row] = [row for row in tags(page.data, "tr") if row.get("data-comparison") == NEXT]
    assert row["data-listed"] == "false"
    assert tags(page.data, "a", href=f"/compare/{NEXT}/")
    assert tags(page.data, "a", href=f"/ne/compare/{NEXT}/")
    assert not tags(page.data, "a", href=f"/ne{SITE}/")  # the fixture has no Nepali file


def test_a_whole_nepali_preview_stores_and_counts_nothing(nepali_draft, app, staff):
    before, counted = database_contents(app), quiz_metrics()
    last = complete_quiz(staff, NODE_DELIVERY, prefix=f"/ne/compare/{NEXT}", quiz=QUIZ)
    assert last.headers["Location"] == f"/ne/compare/{NEXT}/preview"
    result = staff.get(last.headers["Location"])
    assert result.status_code == 200
    assert "प्रिभ्यु:" in visible(result.data)
    nepali = QuizVersions(DEFAULT_QUIZ_FILE, "ne").live
    assert verdict_title(result.data) == nepali.verdicts["node"].title
    assert database_contents(app) == before
    assert quiz_metrics() == counted

