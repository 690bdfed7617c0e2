"""The result page, a shareable permalink: the verdict, the comparison table most important
factor first, the reasons, the what-if flips, the answers with a way to change each one,
and a retake. CSRF stays on: the page's own forms carry their token."""

import html
import re

import pytest

from advisor_web.quiz.scoring import score
from tests.web.visitor_support import (
    ANSWERS_FOR_VERDICT,
    HYBRID_LARGE_TEAM,
    NODE_DELIVERY,
    PYTHON_AI,
    QUIZ,
    checked_answers,
    complete_quiz,
    csrf_token_in,
    finish_quiz,
    progress,
    progress_of,
    shows_step,
    step_answers,
    step_url,
    stored_results,
    tags,
)

VERDICTS = sorted(ANSWERS_FOR_VERDICT)
HYBRID_FLIPS = score(QUIZ, HYBRID_LARGE_TEAM).flips


def text(body: bytes) -> str:
    """The page's text with entities decoded, for checking sentences the quiz file holds."""
    return html.unescape(body.decode())


def section(body: bytes, pattern: bytes) -> bytes:
    match = re.search(pattern, body, re.S)
    assert match, body
    return match.group(0)


def comparison_rows(body: bytes) -> list[str]:
    table = section(body, rb'<table id="comparison">.*?</table>')
    return re.findall(r"<tr>\s*<th scope=\"row\">.*?</tr>", text(table), re.S)


def verdicts_shown(body: bytes) -> list[str]:
    return [t["data-verdict"] for t in tags(body) if "data-verdict" in t]


@pytest.mark.parametrize("verdict", VERDICTS)
def test_the_result_page_carries_its_verdict_exactly_once(client, verdict):
    page = client.get(finish_quiz(client, ANSWERS_FOR_VERDICT[verdict]))
    assert page.status_code == 200
    assert verdicts_shown(page.data) == [verdict]
    assert QUIZ.verdicts[verdict].title in text(page.data)


@pytest.mark.parametrize("verdict", VERDICTS)
def test_the_comparison_table_has_one_row_per_factor_most_important_first(client, verdict):
    answers = ANSWERS_FOR_VERDICT[verdict]
    page = client.get(finish_quiz(client, answers))
    assert len(tags(page.data, "table", id="comparison")) == 1
    rows = comparison_rows(page.data)
    assert len(rows) == len(QUIZ.factors) == 8
    expected = score(QUIZ, answers).factors
    assert [r.importance for r in expected] == sorted((r.importance for r in expected),
                                                      reverse=True)
    for row, factor in zip(rows, expected, strict=True):
        assert f'<th scope="row">{factor.name}</th>' in row
        for option in QUIZ.option_ids:  # one column per option
            assert f"{factor.stars[option]} out of 5 stars" in row  # readable, not only glyphs
            assert factor.labels[option] in row
        assert factor.importance_label in row
        assert factor.verdict in row


def test_the_comparison_order_follows_the_answers(client):
    node_page = client.get(finish_quiz(client, NODE_DELIVERY))
    client.post("/quiz/restart", data={"csrf_token": csrf_token_in(node_page.data)})
    python_page = client.get(finish_quiz(client, PYTHON_AI))
    assert "Real-Time Apps" in comparison_rows(node_page.data)[0]
    assert "AI / ML" in comparison_rows(python_page.data)[0]


@pytest.mark.parametrize("verdict", VERDICTS)
def test_the_reasons_are_the_answers_that_moved_the_verdict_most(client, verdict):
    answers = ANSWERS_FOR_VERDICT[verdict]
    page = client.get(finish_quiz(client, answers))
    reasons = text(section(page.data, rb'<ol class="reasons">.*?</ol>'))
    items = re.findall(r"<li>.*?</li>", reasons, re.S)
    expected = score(QUIZ, answers).reasons
    assert expected
    assert len(items) == len(expected)
    for item, reason in zip(items, expected, strict=True):
        assert QUIZ.question(reason.question).choice(reason.choice).label in item
        assert reason.text in item


def test_the_result_links_each_flip_to_its_what_if_page(client):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    page = client.get(url)
    links = [a["href"] for a in tags(page.data, "a") if "/what-if/" in a["href"]]
    assert links == [f"{url}/what-if/{f.question}/{f.choice}" for f in HYBRID_FLIPS]
    assert HYBRID_FLIPS


@pytest.mark.parametrize("flip", HYBRID_FLIPS, ids=lambda f: f"{f.question}={f.choice}")
def test_a_what_if_page_shows_the_flips_verdict_and_stores_nothing(client, app, flip):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    response = client.get(f"{url}/what-if/{flip.question}/{flip.choice}")
    assert response.status_code == 200
    assert verdicts_shown(response.data) == [flip.verdict]
    assert "not saved" in text(response.data)
    assert QUIZ.question(flip.question).choice(flip.choice).label in text(response.data)
    assert tags(response.data, "a", href=url)  # back to the result
    assert response.headers["Cache-Control"] == "no-store"
    assert len(stored_results(app)) == 1
    assert verdicts_shown(client.get(url).data) == ["hybrid"]


def test_a_result_no_single_change_would_flip_says_so(client):
    assert score(QUIZ, PYTHON_AI).flips == ()
    page = client.get(finish_quiz(client, PYTHON_AI))
    assert "No single change to your answers would change this verdict" in text(page.data)
    assert not [a for a in tags(page.data, "a") if "/what-if/" in a["href"]]


@pytest.mark.parametrize(("question", "choice"), [
    ("no_such_question", "core"),
    ("realtime", "no_such_choice"),
    ("realtime", "javascript"),  # another question's choice
])
def test_a_what_if_with_an_unknown_answer_is_not_found(client, question, choice):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    assert client.get(f"{url}/what-if/{question}/{choice}").status_code == 404


def test_a_what_if_for_a_question_these_answers_do_not_ask_is_not_found(client):
    url = finish_quiz(client, NODE_DELIVERY)  # no central ML: team size is never asked
    assert client.get(f"{url}/what-if/team_size/large").status_code == 404


def test_the_result_lists_each_answer_in_words_with_a_change_button(client):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    page = client.get(url)
    assert tags(page.data, "form", method="post", action=f"{url}/change")
    buttons = [b["value"] for b in tags(page.data, "button", name="question")]
    assert buttons == [q.id for q in QUIZ.questions]
    for question_id, choice_id in HYBRID_LARGE_TEAM.items():
        assert QUIZ.question(question_id).choice(choice_id).label in text(page.data)


@pytest.mark.parametrize("question", list(HYBRID_LARGE_TEAM))
def test_change_leads_back_to_the_questions_step_with_every_answer_kept(client, question):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    page = client.get(url)
    response = client.post(f"{url}/change",
                           data={"question": question, "csrf_token": csrf_token_in(page.data)})
    step = QUIZ.step_of(question)
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(step)
    step_page = client.get(response.headers["Location"])
    assert shows_step(step_page.data, step)
    assert checked_answers(step_page.data) == step_answers(step, HYBRID_LARGE_TEAM)


def test_changing_an_answer_gives_a_new_result_and_keeps_the_old_one(client, app):
    old_url = finish_quiz(client, HYBRID_LARGE_TEAM)
    page = client.get(old_url)
    client.post(f"{old_url}/change",
                data={"question": "team_size", "csrf_token": csrf_token_in(page.data)})
    new_url = finish_quiz(client, {**HYBRID_LARGE_TEAM, "team_size": "solo"})
    assert new_url != old_url
    assert verdicts_shown(client.get(new_url).data) == ["node"]
    assert verdicts_shown(client.get(old_url).data) == ["hybrid"]
    assert len(stored_results(app)) == 2


def test_a_shared_result_can_be_changed_by_someone_else(app, client):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    colleague = app.test_client()
    page = colleague.get(url)
    assert verdicts_shown(page.data) == ["hybrid"]
    response = colleague.post(f"{url}/change", data={
        "question": "team_size", "csrf_token": csrf_token_in(page.data)})
    assert response.headers["Location"] == step_url("team_size")
    assert checked_answers(colleague.get(step_url("team_size")).data) == {"team_size": "large"}


@pytest.mark.parametrize("question", ["", "no_such_question"])
def test_change_without_a_known_question_is_refused(client, question):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    page = client.get(url)
    response = client.post(f"{url}/change",
                           data={"question": question, "csrf_token": csrf_token_in(page.data)})
    assert response.status_code == 400


def test_retake_forgets_the_answers_and_starts_again(client):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    page = client.get(url)
    assert tags(page.data, "form", method="post", action="/quiz/restart")
    response = client.post("/quiz/restart", data={"csrf_token": csrf_token_in(page.data)})
    assert response.status_code == 303
    assert response.headers["Location"] == "/quiz"
    first = client.get("/quiz")
    assert shows_step(first.data, QUIZ.steps[0])
    assert checked_answers(first.data) == {}
    assert progress(first.data) == progress_of(QUIZ.steps[0], {})
    assert b'data-verdict="hybrid"' in client.get(url).data  # the permalink outlives the retake


def test_retake_needs_the_csrf_token(client):
    url = finish_quiz(client, HYBRID_LARGE_TEAM)
    assert client.post("/quiz/restart").status_code == 400
    assert b"See your last result" in client.get("/").data
    assert b'data-verdict="hybrid"' in client.get(url).data


@pytest.mark.parametrize("path", [
    "/result/no-such-result",
    "/result/" + "A" * 24,  # the shape of a real id
    "/result/" + "A" * 24 + "/what-if/realtime/none",
])
def test_an_unknown_result_is_not_found(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.data
    assert verdicts_shown(response.data) == []


def test_change_on_an_unknown_result_is_not_found(client):
    page = client.get(finish_quiz(client, HYBRID_LARGE_TEAM))
    response = client.post("/result/" + "A" * 24 + "/change",
                           data={"question": "realtime", "csrf_token": csrf_token_in(page.data)})
    assert response.status_code == 404


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_the_result_page_is_never_cached(client, htmx):
    response = complete_quiz(client, HYBRID_LARGE_TEAM, htmx=htmx)
    url = response.headers.get("HX-Redirect") or response.headers["Location"]
    assert client.get(url).headers["Cache-Control"] == "no-store"
