"""Issue 14: every kind of page passes the W3C Nu HTML checker (vnu.jar, from the npm package
`vnu-jar` that `make test-tools` puts under .venv/vnu) with 0 errors. htmx's `hx-*` attributes
are the only message filtered out. The pages are collected through the test client and
checked in one run of the checker."""

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from tests.support import quiz_runner
from tests.support.comparisons import draft_copy
from tests.web.consultation_support import QUICK, TYPED, filled, withdraw_form
from tests.web.staff_support import create_staff, log_in
from tests.web.visitor_support import (
    HYBRID_LARGE_TEAM,
    QUIZ,
    complete_quiz,
    csrf_token_in,
    reach,
    stored_results,
)

ROOT = Path(__file__).resolve().parents[2]
VNU_JAR = Path(os.environ.get(
    "VNU_JAR", ROOT / ".venv/vnu/node_modules/vnu-jar/build/dist/vnu.jar"))
# The only messages filtered out: htmx's attributes, which HTML does not define.
HTMX_ATTRIBUTES = r".*Attribute .hx-[a-z-]+. not allowed on element .*"

# The suite's fixture comparison as a draft, for the staff's preview pages.
FIXTURE = ROOT / "tests" / "fixtures" / "commute.toml"
DRAFT = load_quiz(FIXTURE)
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


def checker() -> list[str]:
    java = shutil.which("java")
    if java is None or not VNU_JAR.exists():
        reason = f"the Nu HTML checker needs java and {VNU_JAR} (`make test-tools`)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}: it may not be skipped in CI")
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR)]


def collect_pages(app, client) -> dict[str, bytes]:
    """One page of each kind, as a browser without JavaScript gets it."""
    pages = {"landing": client.get("/").data}
    for step in QUIZ.steps:
        pages[f"step-{step.id}"] = reach(client, step.id, HYBRID_LARGE_TEAM).data
    first = QUIZ.steps[0]
    page = reach(client, first.id, HYBRID_LARGE_TEAM)
    invalid = client.post(f"/quiz/{first.id}", data={"csrf_token": csrf_token_in(page.data),
                                                     "step": first.id})
    assert invalid.status_code == 422
    pages["step-with-errors"] = invalid.data
    assert complete_quiz(client, HYBRID_LARGE_TEAM).status_code == 303
    public_id = stored_results(app)[0].public_id
    pages["result"] = client.get(f"/result/{public_id}").data
    question = QUIZ.question("team_size")
    pages["what-if"] = client.get(
        f"/result/{public_id}/what-if/{question.id}/{question.choice_ids()[0]}").data
    refused = client.post(f"/result/{public_id}/consultation",
                          data={**filled(pages["result"], {**TYPED, "email": "sita@"}),
                                "csrf_token": csrf_token_in(pages["result"])})
    assert refused.status_code == 422
    pages["consultation-refused"] = refused.data
    sent = client.post(f"/result/{public_id}/consultation",
                       data={**filled(pages["result"]),
                             "csrf_token": csrf_token_in(pages["result"])})
    pages["consultation-sent"] = client.get(sent.headers["Location"]).data
    withdrawn = client.post("/consultation/withdraw",
                            data=withdraw_form(pages["consultation-sent"]))
    pages["consultation-withdrawn"] = client.get(withdrawn.headers["Location"]).data
    pages["privacy"] = client.get("/privacy").data
    again = client.get(f"/result/{public_id}").data  # a request the staff list will show
    assert client.post(f"/result/{public_id}/consultation",
                       data={**filled(again), "csrf_token": csrf_token_in(again)}
                       ).status_code == 303
    pages["error-404"] = client.get("/no-such-page").data
    bad = client.post(f"/quiz/{first.id}", data={"step": first.id})  # no CSRF token
    assert bad.status_code == 400
    pages["error-400"] = bad.data
    with app.test_client() as staff:
        pages["staff-login"] = staff.get("/staff/login").data
        create_staff(app)
        log_in(staff)
        dashboard = staff.get("/staff/")
        assert dashboard.status_code == 200
        pages["staff-dashboard"] = dashboard.data
        pages["staff-requests"] = staff.get("/staff/requests").data
        pages["staff-deliveries"] = staff.get("/staff/deliveries").data
        pages["staff-comparisons"] = staff.get("/staff/comparisons").data
        preview = f"/compare/{DRAFT.slug}"
        pages["preview-step"] = staff.get(f"{preview}/quiz").data
        last = quiz_runner.complete_quiz(staff, {"distance": "far", "fitness": "keen",
                                                 "weather": "rainy"}, prefix=preview, quiz=DRAFT)
        pages["preview-result"] = staff.get(last.headers["Location"]).data
        what_if = re.search(rb'href="(/compare/[^"]+/preview/what-if/[^"]+)"',
                            pages["preview-result"])
        pages["preview-what-if"] = staff.get(what_if.group(1).decode()).data
        assert all(b"data-preview" in pages[name]
                   for name in ("preview-step", "preview-result", "preview-what-if"))
    return pages


@pytest.fixture
def app_config(app_config, tmp_path):
    draft = draft_copy(tmp_path / "comparisons" / "draft.toml")
    return {**app_config, **QUICK, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(draft)]}


@sqlite_only
def test_every_kind_of_page_is_valid_html(app, client, tmp_path):
    command = checker()
    pages = collect_pages(app, client)
    for name, body in pages.items():
        assert body.lstrip().lower().startswith(b"<!doctype html>"), name
        (tmp_path / f"{name}.html").write_bytes(body)

    run = subprocess.run(
        [*command, "--errors-only", "--format", "json", "--filterpattern", HTMX_ATTRIBUTES,
         *sorted(str(path) for path in tmp_path.glob("*.html"))],
        capture_output=True, text=True, timeout=120, check=False,
    )
    messages = json.loads(run.stderr or '{"messages": []}')["messages"]
    errors = [f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']} "
              f"[{m.get('extract', '').strip()}]" for m in messages]
    assert errors == [], "\n".join(errors)
    assert run.returncode == 0, run.stderr[-2000:]
