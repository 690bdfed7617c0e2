"""Issue 6.1: every request that changes state needs the form's CSRF token. Without it, or with
a wrong one, the answer is a 400 page and nothing changes: no answer taken, nothing stored,
nobody logged in. htmx requests carry the token because it sits inside every form they post."""

from html.parser import HTMLParser

import pytest
from flask_babel import force_locale, gettext

from tests.reliability.reliability_support import (
    EVERY_STEP_ANSWERS,
    HTMX,
    QUIZ,
    all_tallies,
    complete_quiz,
    csrf_token_in,
    draft_of,
    inputs,
    result_url,
    routes,
    sqlite_only,
    start,
    step_answers,
    step_form,
    stored_results,
)

# Stateless: it reads no cookie, stores nothing, and answers with JSON anyone may compute.
EXEMPT = {"api.score_answers"}
STATE_CHANGING = sorted(
    {rule.endpoint for rule in routes() if rule.methods & {"POST", "PUT", "PATCH", "DELETE"}}
    - EXEMPT
)
FIRST, SECOND = QUIZ.steps[0], QUIZ.steps[1]


@pytest.fixture
def visitor(client, app):
    """A visitor who has a stored result and is half-way through another attempt."""
    url = result_url(complete_quiz(client))
    client.post("/quiz/restart", data={"csrf_token": csrf_token_in(client.get(url).data)})
    token = start(client)
    client.post(f"/quiz/{FIRST.id}", data=step_form(FIRST, EVERY_STEP_ANSWERS, token))
    return {"public_id": url.rsplit("/", 1)[1], "token": token}


def request_for(endpoint: str, visitor) -> tuple[str, dict[str, str]]:
    """A URL and a form for `endpoint` that would succeed with the right token."""
    # The default comparison's own rule: the /compare/<slug>/ twin of an endpoint is guarded
    # by the same hook, and a made-up slug would be a 404 before any token is read.
    rule = min((r for r in routes() if r.endpoint == endpoint and "POST" in r.methods),
               key=lambda r: "slug" in r.arguments)
    values = {"step_id": SECOND.id, "public_id": visitor["public_id"], "row_id": "1"}
    url = rule.build({name: values.get(name, "x") for name in rule.arguments})[1]
    forms = {
        "visitor.answer": step_form(SECOND, EVERY_STEP_ANSWERS, None),
        "visitor.change": {"question": "realtime"},
        "staff.login": {"username": "someone", "password": "a password of some length"},
    }
    return url, forms.get(endpoint, {})


def state(app, client) -> tuple:
    return ([r.public_id for r in stored_results(app)], all_tallies(app), draft_of(app, client),
            client.get_cookie("session").value)


@sqlite_only
def test_the_one_post_route_without_a_token_is_the_stateless_api(app, client, visitor):
    """The test below covers every other POST route, so a new one is checked by default."""
    assert "visitor.answer" in STATE_CHANGING and "staff.login" in STATE_CHANGING
    before = state(app, client)
    response = client.post("/api/v1/score", json={"answers": EVERY_STEP_ANSWERS})
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert state(app, client) == before


TOKENS = {
    "missing": lambda visitor: None,
    "empty": lambda visitor: "",
    "garbled": lambda visitor: visitor["token"][:-4] + "AAAA",
    "from another visitor": lambda visitor: visitor["other_token"],
}


def refusal(app, endpoint: str) -> str:
    """The CSRF refusal's advice, in the language of the endpoint's surface."""
    lang = "ne" if endpoint.split(".")[0].endswith("_ne") else "en"
    with app.test_request_context(), force_locale(lang):
        return gettext("This form has expired or was not sent from this site. Reload the page "
                       "and try again: your answers are kept.")


@sqlite_only
@pytest.mark.parametrize("htmx", [False, True], ids=["plain", "htmx"])
@pytest.mark.parametrize("endpoint", STATE_CHANGING)
def test_a_missing_or_wrong_token_gets_400_and_changes_nothing(app, client, visitor, endpoint,
                                                               htmx):
    visitor["other_token"] = start(app.test_client())
    url, form = request_for(endpoint, visitor)
    before = state(app, client)
    for token, make in TOKENS.items():
        sent = make(visitor)
        response = client.post(url, headers=HTMX if htmx else {},
                               data=form if sent is None else {**form, "csrf_token": sent})

        assert response.status_code == 400, (token, response.data)
        assert refusal(app, endpoint).encode() in response.data
        assert (b"<html" in response.data) is not htmx
        assert state(app, client) == before, token


@sqlite_only
def test_the_right_token_is_accepted_so_the_refusals_above_are_about_the_token(
    app, client, visitor
):
    url, form = request_for("visitor.answer", visitor)
    response = client.post(url, data={**form, "csrf_token": visitor["token"]})
    assert response.status_code == 303
    assert draft_of(app, client)["a"] == {**step_answers(FIRST, EVERY_STEP_ANSWERS),
                                          **step_answers(SECOND, EVERY_STEP_ANSWERS)}


class _Forms(HTMLParser):
    """Each <form>: its attributes and the names of the inputs inside it."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[dict, list]] = []
        self._open = False

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self.forms.append((dict(attrs), []))
            self._open = True
        elif tag == "input" and self._open:
            self.forms[-1][1].append(dict(attrs).get("name"))

    def handle_endtag(self, tag):
        if tag == "form":
            self._open = False


def forms_in(body: bytes) -> list[tuple[dict, list]]:
    parser = _Forms()
    parser.feed(body.decode())
    return parser.forms


def pages(client):
    """Every page with a form: landing, each step (page and htmx fragment), result, login."""
    token = start(client)
    yield "/", client.get("/")
    for step in QUIZ.steps:
        yield f"/quiz/{step.id}", client.get(f"/quiz/{step.id}")
        yield f"/quiz/{step.id} (htmx)", client.get(f"/quiz/{step.id}", headers=HTMX)
        response = client.post(f"/quiz/{step.id}", data=step_form(step, EVERY_STEP_ANSWERS, token),
                               headers=HTMX)
        yield f"POST /quiz/{step.id} (htmx)", response
    url = response.headers["HX-Redirect"]
    yield url, client.get(url)
    yield "/staff/login", client.get("/staff/login")


@sqlite_only
def test_every_post_form_on_every_page_carries_the_token_htmx_requests_included(client):
    checked = 0
    for name, response in pages(client):
        for attrs, names in forms_in(response.data):
            if attrs.get("method", "get").lower() == "post" or "hx-post" in attrs:
                assert "csrf_token" in names, f"a form on {name} has no csrf_token: {attrs}"
                checked += 1
    assert checked >= 2 * len(QUIZ.steps)


@sqlite_only
def test_an_htmx_post_with_the_fragments_token_moves_on(client):
    """The token htmx sends is the one inside the fragment it swapped in."""
    fragment = client.get("/quiz", headers=HTMX)
    token = csrf_token_in(fragment.data)
    response = client.post(f"/quiz/{FIRST.id}", headers=HTMX,
                           data=step_form(FIRST, EVERY_STEP_ANSWERS, token))
    assert response.status_code == 200
    assert b"<html" not in response.data
    assert any(i.get("name") == "csrf_token" for i in inputs(response.data))
