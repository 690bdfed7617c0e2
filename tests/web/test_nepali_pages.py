"""The visitor side in Nepali under /ne/: every page in Devanagari (beyond the glossary's kept
names), the same verdict as in English, hreflang alternates and a language switch that keeps
the visitor's place and answers, a result permalink in its URL's language, and the language
split on the dashboard."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from advisor_web.quiz.glossary import devanagari_share, load_glossary
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE
from tests.support.answer_sets import ANSWERS_FOR_VERDICT, HYBRID_LARGE_TEAM, SOLO_SAME_NEEDS
from tests.support.quiz_runner import walk
from tests.web.staff_support import create_staff, log_in
from tests.web.visitor_support import (
    HTMX,
    QUIZ,
    checked_answers,
    csrf_token_in,
    step_answers,
    step_form,
    steps_for,
    tags,
    tally,
)

GLOSSARY = load_glossary(DEFAULT_QUIZ_FILE.with_name("glossary.ne.toml"))
EVERY_ANSWER_SET = {**ANSWERS_FOR_VERDICT, "solo": SOLO_SAME_NEEDS}


class VisibleText(HTMLParser):
    """What a reader sees: text outside <script>/<style>, plus titles and labels read aloud."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skipping += 1
        for name, value in attrs:
            if name in ("aria-label", "alt", "placeholder") and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def visible_text(body: bytes) -> str:
    parser = VisibleText()
    parser.feed(body.decode())
    return " ".join(parser.parts)


def nepali_share(body: bytes) -> float:
    # The language switch names English in English, on purpose.
    text = visible_text(body).replace("English", " ")
    return devanagari_share(GLOSSARY.without_kept_names(text))


def result_location(response) -> str:
    return response.headers.get("HX-Redirect") or response.headers["Location"]


@pytest.mark.parametrize("name", EVERY_ANSWER_SET)
def test_every_nepali_page_is_at_least_90_percent_devanagari(client, name):
    answers = EVERY_ANSWER_SET[name]
    pages, last = walk(client, answers, prefix="/ne")
    result = client.get(result_location(last))
    what_ifs = [a["href"] for a in tags(result.data, "a") if "/what-if/" in (a["href"] or "")]
    shown = [client.get("/ne/"), *pages, result, client.get("/ne/no-such-page"),
             *(client.get(url) for url in what_ifs[:1])]  # a what-if of this result too
    assert result.status_code == 200
    for page in shown:
        share = nepali_share(page.data)
        assert share >= 0.9, (page.request.path, share)


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("verdict", ANSWERS_FOR_VERDICT)
def test_the_nepali_quiz_gives_the_english_verdict(app, verdict, htmx):
    answers = ANSWERS_FOR_VERDICT[verdict]
    _, last = walk(app.test_client(), answers, prefix="/ne", htmx=htmx)
    url = result_location(last)
    assert url.startswith("/ne/result/")
    page = app.test_client().get(url).text
    assert f'data-verdict="{verdict}"' in page
    assert tally(app, "lang", "ne") == 1 and tally(app, "lang", "en") == 0


def test_a_result_opens_in_the_language_of_its_url(client):
    _, last = walk(client, HYBRID_LARGE_TEAM)
    public = result_location(last).rsplit("/", 1)[-1]
    english = client.get(f"/result/{public}").text
    nepali = client.get(f"/ne/result/{public}").text
    assert '<html lang="en">' in english and '<html lang="ne">' in nepali
    assert 'data-verdict="hybrid"' in english and 'data-verdict="hybrid"' in nepali
    assert QUIZ.verdicts["hybrid"].title in english
    assert QUIZ.verdicts["hybrid"].title not in nepali


@pytest.mark.parametrize("path", ["/fr/", "/fr/quiz", "/ne/fr/quiz", "/en/"])
def test_an_unknown_language_prefix_is_a_404(client, path):
    assert client.get(path).status_code == 404


def alternates(body: bytes) -> dict[str, str]:
    return {link["hreflang"]: link["href"] for link in tags(body, "link", rel="alternate")}


@pytest.mark.parametrize("prefix, lang", [("", "en"), ("/ne", "ne")])
def test_every_visitor_page_names_its_language_and_both_alternates(client, prefix, lang):
    pages, last = walk(client, HYBRID_LARGE_TEAM, prefix=prefix)
    result = client.get(result_location(last))
    for page in [client.get(f"{prefix}/"), *pages, result, client.get(f"{prefix}/nothing")]:
        assert f'<html lang="{lang}">'.encode() in page.data
        links = alternates(page.data)
        assert set(links) == {"en", "ne", "x-default"}, page.request.path
        assert links["x-default"] == links["en"]
        assert all(href.startswith("http://localhost/") for href in links.values())
        assert links["ne"].startswith("http://localhost/ne/")
        assert not links["en"].startswith("http://localhost/ne/")


def switch_link(body: bytes) -> str:
    (link,) = tags(body, "a", id="language-switch")
    return link["href"]


def test_the_language_switch_keeps_the_place_and_the_answers(client):
    pages, _ = walk(client, HYBRID_LARGE_TEAM)
    third = pages[2]  # the third step, with two steps answered in English
    target = switch_link(third.data)
    assert target == f"http://localhost/ne/quiz/{steps_for(HYBRID_LARGE_TEAM)[2].id}"
    nepali = client.get(target)
    assert nepali.status_code == 200 and b'<html lang="ne">' in nepali.data
    for step in steps_for(HYBRID_LARGE_TEAM)[:2]:  # the answers given in English are there
        earlier = client.get(f"/ne/quiz/{step.id}")
        assert checked_answers(earlier.data) == step_answers(step, HYBRID_LARGE_TEAM)
    back = client.get(switch_link(nepali.data))
    assert back.status_code == 200 and b'<html lang="en">' in back.data
    assert back.request.path == f"/quiz/{steps_for(HYBRID_LARGE_TEAM)[2].id}"


def test_the_language_switch_follows_an_htmx_swap(client):
    page = client.get("/ne/quiz", headers=HTMX)
    first, second = steps_for(HYBRID_LARGE_TEAM)[:2]
    swapped = client.post(f"/ne/quiz/{first.id}", headers=HTMX,
                          data=step_form(first, HYBRID_LARGE_TEAM, token=csrf_token_in(page.data)))
    (link,) = tags(swapped.data, "a", id="language-switch")
    assert link["hx-swap-oob"] == "true"
    assert link["href"] == f"http://localhost/quiz/{second.id}"
    english = client.get(f"/quiz/{first.id}")  # the answer given in Nepali is there
    assert checked_answers(english.data) == step_answers(first, HYBRID_LARGE_TEAM)


def test_the_landing_page_suggests_nepali_without_redirecting(client):
    page = client.get("/", headers={"Accept-Language": "ne-NP, ne;q=0.9, en;q=0.5"})
    assert page.status_code == 200 and b'<html lang="en">' in page.data
    assert [a for a in tags(page.data, "a", hreflang="ne") if a["href"] == "http://localhost/ne/"]
    plain = client.get("/", headers={"Accept-Language": "en-GB, en;q=0.9"})
    assert "नेपालीमा पढ्नुहोस्" not in plain.text


def test_the_dashboard_splits_results_by_language(app):
    walk(app.test_client(), HYBRID_LARGE_TEAM)
    for answers in ANSWERS_FOR_VERDICT.values():
        walk(app.test_client(), answers, prefix="/ne")
    create_staff(app)
    staff = app.test_client()
    log_in(staff)
    board = staff.get("/staff/").text
    counts = dict(re.findall(r'data-metric="lang-(\w+)">([\d,]+)<', board))
    assert counts == {"en": "1", "ne": "3"}


def test_the_api_answers_in_the_language_asked(client):
    answers = ANSWERS_FOR_VERDICT["python"]
    english = client.post("/api/v1/score", json={"answers": answers}).json
    nepali = client.post("/api/v1/score", json={"answers": answers, "lang": "ne"}).json
    assert nepali["verdict"] == english["verdict"] == "python"
    assert nepali["scores"] == english["scores"]
    assert devanagari_share(nepali["reasons"][0]["text"]) > 0.5
    assert devanagari_share(nepali["factors"][0]["name"]) > 0.5
    assert {row["name"] for row in english["factors"]} == {f.name for f in QUIZ.factors}


def test_the_api_refuses_an_unknown_language_naming_the_allowed_ones(client):
    response = client.post("/api/v1/score", json={"answers": {}, "lang": "fr"})
    assert response.status_code == 422
    assert "'en', 'ne'" in response.json["errors"]["lang"]
    schema = client.get("/api/v1/openapi.json").json["components"]["schemas"]["ScoreRequest"]
    assert schema["properties"]["lang"]["enum"] == ["en", "ne"]
