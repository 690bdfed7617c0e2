"""Consultation requests (issue 20), the visitor's side: the form under the full result, a
request stored once with its consent, its tallies and its event, every bad input refused with
the typing kept, and a withdrawal as easy as the request."""

from __future__ import annotations

import threading
import time

import pytest

from advisor_web import db
from advisor_web.quiz.funnel import CONSULTATION
from advisor_web.visitor.bot_checks import FormTokens
from advisor_web.visitor.consultation_form import CONSENT_VERSION
from tests.support.answer_sets import NODE_DELIVERY, PYTHON_AI
from tests.support.webhooks import SECRET
from tests.web.consultation_support import (
    QUICK,
    TYPED,
    ask,
    filled,
    outbox_rows,
    stored_requests,
    withdraw_form,
)
from tests.web.visitor_support import (
    csrf_token_in,
    finish_quiz,
    public_id_of,
    stored_results,
    tally,
)

HOOK = "https://crm.example/hooks/advisor"


@pytest.fixture
def app_config(app_config):
    return {**app_config, **QUICK, "PUBLISHER_NAME": "Himal Software",
            "WEBHOOK_URLS": [HOOK], "WEBHOOK_SECRET": SECRET}


@pytest.fixture
def result_url(client):
    return finish_quiz(client, NODE_DELIVERY)


def confirmation(client, response):
    assert response.status_code == 303, response.data[-3000:]
    return client.get(response.headers["Location"])


# -- the offer ---------------------------------------------------------------------------


@pytest.mark.parametrize("prefix", ["", "/ne"], ids=["en", "ne"])
def test_the_form_comes_after_the_full_result_with_consent_unticked(client, result_url, prefix):
    body = client.get(prefix + result_url).data
    text = body.decode()
    assert text.index('id="comparison"') < text.index("data-consultation")
    assert text.index('data-verdict="node"') < text.index("data-consultation")
    consent = text[text.index('name="consent"') - 200:text.index('name="consent"') + 600]
    assert 'type="checkbox"' in consent and "checked" not in consent
    days = "१८०" if prefix == "/ne" else "180"  # a Nepali page writes Devanagari digits
    assert "Himal Software" in consent and days in consent
    assert b'src="/static/consultation.js' in body


def test_the_consent_text_names_publisher_purpose_and_period_in_nepali_too(client, result_url):
    nepali = client.get("/ne" + result_url).data.decode()
    assert "Himal Software" in nepali and "परामर्श" in nepali and "१८० दिन" in nepali


def test_a_what_if_page_offers_no_form(client, result_url):
    assert b"data-consultation" not in client.get(f"{result_url}/what-if/realtime/none").data


def test_consultations_off_hide_the_form_and_refuse_requests(app_config, request):
    app_config["CONSULTATIONS"] = False
    client = request.getfixturevalue("client")  # an app made with the setting
    url = finish_quiz(client, NODE_DELIVERY)
    page = client.get(url)
    assert b"data-consultation" not in page.data
    token = csrf_token_in(page.data)
    response = client.post(f"{url}/consultation", data={**TYPED, "csrf_token": token})
    assert response.status_code == 404


# -- a request ---------------------------------------------------------------------------


def test_a_request_is_stored_with_its_consent_and_leads_to_its_confirmation(
        app, client, result_url):
    before = stored_results(app)
    page = confirmation(client, ask(client, result_url))
    assert b"data-withdraw" in page.data and b"What happens next" in page.data
    [request] = stored_requests(app)
    assert (request.name, request.email, request.company, request.message) == (
        TYPED["name"], TYPED["email"], TYPED["company"], TYPED["message"])
    assert request.consent_version == CONSENT_VERSION and request.consent_given_at
    assert (request.result_id, request.lang, request.source, request.status) == (
        public_id_of(result_url), "en", "site", "new")
    # The anonymous result is as it was: nothing of the request was written to it.
    assert [(r.public_id, r.answers, r.helpful) for r in stored_results(app)] == [
        (r.public_id, r.answers, r.helpful) for r in before]


def test_the_request_and_its_event_are_written_together(app, client, result_url):
    confirmation(client, ask(client, result_url))
    [request] = stored_requests(app)
    [row] = outbox_rows(app)
    assert (row.subject, row.target, row.status) == (request.id, HOOK, "pending")
    data = row.event["data"]
    assert row.event["type"] == "consultation.requested"
    assert (data["request_id"], data["email"], data["language"]) == (
        request.id, "sita@example.com", "en")
    assert data["consent"]["version"] == CONSENT_VERSION
    assert data["result"]["url"] == f"http://localhost{result_url}"
    assert (data["result"]["verdict"], data["result"]["answers"]) == ("node", NODE_DELIVERY)


def test_a_request_counts_by_verdict_project_type_source_and_language(app, client, result_url):
    confirmation(client, ask(client, result_url))
    assert tally(app, CONSULTATION, "all") == 1
    assert tally(app, CONSULTATION, "verdict", "node") == 1
    assert tally(app, CONSULTATION, "project_type", NODE_DELIVERY["project_type"]) == 1
    assert tally(app, CONSULTATION, "source", "site") == 1
    assert tally(app, CONSULTATION, "lang", "en") == 1


def test_a_nepali_request_records_its_language(app, client, result_url):
    response = ask(client, "/ne" + result_url)
    assert response.headers["Location"].startswith("/ne/consultation/")
    [request] = stored_requests(app)
    assert request.lang == "ne"
    assert outbox_rows(app)[0].event["data"]["result"]["url"].endswith("/ne" + result_url)


def test_a_double_click_stores_once_and_both_clicks_see_the_same_confirmation(
        app, client, result_url):
    form = filled(client.get(result_url).data)
    first = client.post(f"{result_url}/consultation", data=form)
    second = client.post(f"{result_url}/consultation", data=form)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert len(stored_requests(app)) == 1 and len(outbox_rows(app)) == 1
    assert tally(app, CONSULTATION, "all") == 1


def test_without_javascript_the_form_is_taken_without_a_proof_of_work(app, client, result_url):
    confirmation(client, ask(client, result_url, pow=False))
    assert len(stored_requests(app)) == 1


# -- bad input: a clear message, nothing stored, the typing kept ------------------------------


BAD_INPUT = {
    "missing consent": ({**TYPED, "consent": ""}, "Please tick the box"),
    "malformed email": ({**TYPED, "email": "sita@@example"}, "does not look like an email"),
    "empty name": ({**TYPED, "name": "   "}, "Please enter your name"),
    "10,000-character message": ({**TYPED, "message": "x" * 10_000}, "at most 2000 characters"),
    "10,000 Nepali characters": ({**TYPED, "message": "क" * 10_000}, "at most 2000 characters"),
}


@pytest.mark.parametrize("typed, message", BAD_INPUT.values(), ids=BAD_INPUT.keys())
def test_bad_input_is_refused_with_a_message_and_the_typing_kept(
        app, client, result_url, typed, message):
    response = ask(client, result_url, typed)
    assert response.status_code == 422
    body = response.data.decode()
    assert message in body
    assert 'value="Himal Apps"' in body  # what was typed is back in the form
    assert (typed["message"][:50] in body) and 'value="Sita Sharma"' in body \
        or typed["name"].strip() == ""
    assert stored_requests(app) == [] and outbox_rows(app) == []


def test_a_forged_form_token_is_refused(app, client, result_url):
    form = filled(client.get(result_url).data)
    form["form_token"] = form["form_token"][:-3] + "AAA"
    response = client.post(f"{result_url}/consultation", data=form)
    assert response.status_code == 400 and b"could not be checked" in response.data
    assert b'value="Sita Sharma"' in response.data
    assert stored_requests(app) == []


def test_a_form_for_another_result_is_refused(app, client, result_url):
    other = finish_quiz(client, PYTHON_AI)
    form = filled(client.get(other).data)
    assert client.post(f"{result_url}/consultation", data=form).status_code == 400
    assert stored_requests(app) == []


def test_a_form_sent_faster_than_a_person_types_is_refused(app_config, app, client, result_url):
    app.config["CONSULTATION_NO_JS_MIN_SECONDS"] = 3600
    app.extensions.pop("advisor_consultation_checks", None)
    response = ask(client, result_url, pow=False)
    assert response.status_code == 422 and b"quicker than anyone" in response.data
    assert b'value="Sita Sharma"' in response.data
    assert stored_requests(app) == []


def test_a_form_rendered_too_long_ago_is_refused(app, client, result_url):
    form = filled(client.get(result_url).data)
    day_ago = time.time() - 25 * 3600
    form["form_token"] = FormTokens("test-secret-key", 0, 24 * 3600).make(
        public_id_of(result_url), day_ago)
    response = client.post(f"{result_url}/consultation", data=form)
    assert response.status_code == 422 and b"open too long ago" in response.data
    assert stored_requests(app) == []


def test_a_failed_proof_of_work_is_refused(app, client, result_url):
    form = filled(client.get(result_url).data)
    import base64
    import json
    payload = json.loads(base64.b64decode(form["altcha"]))
    payload["number"] += 1
    form["altcha"] = base64.b64encode(json.dumps(payload).encode()).decode()
    response = client.post(f"{result_url}/consultation", data=form)
    assert response.status_code == 400 and b"anti-spam check did not pass" in response.data
    assert b'value="Sita Sharma"' in response.data
    assert stored_requests(app) == []


def test_one_solved_challenge_cannot_carry_a_second_form(app, client, result_url):
    first = filled(client.get(result_url).data)
    second = filled(client.get(result_url).data)
    second["altcha"] = first["altcha"]
    assert client.post(f"{result_url}/consultation", data=first).status_code == 303
    replay = client.post(f"{result_url}/consultation", data=second)
    assert replay.status_code == 409 and b"sent already" in replay.data
    assert len(stored_requests(app)) == 1


def test_a_form_replayed_after_its_request_was_withdrawn_is_refused(app, client, result_url):
    form = filled(client.get(result_url).data)
    page = confirmation(client, client.post(f"{result_url}/consultation", data=form))
    client.post("/consultation/withdraw", data=withdraw_form(page.data))
    assert stored_requests(app) == []
    replay = client.post(f"{result_url}/consultation", data=form)
    assert replay.status_code == 409
    assert stored_requests(app) == []


def test_a_filled_honeypot_is_dropped_while_the_bot_sees_the_usual_success(
        app, client, result_url):
    form = filled(client.get(result_url).data)
    form["website"] = "https://spam.example"
    page = confirmation(client, client.post(f"{result_url}/consultation", data=form))
    assert b"data-withdraw" in page.data
    assert stored_requests(app) == [] and outbox_rows(app) == []
    assert tally(app, CONSULTATION, "all") == 0


def test_an_unknown_result_is_a_404(app, client, result_url):
    form = filled(client.get(result_url).data)
    assert client.post("/result/" + "x" * 22 + "/consultation", data=form).status_code == 404
    assert stored_requests(app) == []


def test_a_purged_result_is_a_404_and_the_typing_is_not_stored(app, client, result_url):
    form = filled(client.get(result_url).data)
    with app.app_context():
        import datetime as dt

        from advisor_web.storage import retention
        retention.purge(db.get_session(), dt.date.today() + dt.timedelta(days=2))
    assert client.post(f"{result_url}/consultation", data=form).status_code == 404
    assert stored_requests(app) == []


def test_the_address_limit_refuses_one_request_too_many_with_the_typing_kept(
        app_config, request):
    app_config.update(RATELIMIT_ENABLED=True, CONSULTATION_RATE_LIMIT="1 per hour")
    app, client = request.getfixturevalue("app"), request.getfixturevalue("client")
    url = finish_quiz(client, NODE_DELIVERY)
    assert ask(client, url).status_code == 303
    again = ask(client, url, {**TYPED, "name": "Ram"})
    assert again.status_code == 429 and b'value="Ram"' in again.data
    assert "Retry-After" in again.headers
    assert len(stored_requests(app)) == 1


# -- withdrawing -------------------------------------------------------------------------


def test_withdrawing_deletes_the_request_forgets_its_pending_event_and_announces_it(
        app, client, result_url):
    page = confirmation(client, ask(client, result_url))
    [request] = stored_requests(app)
    response = client.post("/consultation/withdraw", data=withdraw_form(page.data))
    assert response.status_code == 303
    assert b"data-withdrawn" in client.get(response.headers["Location"]).data
    assert stored_requests(app) == []
    [row] = outbox_rows(app)  # the pending request's row is gone; the withdrawal is queued
    assert row.event["type"] == "consultation.withdrawn"
    assert row.event["data"] == {"request_id": request.id}
    assert tally(app, CONSULTATION, "all") == 0
    assert tally(app, CONSULTATION, "verdict", "node") == 0


def test_withdrawing_twice_changes_nothing_more(app, client, result_url):
    page = confirmation(client, ask(client, result_url))
    form = withdraw_form(page.data)
    assert client.post("/consultation/withdraw", data=form).status_code == 303
    assert client.post("/consultation/withdraw", data=form).status_code == 303
    assert len(outbox_rows(app)) == 1


def test_a_forged_withdraw_link_is_refused(app, client, result_url):
    page = confirmation(client, ask(client, result_url))
    form = withdraw_form(page.data)
    forged = {**form, "token": form["token"][:-4] + "AAAA"}
    response = client.post("/consultation/withdraw", data=forged)
    assert response.status_code == 400 and b"withdraw link is not valid" in response.data
    assert len(stored_requests(app)) == 1
    assert client.get("/consultation/" + forged["token"]).status_code == 400


def test_withdrawing_needs_the_sites_csrf_token(app_config, app, client, result_url):
    app.config["WTF_CSRF_ENABLED"] = True
    page = confirmation(client, ask(client, result_url))
    form = {k: v for k, v in withdraw_form(page.data).items() if k != "csrf_token"}
    assert client.post("/consultation/withdraw", data=form).status_code == 400
    assert len(stored_requests(app)) == 1


def test_a_refused_form_keeps_the_consent_the_visitor_gave(client, result_url):
    body = ask(client, result_url, {**TYPED, "email": "sita@"}).data.decode()
    consent = body[body.index('name="consent"'):]
    assert consent[:consent.index(">")].count("checked") == 1


@pytest.mark.parametrize("prefix", ["", "/ne"], ids=["en", "ne"])
def test_the_form_and_the_withdraw_link_are_never_kept_in_shared_caches(
        client, result_url, prefix):
    assert client.get(prefix + result_url).headers["Cache-Control"] == "no-store"
    sent = ask(client, prefix + result_url)
    page = client.get(sent.headers["Location"])
    assert page.headers["Cache-Control"] == "no-store"


def test_two_clicks_at_the_same_moment_store_one_request(app_config, request):
    app_config["WTF_CSRF_ENABLED"] = False  # two browsers' worth of clients, one form
    app = request.getfixturevalue("app")
    url = finish_quiz(app.test_client(), NODE_DELIVERY)
    form = filled(app.test_client().get(url).data)
    start = threading.Barrier(2)
    answers = []

    def click():
        client = app.test_client()
        start.wait()
        answers.append(client.post(f"{url}/consultation", data=form))

    clicks = [threading.Thread(target=click) for _ in range(2)]
    for thread in clicks:
        thread.start()
    for thread in clicks:
        thread.join()
    assert [a.status_code for a in answers] == [303, 303]
    assert answers[0].headers["Location"] == answers[1].headers["Location"]
    assert len(stored_requests(app)) == 1 and len(outbox_rows(app)) == 1
    assert tally(app, CONSULTATION, "all") == 1
