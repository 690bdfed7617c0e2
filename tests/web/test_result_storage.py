"""Storing a finished quiz: anonymous (quiz version, answers, scores, verdict, date), exactly
once whatever is clicked twice or replayed, under an unguessable id, with its tallies and the
step funnel counted once per attempt."""

import datetime as dt
import os
import re
import uuid

import pytest

from advisor_web.quiz.scoring import score
from advisor_web.storage import tallies
from tests.web.visitor_support import (
    ALL_STEPS,
    ANSWERS_FOR_VERDICT,
    HTMX,
    HYBRID_LARGE_TEAM,
    NODE_DELIVERY,
    QUIZ,
    TEAM,
    csrf_token_in,
    finish_quiz,
    post_step,
    public_id_of,
    reach,
    result_url,
    step_url,
    steps_for,
    stored_columns,
    stored_results,
    tally,
    without,
)

LAST = ALL_STEPS[-1]


def utc_today() -> dt.date:
    return dt.datetime.now(dt.UTC).date()


def test_the_stored_result_table_holds_nothing_that_points_to_a_person(app):
    columns = stored_columns(app)
    # No sequential id either: it would tell the order of completions within a day.
    # The source is a bounded label ("site" or a configured one), never a referrer; the vote
    # is the visitor's own answer about the advice.
    assert set(columns) == {"public_id", "comparison", "quiz_version", "answers", "scores",
                            "verdict", "created_on", "source", "helpful", "building_with"}
    assert columns["created_on"] == "DATE"  # the day only: no time of day


@pytest.mark.parametrize("verdict", sorted(ANSWERS_FOR_VERDICT))
def test_the_stored_row_holds_comparison_version_answers_scores_verdict_and_date(
        client, app, verdict):
    answers = ANSWERS_FOR_VERDICT[verdict]
    before = utc_today()
    url = finish_quiz(client, answers)
    after = utc_today()
    [row] = stored_results(app)
    outcome = score(QUIZ, answers)
    assert row.public_id == public_id_of(url)
    assert (row.comparison, row.quiz_version) == ("node-vs-python", QUIZ.version)
    assert row.answers == answers
    assert row.scores == dict(outcome.scores)
    assert set(row.scores) == {"node", "python"}
    assert row.verdict == verdict
    assert type(row.created_on) is dt.date
    assert row.created_on in {before, after}


def test_an_answer_a_later_change_makes_unasked_is_not_stored(client, app):
    page = reach(client, LAST.id, HYBRID_LARGE_TEAM)
    post_step(client, LAST, HYBRID_LARGE_TEAM, page, nav="back")  # team size answered, kept
    finish_quiz(client, {**HYBRID_LARGE_TEAM, "ai_ml": "some"})  # no longer asks team size
    [row] = stored_results(app)
    assert row.answers == without({**HYBRID_LARGE_TEAM, "ai_ml": "some"},
                                                 "team_size")


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_finish_clicked_twice_stores_one_result(client, app, htmx):
    page = reach(client, LAST.id, HYBRID_LARGE_TEAM, htmx=htmx)
    first = post_step(client, LAST, HYBRID_LARGE_TEAM, page, htmx=htmx)
    second = post_step(client, LAST, HYBRID_LARGE_TEAM, page, htmx=htmx)
    assert result_url(second) == result_url(first)
    assert [row.public_id for row in stored_results(app)] == [public_id_of(result_url(first))]
    assert tally(app, tallies.COMPLETED) == 1
    assert tally(app, tallies.VERDICT, "hybrid") == 1
    assert tally(app, tallies.STEP_DONE, LAST.id) == 1


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_a_replayed_final_request_stores_nothing_more(client, app, htmx):
    page = reach(client, LAST.id, HYBRID_LARGE_TEAM, htmx=htmx)
    cookie_before_finishing = client.get_cookie("session").value
    first = post_step(client, LAST, HYBRID_LARGE_TEAM, page, htmx=htmx)

    client.set_cookie("session", cookie_before_finishing)
    replay = post_step(client, LAST, HYBRID_LARGE_TEAM, page, htmx=htmx)

    assert replay.status_code == first.status_code
    assert result_url(replay) == result_url(first)
    assert len(stored_results(app)) == 1
    assert tally(app, tallies.COMPLETED) == 1
    assert tally(app, tallies.STEP_DONE, LAST.id) == 1
    for question_id, choice_id in HYBRID_LARGE_TEAM.items():
        assert tally(app, tallies.ANSWER, question_id, choice_id) == 1


def test_public_ids_are_long_url_safe_random_and_not_uuids(app):
    ids = [public_id_of(finish_quiz(app.test_client(), NODE_DELIVERY)) for _ in range(8)]
    assert len(set(ids)) == len(ids)
    for public_id in ids:
        assert re.fullmatch(r"[A-Za-z0-9_-]{22,}", public_id)  # 22 base64 chars: 132 bits
        with pytest.raises(ValueError):
            uuid.UUID(public_id)
    # Not sequential: no shared prefixes, and drawn from the whole URL-safe alphabet.
    assert max(len(os.path.commonprefix([a, b])) for a in ids for b in ids if a != b) < 4
    assert len(set("".join(ids))) > 40
    assert sorted(row.public_id for row in stored_results(app)) == sorted(ids)


def test_each_new_attempt_gets_its_own_id(client, app):
    first = finish_quiz(client, NODE_DELIVERY)
    page = client.get(first)
    client.post("/quiz/restart", data={"csrf_token": csrf_token_in(page.data)})
    second = finish_quiz(client, NODE_DELIVERY)
    assert first != second
    assert len(stored_results(app)) == 2


def test_a_stored_result_counts_once_in_each_of_its_tallies(client, app):
    finish_quiz(client, HYBRID_LARGE_TEAM)
    assert tally(app, tallies.COMPLETED) == 1
    assert {v: tally(app, tallies.VERDICT, v) for v in QUIZ.verdicts} == {
        "node": 0, "python": 0, "hybrid": 1}
    for question in QUIZ.questions:
        for choice_id in question.choice_ids():
            expected = 1 if HYBRID_LARGE_TEAM[question.id] == choice_id else 0
            assert tally(app, tallies.ANSWER, question.id, choice_id) == expected


@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
def test_the_funnel_counts_each_step_once_per_attempt_despite_reloads(client, app, htmx):
    headers = HTMX if htmx else {}
    page = client.get("/quiz", headers=headers)
    client.get("/quiz", headers=headers)
    for step in ALL_STEPS:
        client.get(step_url(step), headers=headers)  # a reload
        page = client.get(step_url(step), headers=headers)
        response = post_step(client, step, HYBRID_LARGE_TEAM, page, htmx=htmx)
        assert response.status_code == (200 if htmx else 303)
    assert tally(app, tallies.STARTED) == 1
    for step in ALL_STEPS:
        assert tally(app, tallies.STEP_REACHED, step.id) == 1, step.id
        assert tally(app, tallies.STEP_DONE, step.id) == 1, step.id
    assert tally(app, tallies.COMPLETED) == 1


def test_going_back_and_answering_again_counts_nothing_twice(client, app):
    page = reach(client, TEAM.id, HYBRID_LARGE_TEAM)
    post_step(client, TEAM, HYBRID_LARGE_TEAM, page, nav="back")
    post_step(client, ALL_STEPS[1], HYBRID_LARGE_TEAM, client.get(step_url(ALL_STEPS[1])),
              nav="back")
    finish_quiz(client, HYBRID_LARGE_TEAM)
    assert tally(app, tallies.STARTED) == 1
    for step in ALL_STEPS:
        assert tally(app, tallies.STEP_REACHED, step.id) == 1, step.id
        assert tally(app, tallies.STEP_DONE, step.id) == 1, step.id


def test_the_funnel_shows_where_a_visitor_left(client, app):
    left_at = 3
    reach(client, ALL_STEPS[left_at].id, HYBRID_LARGE_TEAM)
    reached = [tally(app, tallies.STEP_REACHED, s.id) for s in ALL_STEPS]
    done = [tally(app, tallies.STEP_DONE, s.id) for s in ALL_STEPS]
    assert reached == [1] * (left_at + 1) + [0] * (len(ALL_STEPS) - left_at - 1)
    assert done == [1] * left_at + [0] * (len(ALL_STEPS) - left_at)
    assert tally(app, tallies.COMPLETED) == 0


def test_two_visitors_are_two_attempts(app):
    for _visitor in range(2):
        finish_quiz(app.test_client(), NODE_DELIVERY)
    assert tally(app, tallies.STARTED) == 2
    assert tally(app, tallies.COMPLETED) == 2
    for step in steps_for(NODE_DELIVERY):
        assert tally(app, tallies.STEP_DONE, step.id) == 2


def test_changing_an_answer_after_finishing_counts_as_a_new_attempt(client, app):
    first = finish_quiz(client, HYBRID_LARGE_TEAM)
    second = finish_quiz(client, {**HYBRID_LARGE_TEAM, "team_size": "solo"})
    assert first != second
    assert len(stored_results(app)) == 2
    assert tally(app, tallies.COMPLETED) == 2
    assert tally(app, tallies.STARTED) == 2
    assert tally(app, tallies.STEP_DONE, LAST.id) == 2
