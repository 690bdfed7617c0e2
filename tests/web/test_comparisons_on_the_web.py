"""A second comparison on the visitor's surfaces: the suite's three-option fixture, served after
the shipped quiz as any new comparison would be (nothing here knows its ids but this file),
under /compare/<slug>/ on the site and in the frame, English only (it has no Nepali file).
The shipped quiz keeps every URL it had."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from advisor_web.storage.models import StoredResult, Tally
from tests.support.answer_sets import NODE_DELIVERY
from tests.support.comparisons import draft_copy, shipped_copy
from tests.support.pages import checked_answers, heading, hidden_value, tags, text_of
from tests.support.quiz_runner import (
    HTMX,
    QUIZ,
    complete_quiz,
    finish_quiz,
    public_id_of,
    result_url,
    start,
    step_form,
)

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
COMMUTE = load_quiz(FIXTURE)
SLUG = COMMUTE.slug
SITE = f"/compare/{SLUG}"
FRAME = f"/embed/compare/{SLUG}"
ORIGIN = "https://blog.example"
# Far, keen and rainy: the combined verdict holds (tests/unit/test_three_options.py).
RAINY = {"distance": "far", "fitness": "keen", "weather": "rainy"}
NEAR_AND_KEEN = {"distance": "near", "fitness": "keen"}  # bike 16.0, walk 15.5, bus 7.5


@pytest.fixture
def app_config(app_config, csrf_off):
    return {**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(FIXTURE)],
            "EMBED_ORIGINS": [ORIGIN]}


def stored_results(app) -> list[StoredResult]:
    with Session(app.extensions["advisor_engine"]) as session:
        return list(session.scalars(select(StoredResult)))


def table_columns(body: bytes) -> list[str]:
    head = re.search(rb'<table id="comparison">.*?<thead>(.*?)</thead>', body, re.S)
    assert head, body[:300]
    return [re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<th[^>]*>(.*?)</th>", head.group(1).decode(), re.S)]


# -- the routes --------------------------------------------------------------------------------


def test_the_comparison_has_its_landing_and_first_step_under_compare(client):
    landing = client.get(f"{SITE}/")
    assert landing.status_code == 200
    assert tags(landing.data, "a", href=f"{SITE}/quiz")
    first = client.get(f"{SITE}/quiz")
    assert first.status_code == 200
    assert heading(first.data) == COMMUTE.steps[0].title
    assert tags(first.data, "form", action=f"{SITE}/quiz/{COMMUTE.steps[0].id}")


def test_the_default_comparison_keeps_its_urls_and_is_also_under_compare(client):
    assert heading(client.get("/quiz").data) == QUIZ.steps[0].title
    assert client.get("/ne/quiz").status_code == 200
    assert client.get("/embed/quiz").status_code == 200
    under_compare = client.get(f"/compare/{QUIZ.slug}/quiz")
    assert heading(under_compare.data) == QUIZ.steps[0].title
    # Served the same: its links are the default's own URLs.
    assert tags(under_compare.data, "form", action=f"/quiz/{QUIZ.steps[0].id}")


@pytest.mark.parametrize("path", ["/compare/no-such-comparison/", "/compare/no-such/quiz",
                                  "/compare/no-such/quiz/trip", "/embed/compare/no-such/quiz"])
def test_an_unknown_slug_is_a_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("path", [f"/ne{SITE}/", f"/ne{SITE}/quiz", f"/ne{SITE}/quiz/trip",
                                  f"/ne{FRAME}/quiz", f"/ne{FRAME}/quiz/trip"])
def test_a_comparison_without_a_nepali_file_is_not_served_in_nepali(client, path):
    page = client.get(path)
    assert page.status_code == 404
    assert b'lang="ne"' in page.data  # the error page says so in the page's language


def test_posting_to_a_nepali_step_of_an_english_only_comparison_is_a_404(client):
    step = COMMUTE.steps[0]
    reply = client.post(f"/ne{SITE}/quiz/{step.id}", data=step_form(step, RAINY, quiz=COMMUTE))
    assert reply.status_code == 404
    assert stored_results(client.application) == []


def test_an_english_only_comparison_offers_no_other_language(client):
    page = client.get(f"{SITE}/quiz")
    assert [link["hreflang"] for link in tags(page.data, "link", rel="alternate")] \
        in (["en", "x-default"], ["en"])
    assert not tags(page.data, "a", hreflang="ne")
    shipped = client.get("/quiz")
    assert tags(shipped.data, "a", hreflang="ne")


@pytest.fixture
def draft_comparison(app_config, tmp_path):
    """The fixture again under another slug, as a draft (`listed = false`)."""
    draft = draft_copy(tmp_path / "draft.toml", slug="not-yet")
    app_config["QUIZ_FILES"] = [*app_config["QUIZ_FILES"], str(draft)]


def test_a_draft_comparison_does_not_exist_for_the_public(draft_comparison, client):
    for path in ("/compare/not-yet/", "/compare/not-yet/quiz", "/embed/compare/not-yet/quiz"):
        assert client.get(path).status_code == 404, path


# -- walks ---------------------------------------------------------------------------------


def test_a_walk_without_javascript_stores_a_result_of_the_comparison(app, client):
    url = finish_quiz(client, RAINY, prefix=SITE, quiz=COMMUTE)
    assert re.fullmatch(r"/result/[^/]+", url), url
    [stored] = stored_results(app)
    assert (stored.comparison, stored.verdict, stored.quiz_version) == \
        (SLUG, "bike_and_bus", COMMUTE.version)
    page = client.get(url)
    assert page.status_code == 200
    assert "Ride to the bus stop, then take the bus." in text_of(page.data)


def test_a_walk_with_htmx_swaps_the_comparison_s_steps_in_place(app, client):
    last = complete_quiz(client, NEAR_AND_KEEN, prefix=SITE, quiz=COMMUTE, htmx=True)
    assert last.status_code == 200
    assert re.fullmatch(r"/result/[^/]+", result_url(last))
    [stored] = stored_results(app)
    assert (stored.comparison, stored.verdict) == (SLUG, "bike")


def test_the_htmx_step_pushes_the_comparison_s_url(client):
    start(client, prefix=SITE)
    first = COMMUTE.steps[0]
    reply = client.post(f"{SITE}/quiz/{first.id}", headers=HTMX,
                        data=step_form(first, RAINY, quiz=COMMUTE))
    assert reply.status_code == 200
    assert reply.headers["HX-Push-Url"] == f"{SITE}/quiz/{COMMUTE.steps[1].id}"


def test_a_walk_in_the_frame_carries_the_comparison_s_draft_in_the_page(app, client):
    first = start(client, prefix=FRAME, query="?source=blog")
    assert tags(first.data, "form", action=f"{FRAME}/quiz/{COMMUTE.steps[0].id}")
    url = finish_quiz(client, RAINY, prefix=FRAME, quiz=COMMUTE)
    assert re.fullmatch(r"/embed/result/[^/?]+(\?.*)?", url), url
    [stored] = stored_results(app)
    assert (stored.comparison, stored.verdict) == (SLUG, "bike_and_bus")
    assert client.get(url).status_code == 200


def test_the_frame_s_second_step_holds_a_draft_token(client):
    page = start(client, prefix=FRAME)
    first = COMMUTE.steps[0]
    reply = client.post(f"{FRAME}/quiz/{first.id}", data=step_form(first, RAINY, quiz=COMMUTE))
    assert reply.status_code == 303
    second = client.get(reply.headers["Location"])
    assert heading(second.data) == COMMUTE.steps[1].title
    assert hidden_value(second.data, "draft")
    assert page.status_code == 200


# -- one comparison's answers are not another's ------------------------------------------------


def test_answers_of_the_shipped_quiz_posted_to_the_comparison_s_step_are_refused(app, client):
    shipped_first = QUIZ.steps[0]
    assert client.post(f"/quiz/{shipped_first.id}",
                       data=step_form(shipped_first, NODE_DELIVERY)).status_code == 303
    # The comparison's second step, with no attempt at it begun (the shipped quiz's does not
    # count): back to its first step, told so.
    first, second = COMMUTE.steps
    restarted = client.post(f"{SITE}/quiz/{second.id}",
                            data=step_form(second, RAINY, quiz=COMMUTE))
    assert restarted.status_code == 303
    assert restarted.headers["Location"] == f"{SITE}/quiz/{first.id}"
    assert "starts afresh" in text_of(client.get(restarted.headers["Location"]).data)
    # The shipped quiz's answers under the comparison's first step id: its questions unanswered.
    refused = client.post(f"{SITE}/quiz/{first.id}",
                          data={**step_form(shipped_first, NODE_DELIVERY), "step": first.id})
    assert refused.status_code == 422
    assert stored_results(app) == []


def test_a_step_of_the_shipped_quiz_is_no_step_of_the_comparison(client):
    shipped_first = QUIZ.steps[0]
    assert client.get(f"{SITE}/quiz/{shipped_first.id}").status_code == 404
    assert client.post(f"{SITE}/quiz/{shipped_first.id}",
                       data=step_form(shipped_first, NODE_DELIVERY)).status_code == 404


def test_a_frame_token_of_the_shipped_quiz_is_no_draft_of_the_comparison(app, client):
    shipped_first = QUIZ.steps[0]
    start(client, prefix="/embed")
    reply = client.post(f"/embed/quiz/{shipped_first.id}",
                        data=step_form(shipped_first, NODE_DELIVERY))
    token = client.get(reply.headers["Location"]).data
    shipped_token = hidden_value(token, "draft")
    assert shipped_token
    second = COMMUTE.steps[1]
    refused = client.post(f"{FRAME}/quiz/{second.id}",
                          data={**step_form(second, RAINY, quiz=COMMUTE), "draft": shipped_token})
    assert refused.status_code == 303
    assert refused.headers["Location"].startswith(f"{FRAME}/quiz/{COMMUTE.steps[0].id}")
    assert shipped_token not in refused.headers["Location"]
    assert stored_results(app) == []


def test_a_frame_token_is_no_draft_of_a_comparison_with_the_same_version_and_steps(
        twin_comparison, app, client):
    first, second = COMMUTE.steps
    start(client, prefix=FRAME)
    reply = client.post(f"{FRAME}/quiz/{first.id}", data=step_form(first, RAINY, quiz=COMMUTE))
    token = hidden_value(client.get(reply.headers["Location"]).data, "draft")
    # The twin has the same version and step ids: only the token's comparison tells them apart.
    twin = "/embed/compare/commute-twin"
    refused = client.post(f"{twin}/quiz/{second.id}",
                          data={**step_form(second, RAINY, quiz=COMMUTE), "draft": token})
    assert refused.status_code == 303
    assert refused.headers["Location"].startswith(f"{twin}/quiz/{first.id}")
    assert stored_results(app) == []


def test_a_visitor_may_have_an_attempt_at_each_comparison_at_once(client):
    shipped_first, first = QUIZ.steps[0], COMMUTE.steps[0]
    client.post(f"/quiz/{shipped_first.id}", data=step_form(shipped_first, NODE_DELIVERY))
    client.post(f"{SITE}/quiz/{first.id}", data=step_form(first, RAINY, quiz=COMMUTE))
    # Each quiz resumes where its own attempt stands, with its own answers.
    assert heading(client.get("/quiz").data) == QUIZ.steps[1].title
    assert heading(client.get(f"{SITE}/quiz").data) == COMMUTE.steps[1].title
    assert checked_answers(client.get(f"{SITE}/quiz/{first.id}").data) == \
        {q: RAINY[q] for q in first.question_ids}
    # Starting one over leaves the other as it was.
    assert client.post(f"{SITE}/quiz/restart").status_code == 303
    assert heading(client.get(f"{SITE}/quiz").data) == COMMUTE.steps[0].title
    assert heading(client.get("/quiz").data) == QUIZ.steps[1].title


# -- step pages rendered once per kind -------------------------------------------------------


@pytest.fixture
def twin_comparison(app_config, tmp_path):
    """The fixture again under another slug, with the same step ids but other step titles."""
    text = FIXTURE.read_text(encoding="utf-8")
    assert 'title = "The trip"' in text
    twin = tmp_path / "twin.toml"
    twin.write_text(text.replace(f'slug = "{SLUG}"', 'slug = "commute-twin"')
                    .replace('title = "The trip"', 'title = "The journey"'), encoding="utf-8")
    app_config["QUIZ_FILES"] = [*app_config["QUIZ_FILES"], str(twin)]


def test_two_comparisons_same_step_id_never_share_a_rendering(twin_comparison, client):
    for _ in range(2):  # the second time from the prerendered pages, rendered once per kind
        assert heading(client.get(f"{SITE}/quiz/trip").data) == "The trip"
        assert heading(client.get("/compare/commute-twin/quiz/trip").data) == "The journey"
        assert heading(client.get(f"{FRAME}/quiz/trip").data) == "The trip"
        assert heading(client.get("/embed/compare/commute-twin/quiz/trip").data) == \
            "The journey"


# -- its results -------------------------------------------------------------------------------


def test_its_result_shows_its_own_table_verdict_and_scores(client):
    page = client.get(finish_quiz(client, NEAR_AND_KEEN, prefix=SITE, quiz=COMMUTE))
    assert table_columns(page.data) == ["Factor", "Matters for you", "Bus", "Bike", "Walk",
                                        "The article’s verdict"]
    [verdict] = tags(page.data, "section", data_verdict="bike")
    assert verdict
    text = text_of(page.data)
    # The documented arithmetic (tests/unit/test_three_options.py): 7.5, 16.0 and 15.5.
    assert "Bus scores 7.5, Bike scores 16.0, and Walk scores 15.5" in text
    assert [rect["class"] for rect in tags(page.data, "rect")] == \
        ["bus option-1", "bike option-2", "walk option-3"]


def test_its_result_s_links_go_back_to_its_own_comparison(client):
    url = finish_quiz(client, RAINY, prefix=SITE, quiz=COMMUTE)
    page = client.get(url)
    assert tags(page.data, "form", action=f"{SITE}/quiz/restart")  # "Retake the quiz"
    assert not tags(page.data, "a", hreflang="ne")  # no Nepali to switch to
    public_id = public_id_of(url)
    changed = client.post(f"/result/{public_id}/change", data={"question": "weather"})
    assert changed.status_code == 303
    assert changed.headers["Location"] == f"{SITE}/quiz/sky"
    step = client.get(changed.headers["Location"])
    assert checked_answers(step.data) == {"weather": "rainy"}


def test_changing_an_answer_of_its_result_leaves_an_attempt_at_the_shipped_quiz(client):
    shipped_first = QUIZ.steps[0]
    client.post(f"/quiz/{shipped_first.id}", data=step_form(shipped_first, NODE_DELIVERY))
    url = finish_quiz(client, RAINY, prefix=SITE, quiz=COMMUTE)
    client.post(f"{url}/change", data={"question": "distance"})
    assert heading(client.get("/quiz").data) == QUIZ.steps[1].title


def test_its_result_is_not_served_in_a_language_the_comparison_lacks(client):
    url = finish_quiz(client, RAINY, prefix=SITE, quiz=COMMUTE)
    for path in (f"/ne{url}", f"/ne{url}/card.png", f"/ne{url}/decision-record.md",
                 f"/ne{url}/what-if/weather/dry"):
        page = client.get(path)
        assert page.status_code == 404, path
    assert "तुलना" in text_of(client.get(f"/ne{url}").data)  # says why, in Nepali


def test_its_what_if_card_and_decision_record_are_its_own(client):
    url = finish_quiz(client, RAINY, prefix=SITE, quiz=COMMUTE)
    what_if = client.get(f"{url}/what-if/weather/dry")
    assert what_if.status_code == 200
    assert tags(what_if.data, "section", data_verdict="bike")
    card = client.get(f"{url}/card.png")
    assert card.status_code == 200 and card.mimetype == "image/png"
    record = client.get(f"{url}/decision-record.md").data.decode()
    assert "Bike and bus" in record and "Walk" in record
    api = client.get(f"/api/v1/results/{public_id_of(url)}/decision-record")
    assert api.status_code == 200
    assert "Bike and bus" in api.data.decode()


def test_a_vote_on_its_result_counts_in_its_tallies_only(app, client):
    url = finish_quiz(client, RAINY, prefix=SITE, quiz=COMMUTE)
    assert client.post(f"{url}/feedback", data={"helpful": "yes"}).status_code == 303
    with Session(app.extensions["advisor_engine"]) as session:
        assert set(session.scalars(select(Tally.comparison))) == {SLUG}
        [stored] = session.scalars(select(StoredResult))
        assert stored.helpful == "yes"


@pytest.fixture
def shipped_twin(app_config, tmp_path):
    """The shipped quiz again under another slug (English only), so both have the project
    question "you against others" groups by."""
    text = DEFAULT_QUIZ_FILE.read_text(encoding="utf-8")
    twin = tmp_path / "twin-backend.toml"
    twin.write_text(text.replace('slug = "node-vs-python"', 'slug = "backend-twin"'),
                    encoding="utf-8")
    app_config["QUIZ_FILES"] = [*app_config["QUIZ_FILES"], str(twin)]
    app_config["OTHERS_MIN_COUNT"] = 1


def test_you_against_others_counts_only_results_of_the_same_comparison(shipped_twin, app):
    shipped, twin = app.test_client(), app.test_client()
    shipped_url = finish_quiz(shipped, NODE_DELIVERY)
    for _ in range(3):  # three visitors at the twin, with the same project
        twin_url = finish_quiz(app.test_client(), NODE_DELIVERY,
                               prefix="/compare/backend-twin", quiz=QUIZ)
    assert "Of the 1 person building" in text_of(shipped.get(shipped_url).data)
    assert "Of the 3 people building" in text_of(twin.get(twin_url).data)


def test_a_result_of_a_comparison_no_longer_served_is_a_404_never_a_500(app_config, app):
    url = finish_quiz(app.test_client(), RAINY, prefix=SITE, quiz=COMMUTE)
    from advisor_web import create_app

    retired = create_app({**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE)]})
    client = retired.test_client()
    try:
        for path in (url, f"{url}/card.png", f"{url}/decision-record.md",
                     f"{url}/what-if/weather/dry", f"/embed{url}"):
            page = client.get(path)
            assert page.status_code == 404, path
        assert "does not offer" in text_of(client.get(url).data)
        for path, form in ((f"{url}/feedback", {"helpful": "yes"}),
                           (f"{url}/change", {"question": "weather"})):
            assert client.post(path, data=form).status_code == 404, path
        api = client.get(f"/api/v1/results/{public_id_of(url)}/decision-record")
        assert api.status_code == 404
    finally:
        retired.extensions["advisor_engine"].dispose()


def test_a_retired_comparison_beside_the_served_one_keeps_rendering_its_results(
        app_config, app, tmp_path, build_app):
    """A comparison leaves QUIZ_FILES and its file stays (CI refuses to delete it): its
    results keep their page, card and record, but nobody takes it again."""
    for path in (DEFAULT_QUIZ_FILE, DEFAULT_QUIZ_FILE.with_suffix(".ne.toml"), FIXTURE):
        shutil.copy(path, tmp_path / path.name)
    shipped, commute = str(tmp_path / DEFAULT_QUIZ_FILE.name), str(tmp_path / FIXTURE.name)
    serving = build_app({**app_config, "QUIZ_FILES": [shipped, commute]})
    url = finish_quiz(serving.test_client(), RAINY, prefix=SITE, quiz=COMMUTE)

    client = build_app({**app_config, "QUIZ_FILES": [shipped]}).test_client()
    page = client.get(url)
    assert page.status_code == 200
    assert table_columns(page.data)[2:5] == ["Bus", "Bike", "Walk"]
    assert "no longer offers" in text_of(page.data)
    assert b'name="question"' not in page.data  # no "Change" to an attempt nobody can take
    assert b"Retake the quiz" not in page.data
    for path in (f"{url}/card.png", f"{url}/decision-record.md", f"{url}/what-if/weather/dry"):
        assert client.get(path).status_code == 200, path
    assert client.post(f"{url}/change", data={"question": "weather"}).status_code == 404
    assert client.get(f"{SITE}/").status_code == 404


# -- the landing pages ---------------------------------------------------------------------


def test_the_site_s_landing_page_lists_every_listed_comparison(draft_comparison, client):
    page = client.get("/")
    listed = [item["data-comparison"] for item in tags(page.data, "li")
              if item.get("data-comparison")]
    assert listed == [QUIZ.slug, SLUG]  # in QUIZ_FILES order, the draft left out
    assert tags(page.data, "a", href="/quiz")
    assert tags(page.data, "a", href=f"{SITE}/quiz")
    assert tags(page.data, "a", href=f"{SITE}/")
    assert COMMUTE.title in text_of(page.data)


def test_a_list_offers_only_comparisons_in_the_page_s_language_and_not_in_the_frame(client):
    # In Nepali only the shipped quiz is left: no choice, no list.
    assert not tags(client.get("/ne/").data, "section", data_comparisons="")
    assert not tags(client.get("/embed/").data, "section", data_comparisons="")
    assert not tags(client.get(f"{SITE}/").data, "section", data_comparisons="")


def test_with_one_comparison_the_landing_page_lists_none(app_config):
    from advisor_web import create_app

    alone = create_app({**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE)]})
    try:
        page = alone.test_client().get("/")
        assert page.status_code == 200
        assert not tags(page.data, "section", data_comparisons="")
    finally:
        alone.extensions["advisor_engine"].dispose()


def test_a_comparison_s_pages_name_its_own_options_not_the_shipped_quiz_s(client):
    for path in (f"{SITE}/", f"{SITE}/quiz"):
        text = text_of(client.get(path).data)
        assert "Node.js" not in text and "Python" not in text, path
        assert "Bus, Bike, or Walk?" in text  # the page title's question
    landing = text_of(client.get(f"{SITE}/").data)
    assert "Bus, Bike, or Walk: which fits your project?" in landing
    assert f"the comparison “{COMMUTE.title}”" in landing
    assert "Bike + Bus" in landing  # its combined verdict
    result = text_of(client.get(finish_quiz(client, RAINY, prefix=SITE, quiz=COMMUTE)).data)
    assert "Node.js" not in result and "Python" not in result


def test_the_shipped_quiz_s_pages_still_name_its_options(client):
    landing = text_of(client.get("/").data)
    assert "Node.js or Python: which fits your project?" in landing
    assert "Node.js vs Python for Backend Development" in landing
    assert "Node.js वा Python" in text_of(client.get("/ne/").data)


def test_the_brand_link_leads_to_the_site_s_own_landing_page(client):
    page = client.get(f"{SITE}/quiz")
    assert tags(page.data, "a", **{"class": "brand", "href": "/"})


def test_embed_js_frames_the_comparison_data_quiz_names(client):
    script = client.get("/embed.js").data.decode()
    assert 'getAttribute("data-quiz")' in script
    assert '"/compare/" + encodeURIComponent(quiz)' in script


# -- a comparison with a Nepali file -------------------------------------------------------------


@pytest.fixture
def nepali_twin(app_config, tmp_path):
    """The shipped quiz again under another slug, with its Nepali file beside it."""
    twin = shipped_copy(tmp_path / "twin", "backend-twin")
    app_config["QUIZ_FILES"] = [*app_config["QUIZ_FILES"], str(twin)]


def test_the_language_switch_stays_on_the_comparison_and_its_step(nepali_twin, client):
    first = QUIZ.steps[0].id
    english = client.get(f"/compare/backend-twin/quiz/{first}")
    [to_nepali] = tags(english.data, "a", hreflang="ne")
    assert to_nepali["href"].endswith(f"/ne/compare/backend-twin/quiz/{first}")
    nepali = client.get(f"/ne/compare/backend-twin/quiz/{first}")
    assert nepali.status_code == 200
    [to_english] = tags(nepali.data, "a", hreflang="en")
    assert to_english["href"].endswith(f"/compare/backend-twin/quiz/{first}")
    assert tags(nepali.data, "form", action=f"/ne/compare/backend-twin/quiz/{first}")


def test_the_nepali_landing_page_lists_the_comparisons_in_nepali(nepali_twin, client):
    page = client.get("/ne/")
    listed = [item["data-comparison"] for item in tags(page.data, "li")
              if item.get("data-comparison")]
    assert listed == [QUIZ.slug, "backend-twin"]  # the English-only fixture left out
    assert tags(page.data, "a", href="/ne/compare/backend-twin/quiz")
