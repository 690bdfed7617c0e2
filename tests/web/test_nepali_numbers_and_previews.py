"""A Nepali page writes its numbers in Devanagari digits (the locale's CLDR numbering
system), previews in Nepali when its link is pasted into a chat, and ends its sentences with
"।" (issue 22). Version ids, URLs and kept names such as Node.js keep their Latin letters."""

from __future__ import annotations

import re

import pytest

from advisor_web.quiz.glossary import devanagari_share
from tests.support.answer_sets import ANSWERS_FOR_VERDICT, NODE_DELIVERY
from tests.support.quiz_runner import walk
from tests.web.test_nepali_pages import GLOSSARY, result_location, visible_text
from tests.web.test_sharing_a_result import meta, sections
from tests.web.visitor_support import QUIZ, tags

LATIN_DIGIT = re.compile(r"[0-9]")
# A Latin full stop that ends a sentence: not inside a version id ("2025.1") or a name
# ("Node.js").
LATIN_FULL_STOP = re.compile(r"(?<=[^\s0-9A-Za-z])\.(?=\s|$)")


def around(pattern: re.Pattern[str], text: str) -> list[str]:
    """Each match of `pattern` with a few words either side, to say where it was."""
    return [" ".join(text[max(0, m.start() - 30):m.end() + 30].split())
            for m in pattern.finditer(text)]


def without_versions(text: str) -> str:
    """`text` without what keeps its Latin digits: the quiz version and URLs (a permalink)."""
    return re.sub(r"https?://\S+", " ", text.replace(QUIZ.version, " "))


def nepali_pages(client, answers):
    """The Nepali landing page, every step, the result and one of its what-ifs (if any)."""
    steps, result = nepali_steps_and_result(client, answers)
    what_ifs = [a["href"] for a in tags(result.data, "a") if "/what-if/" in (a["href"] or "")]
    return [client.get("/ne/"), *steps, result, *(client.get(url) for url in what_ifs[:1])]


def nepali_steps_and_result(client, answers):
    steps, last = walk(client, answers, prefix="/ne")
    result = client.get(result_location(last))
    assert result.status_code == 200
    return steps, result


@pytest.mark.parametrize("verdict", ANSWERS_FOR_VERDICT)
def test_no_latin_digit_is_visible_on_a_nepali_page(client, verdict):
    for page in nepali_pages(client, ANSWERS_FOR_VERDICT[verdict]):
        text = without_versions(visible_text(page.data))
        assert around(LATIN_DIGIT, text) == [], page.request.path


def test_the_nepali_progress_stars_and_scores_are_in_devanagari_digits(client):
    steps, result = nepali_steps_and_result(client, NODE_DELIVERY)
    first_step, result = visible_text(steps[0].data), visible_text(result.data)
    assert "चरण १ / " in first_step
    assert "५ मध्ये ५ तारा" in result or "५ मध्ये ४ तारा" in result
    assert re.search(r"Node\.js को स्कोर [०-९]+\.[०-९]", result)


def test_a_nepali_result_s_link_preview_is_nepali(client):
    body = nepali_steps_and_result(client, NODE_DELIVERY)[1].data
    title, description = meta(body, "og:title"), meta(body, "og:description")
    assert title == "ब्याकएन्ड सल्लाहकार — Node.js"
    assert "मुख्य कारण:" in description and description.endswith("।")
    assert "Top reasons" not in description
    assert devanagari_share(GLOSSARY.without_kept_names(description)) >= 0.9
    assert meta(body, "og:image:alt") == title
    assert meta(body, "og:site_name") == "ब्याकएन्ड सल्लाहकार"
    assert (meta(body, "twitter:title"), meta(body, "twitter:description")) == (title,
                                                                                description)


def test_the_english_preview_stays_english(client):
    pages, last = walk(client, NODE_DELIVERY)
    body = client.get(result_location(last)).data
    assert meta(body, "og:title").startswith("Backend Advisor: ")
    assert "Top reasons:" in meta(body, "og:description")


@pytest.mark.parametrize("verdict", ANSWERS_FOR_VERDICT)
def test_no_nepali_sentence_on_a_page_ends_with_a_latin_full_stop(client, verdict):
    for page in nepali_pages(client, ANSWERS_FOR_VERDICT[verdict]):
        text = visible_text(page.data)
        assert around(LATIN_FULL_STOP, text) == [], page.request.path


def test_the_nepali_decision_record_s_prose_has_devanagari_digits(client):
    result = nepali_steps_and_result(client, ANSWERS_FOR_VERDICT["hybrid"])[1]
    link = [a for a in tags(result.data, "a") if a.get("data-download")]
    record = client.get(link[0]["href"]).text
    parts = sections(record)
    assert re.search(r"[०-९]+\.[०-९]", parts["निर्णय"])  # the scores
    # Markdown's list numbers, the permalink and the version id are not prose.
    prose = re.sub(r"^\d+\. ", "", record, flags=re.M)
    prose = without_versions(re.sub(r"<[^>]+>", " ", prose))
    assert around(LATIN_DIGIT, prose) == []
    assert around(LATIN_FULL_STOP, prose) == []
