"""The server owns the step order: no skipping ahead, no form posted to another step, back
keeps the answers, "step k of n" follows the conditional step, a reload shows the same step."""

import pytest

from tests.web.visitor_support import (
    ALL_STEPS,
    FEATURES,
    HTMX,
    HYBRID_LARGE_TEAM,
    NODE_DELIVERY,
    TEAM,
    TEAM_SIZE,
    checked_answers,
    id_of,
    post_step,
    progress,
    progress_of,
    reach,
    shows_step,
    step_answers,
    step_form,
    step_url,
    steps_for,
    stored_results,
)

pytestmark = pytest.mark.usefixtures("csrf_off")

FIRST = ALL_STEPS[0]
# Out of order for a visitor whose first unanswered step is FEATURES.
BEYOND_FEATURES = ALL_STEPS[ALL_STEPS.index(FEATURES) + 1:]
# The last step when team size is not asked.
LAUNCH = steps_for(NODE_DELIVERY)[-1]


@pytest.mark.parametrize("step", ALL_STEPS[1:], ids=id_of)
def test_a_new_visitor_asking_for_a_later_step_is_sent_to_the_start(client, step):
    response = client.get(step_url(step))
    assert response.status_code == 302
    assert response.headers["Location"] == "/quiz"
    assert shows_step(client.get("/quiz").data, FIRST)


@pytest.mark.parametrize("step", BEYOND_FEATURES, ids=id_of)
def test_a_step_beyond_the_first_unanswered_one_cannot_be_opened(client, step):
    reach(client, FEATURES.id, HYBRID_LARGE_TEAM)
    response = client.get(step_url(step))
    assert response.status_code == 302
    assert response.headers["Location"] == step_url(FEATURES)


@pytest.mark.parametrize("step", BEYOND_FEATURES, ids=id_of)
def test_a_step_beyond_the_first_unanswered_one_cannot_be_posted(client, app, step):
    reach(client, FEATURES.id, HYBRID_LARGE_TEAM)
    response = client.post(step_url(step), data=step_form(step, HYBRID_LARGE_TEAM))
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(FEATURES)
    assert stored_results(app) == []
    # Its answers were not taken: reached in order, the step is still unanswered.
    assert checked_answers(reach(client, step.id, HYBRID_LARGE_TEAM).data) == {}


def test_an_out_of_order_post_with_htmx_swaps_in_the_current_step(client):
    reach(client, FEATURES.id, HYBRID_LARGE_TEAM, htmx=True)
    response = client.post(step_url(LAUNCH), data=step_form(LAUNCH, HYBRID_LARGE_TEAM),
                           headers=HTMX)
    assert response.status_code == 200
    assert response.headers["HX-Push-Url"] == step_url(FEATURES)
    assert shows_step(response.data, FEATURES)
    assert b"Please answer this step first." in response.data


@pytest.mark.parametrize(("form_of", "posted_to"), [(TEAM, FEATURES), (FEATURES, TEAM),
                                                    (FIRST, TEAM), (TEAM, FIRST)],
                         ids=id_of)
def test_a_form_posted_to_another_steps_url_changes_nothing(client, form_of, posted_to):
    reach(client, TEAM.id, HYBRID_LARGE_TEAM)
    # Answers that differ from the visitor's wherever the forged form has a field.
    response = client.post(step_url(posted_to), data=step_form(form_of, NODE_DELIVERY))
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(TEAM)
    team = client.get(step_url(TEAM))
    assert b"That answer was for another step." in team.data
    assert checked_answers(team.data) == {}
    for answered in (FIRST, FEATURES):
        page = client.get(step_url(answered))
        assert checked_answers(page.data) == step_answers(answered, HYBRID_LARGE_TEAM)
        assert step_answers(answered, HYBRID_LARGE_TEAM) != step_answers(answered, NODE_DELIVERY)


def test_an_unknown_step_is_not_found(client):
    client.get("/quiz")
    assert client.get("/quiz/no_such_step").status_code == 404
    assert client.post("/quiz/no_such_step", data={"nav": "next"}).status_code == 404


def test_back_keeps_the_answers_of_the_step_left_and_of_the_step_before(client):
    page = reach(client, TEAM.id, HYBRID_LARGE_TEAM)
    response = post_step(client, TEAM, HYBRID_LARGE_TEAM, page, nav="back")
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(FEATURES)
    features = client.get(step_url(FEATURES))
    assert checked_answers(features.data) == step_answers(FEATURES, HYBRID_LARGE_TEAM)
    team = client.get(step_url(TEAM))
    assert checked_answers(team.data) == step_answers(TEAM, HYBRID_LARGE_TEAM)


def test_back_keeps_the_valid_answers_of_a_half_answered_step(client):
    reach(client, FEATURES.id, HYBRID_LARGE_TEAM)
    half = {"realtime": "core", "ai_ml": "no_such_choice", "step": FEATURES.id, "nav": "back"}
    response = client.post(step_url(FEATURES), data=half)
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(FIRST)
    assert checked_answers(client.get(step_url(FEATURES)).data) == {"realtime": "core"}


def test_back_from_the_first_step_goes_to_the_landing_page(client):
    page = client.get("/quiz")
    response = post_step(client, FIRST, HYBRID_LARGE_TEAM, page, nav="back")
    assert response.status_code == 303
    assert response.headers["Location"] == "/"


@pytest.mark.parametrize(("realtime", "ai_ml", "asked"), [
    ("core", "core", True),
    ("some", "core", True),
    ("none", "core", False),
    ("core", "some", False),
    ("core", "none", False),
])
def test_the_team_size_step_counts_only_for_live_features_with_central_ml(
        client, realtime, ai_ml, asked):
    answers = {**HYBRID_LARGE_TEAM, "realtime": realtime, "ai_ml": ai_ml}
    total = len(ALL_STEPS) if asked else len(ALL_STEPS) - 1
    features = reach(client, FEATURES.id, answers)
    assert progress(features.data) == progress_of(FEATURES, {})  # not known before FEATURES
    team = reach(client, TEAM.id, answers)
    assert progress(team.data) == progress_of(TEAM, answers)
    assert progress(team.data).endswith(f" of {total}")


def test_progress_drops_the_team_size_step_when_an_earlier_answer_rules_it_out(client):
    launch = reach(client, LAUNCH.id, HYBRID_LARGE_TEAM)
    assert progress(launch.data) == progress_of(LAUNCH, HYBRID_LARGE_TEAM)
    assert b"See my result" not in launch.data

    without_team_size = {**HYBRID_LARGE_TEAM, "ai_ml": "some"}
    client.post(step_url(FEATURES), data=step_form(FEATURES, without_team_size))
    launch = client.get(step_url(LAUNCH))
    assert progress(launch.data) == progress_of(LAUNCH, without_team_size)
    assert progress(launch.data) != progress_of(LAUNCH, HYBRID_LARGE_TEAM)
    assert b"See my result" in launch.data
    assert client.get(step_url(TEAM_SIZE)).headers["Location"] == step_url(LAUNCH)


def test_progress_adds_the_team_size_step_when_an_earlier_answer_calls_for_it(client):
    answers = {**HYBRID_LARGE_TEAM, "ai_ml": "none"}
    launch = reach(client, LAUNCH.id, answers)
    assert progress(launch.data) == progress_of(LAUNCH, answers)

    client.post(step_url(FEATURES), data=step_form(FEATURES, HYBRID_LARGE_TEAM))
    launch = client.get(step_url(LAUNCH))
    assert progress(launch.data) == progress_of(LAUNCH, HYBRID_LARGE_TEAM)
    assert progress(launch.data) != progress_of(LAUNCH, answers)
    response = post_step(client, LAUNCH, HYBRID_LARGE_TEAM, launch)
    assert response.headers["Location"] == step_url(TEAM_SIZE)


@pytest.mark.parametrize("step", ALL_STEPS, ids=id_of)
def test_a_reload_shows_the_same_step_with_its_answers_checked(client, step):
    reach(client, TEAM_SIZE.id, HYBRID_LARGE_TEAM)
    if step is TEAM_SIZE:
        post_step(client, TEAM_SIZE, HYBRID_LARGE_TEAM, client.get(step_url(TEAM_SIZE)),
                  nav="back")
    first, reload = client.get(step_url(step)), client.get(step_url(step))
    for page in (first, reload):
        assert page.status_code == 200
        assert shows_step(page.data, step)
        assert checked_answers(page.data) == step_answers(step, HYBRID_LARGE_TEAM)
        assert progress(page.data) == progress_of(step, HYBRID_LARGE_TEAM)


def test_returning_to_the_quiz_shows_the_first_unanswered_step(client):
    unanswered = ALL_STEPS[3]
    reach(client, unanswered.id, HYBRID_LARGE_TEAM)
    for _reload in range(2):
        page = client.get("/quiz")
        assert shows_step(page.data, unanswered)
        assert checked_answers(page.data) == {}


def test_a_post_without_answers_in_progress_starts_the_quiz_afresh(client, app):
    response = client.post(step_url(FEATURES), data=step_form(FEATURES, HYBRID_LARGE_TEAM))
    assert response.status_code == 303
    assert response.headers["Location"] == step_url(FIRST)
    page = client.get(step_url(FIRST))
    assert b"the quiz starts afresh" in page.data
    assert checked_answers(page.data) == {}
    assert stored_results(app) == []
