"""Issue 6.4, by hypothesis: random form data posted at every step, in random order, never gets
a 5xx, and nothing is stored unless the draft's answers were complete and valid."""

from urllib.parse import quote

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict

from advisor_web.quiz.scoring import InvalidAnswers, score
from advisor_web.storage.results import public_id_of
from tests.reliability.reliability_support import (
    CHOICE_IDS,
    HTMX,
    QUESTION_IDS,
    QUIZ,
    draft_of,
    start,
    stored_results,
)

STEP_IDS = tuple(s.id for s in QUIZ.steps)
junk = st.text(max_size=12)
step_ids = st.sampled_from(STEP_IDS) | junk
keys = st.sampled_from(QUESTION_IDS + ("step", "nav", "csrf_token")) | junk
values = st.sampled_from(CHOICE_IDS) | junk
several_values = st.lists(values, min_size=1, max_size=3)


def mostly(usual, otherwise, percent: int = 95):
    """`usual` most of the time: enough plausible posts that some runs reach the end."""
    return st.integers(0, 99).flatmap(lambda n: usual if n < percent else otherwise)


@st.composite
def posts(draw, step_id):
    """One POST: a step's URL and a form for it, plausible or not, with or without htmx."""
    step_id = draw(step_id)
    fields: list[tuple[str, str]] = []
    step = next((s for s in QUIZ.steps if s.id == step_id), None)
    for question_id in step.question_ids if step else ():
        one = st.sampled_from(QUIZ.question(question_id).choice_ids()).map(lambda c: [c])
        fields += [(question_id, v) for v in draw(mostly(one, several_values | st.just([])))]
    fields.append(("step", draw(mostly(st.just(step_id), step_ids))))
    fields.append(("nav", draw(mostly(st.just("next"), st.just("back") | junk))))
    fields += draw(st.lists(st.tuples(keys, values), max_size=3))
    if draw(st.booleans()):
        fields.reverse()
    return step_id, fields, draw(st.booleans())


@st.composite
def visits(draw):
    """Every step once, in order or shuffled, with random posts to any step slipped in."""
    plan = [draw(posts(st.just(step.id))) for step in QUIZ.steps]
    if draw(st.booleans()):
        plan = list(draw(st.permutations(plan)))
    for _ in range(draw(st.integers(0, 4))):
        plan.insert(draw(st.integers(0, len(plan))), draw(posts(step_ids)))
    return plan


def stored_ids(app) -> dict[str, dict]:
    return {r.public_id: r.answers for r in stored_results(app)}


def assert_complete_and_valid(answers: dict[str, str]) -> None:
    try:
        score(QUIZ, answers)
    except InvalidAnswers as error:  # pragma: no cover - the failure message
        raise AssertionError(f"stored answers that do not score: {error.errors}") from error
    asked = {q for q in QUESTION_IDS if QUIZ.is_asked(q, answers)}
    assert set(answers) == asked, "stored answers to questions the visitor was not asked"


@settings(max_examples=150, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(visits(), mostly(st.just(True), st.just(False), 90))
def test_random_form_data_never_breaks_a_step_nor_stores_an_invalid_result(app, runs, with_token):
    client = app.test_client()  # a new visitor for every example; the database is shared
    token = start(client) if with_token else None
    for step_id, fields, htmx in runs:
        if token is not None:
            fields = [("csrf_token", token), *fields]
        before = stored_ids(app)

        response = client.post(f"/quiz/{quote(step_id, safe='')}", data=MultiDict(fields),
                               headers=HTMX if htmx else {})

        assert response.status_code < 500, response.get_data(as_text=True)[:500]
        new = {k: v for k, v in stored_ids(app).items() if k not in before}
        if new:
            (public_id, answers), = new.items()
            draft = draft_of(app, client)
            assert draft["f"] is True
            assert public_id_of(draft["id"], app.secret_key.encode()) == public_id
            assert answers == draft["a"]
            assert_complete_and_valid(answers)
            assert response.status_code in (200, 303)
            event("a result was stored")
