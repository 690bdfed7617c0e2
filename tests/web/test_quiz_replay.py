"""Replaying stored answers under a candidate quiz: the same numbers as re-scoring each
result one by one, zero changes for the live file, clear errors for a broken file."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from advisor_web.quiz.funnel import PROJECT_QUESTION
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from advisor_web.quiz.scoring import InvalidAnswers, score
from tests.web.staff_support import create_staff, csrf_token, log_in
from tests.web.visitor_support import stored_results

LIVE = DEFAULT_QUIZ_FILE.read_text()
# Moving SaaS's lean from Node.js to Python changes some verdicts, and no id.
LEANING_PYTHON = LIVE.replace("lean = { node = 1.5 }", "lean = { python = 1.5 }", 1)
UNKNOWN_FACTOR = LIVE.replace("importance = { web_ecosystem = 1.0",
                              "importance = { web_ecosysterm = 1.0", 1)
# A candidate without the "fintech" choice cannot score the results that chose it.
WITHOUT_A_CHOICE = LIVE.replace('id = "fintech"', 'id = "fintech_renamed"', 1)


def write(tmp_path: Path, text: str, name: str = "candidate.toml") -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def replay_json(runner, path: str) -> dict:
    outcome = runner.invoke(args=["quiz", "replay", path, "--json"])
    assert outcome.exit_code == 0, outcome.output
    return json.loads(outcome.output)


def brute_force(app, candidate_text: str, tmp_path) -> dict:
    """Every stored result re-scored one by one with the full `score`."""
    candidate = load_quiz(write(tmp_path, candidate_text, "brute.toml"))
    changed, transitions, by_type, unscorable = 0, {}, {}, 0
    for stored in stored_results(app):
        try:
            verdict = score(candidate, stored.answers).verdict
        except InvalidAnswers:
            unscorable += 1
            continue
        if verdict != stored.verdict:
            changed += 1
            name = f"{stored.verdict}->{verdict}"
            transitions[name] = transitions.get(name, 0) + 1
            project = stored.answers[PROJECT_QUESTION]
            by_type[project] = by_type.get(project, 0) + 1
    return {"changed": changed, "transitions": transitions, "by_project_type": by_type,
            "unscorable": unscorable}


@pytest.mark.parametrize("candidate", [LEANING_PYTHON, WITHOUT_A_CHOICE])
def test_replay_matches_a_brute_force_rescore_of_2000_results(app, runner, tmp_path, candidate):
    assert runner.invoke(args=["demo-data", "--results", "2000", "--days", "20",
                               "--seed", "3"]).exit_code == 0
    report = replay_json(runner, write(tmp_path, candidate))
    expected = brute_force(app, candidate, tmp_path)
    assert report["results"] == 2000
    assert {key: report[key] for key in expected} == expected
    assert report["changed"] > 0 or report["unscorable"] > 0


def test_replaying_the_live_file_changes_nothing(runner):
    assert runner.invoke(args=["demo-data", "--results", "300", "--days", "5"]).exit_code == 0
    report = replay_json(runner, str(DEFAULT_QUIZ_FILE))
    assert (report["results"], report["changed"], report["transitions"]) == (300, 0, {})


def test_replay_with_no_stored_results_reports_zeros(runner, tmp_path):
    report = replay_json(runner, write(tmp_path, LEANING_PYTHON))
    assert (report["results"], report["changed"], report["transitions"],
            report["by_project_type"]) == (0, 0, {}, {})


def test_replay_reads_only_the_range_asked_for(runner, tmp_path):
    assert runner.invoke(args=["demo-data", "--results", "200", "--days", "5"]).exit_code == 0
    report = replay_json(runner, write(tmp_path, LEANING_PYTHON))
    outcome = runner.invoke(args=["quiz", "replay", write(tmp_path, LEANING_PYTHON), "--json",
                                  "--from", "2001-01-01", "--to", "2001-12-31"])
    assert report["results"] == 200
    assert json.loads(outcome.output)["results"] == 0


@pytest.mark.parametrize("text, named", [
    (UNKNOWN_FACTOR, "web_ecosysterm"),
    ("version = ", "invalid TOML"),
    (LIVE.replace("[verdicts.hybrid]", "[verdicts.hybridx]"), "hybrid"),
])
def test_quiz_check_names_the_problem_and_exits_non_zero(runner, tmp_path, text, named):
    outcome = runner.invoke(args=["quiz", "check", write(tmp_path, text)])
    assert outcome.exit_code != 0
    assert named in outcome.output
    replay = runner.invoke(args=["quiz", "replay", write(tmp_path, text)])
    assert replay.exit_code != 0 and named in replay.output


def test_quiz_check_accepts_the_live_file(runner):
    outcome = runner.invoke(args=["quiz", "check", str(DEFAULT_QUIZ_FILE)])
    assert outcome.exit_code == 0 and "valid" in outcome.output


# -- /staff/replay -------------------------------------------------------------------------


def upload(client, content: bytes, name: str = "candidate.toml"):
    token = csrf_token(client.get("/staff/replay").data)
    return client.post("/staff/replay", content_type="multipart/form-data",
                       data={"csrf_token": token, "quiz_file": (io.BytesIO(content), name)})


def test_staff_replay_shows_the_report_and_says_nothing_is_published(app, client, runner):
    runner.invoke(args=["demo-data", "--results", "500", "--days", "5", "--seed", "2"])
    create_staff(app)
    log_in(client)
    page = client.get("/staff/replay")
    assert b"go through the repository" in page.data
    response = upload(client, LEANING_PYTHON.encode())
    assert response.status_code == 200
    assert b'data-metric="replay-results">500<' in response.data
    assert b'data-replay-comparison="node-vs-python"' in response.data  # the file's slug
    assert b"Node.js \xe2\x86\x92 Python" in response.data
    assert b'href="/staff/replay"' in client.get("/staff/").data


def test_staff_replay_names_the_bad_id_and_runs_nothing(app, client):
    create_staff(app)
    log_in(client)
    response = upload(client, UNKNOWN_FACTOR.encode())
    assert response.status_code == 422
    assert b"web_ecosysterm" in response.data
    assert b"data-replay-report" not in response.data


def test_staff_replay_refuses_a_10_mb_upload(app, client):
    create_staff(app)
    log_in(client)
    token = csrf_token(client.get("/staff/replay").data)
    # The multipart body written out by hand: the test client's own encoder spools a body
    # this large to a temporary file it never closes when the request is refused.
    boundary = "replay-boundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
            f"{token}\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"quiz_file\"; "
            f"filename=\"big.toml\"\r\n\r\n").encode() + b"#" * 10_000_000 + \
        f"\r\n--{boundary}--\r\n".encode()
    response = client.post("/staff/replay", data=body,
                           content_type=f"multipart/form-data; boundary={boundary}")
    assert response.status_code == 413


def test_staff_replay_needs_a_login(client):
    assert client.get("/staff/replay").status_code == 302


# -- hostile uploads: one line, never a traceback or a 500 ---------------------------------

NESTED = b'version = "x"\ndeep = ' + b"[" * 20_000 + b"\n"
HUGE_WEIGHT = LIVE.replace("lean = { node = 1.5 }", "lean = { node = " + "9" * 4_000 + " }",
                           1).encode()
HUGER_WEIGHT = LIVE.replace("lean = { node = 1.5 }", "lean = { node = " + "9" * 5_000 + " }",
                            1).encode()


@pytest.mark.parametrize("text, named", [
    (NESTED, "nested too deeply"),
    (HUGE_WEIGHT, "saas: `lean.'node'` must be a number"),
    (HUGER_WEIGHT, "Exceeds the limit (4300 digits)"),
])
def test_quiz_check_answers_a_hostile_file_with_one_line(runner, tmp_path, text, named):
    path = tmp_path / "hostile.toml"
    path.write_bytes(text)
    outcome = runner.invoke(args=["quiz", "check", str(path)])
    assert outcome.exit_code == 1
    assert outcome.exception is None or isinstance(outcome.exception, SystemExit)
    assert "Traceback" not in outcome.output
    lines = outcome.output.strip().splitlines()
    assert len(lines) == 1 and named in lines[0] and str(path) in lines[0]


@pytest.mark.parametrize("text, named", [
    (NESTED, b"nested too deeply"),
    (HUGE_WEIGHT, b"must be a number from -1000 to 1000"),
    (HUGER_WEIGHT, b"Exceeds the limit (4300 digits)"),
])
def test_staff_replay_shows_a_hostile_files_problem_not_a_500(app, client, text, named):
    create_staff(app)
    log_in(client)
    response = upload(client, text)
    assert response.status_code == 422
    assert named in response.data
    assert b"data-replay-report" not in response.data


# -- flask quiz new ------------------------------------------------------------------------


def test_quiz_new_scaffolds_a_draft_that_quiz_check_accepts(runner, tmp_path):
    path = tmp_path / "tabs-vs-spaces.toml"
    outcome = runner.invoke(args=["quiz", "new", "tabs-vs-spaces", "--to", str(path)])
    assert outcome.exit_code == 0, outcome.output
    quiz = load_quiz(path)
    assert (quiz.slug, len(quiz.options), quiz.listed) == ("tabs-vs-spaces", 2, False)
    check = runner.invoke(args=["quiz", "check", str(path)])
    assert check.exit_code == 0 and "valid" in check.output


@pytest.mark.parametrize("slug, named", [("staff", "'staff' is reserved"),
                                         ("Bad Slug", "must be 2 to 40 of a-z")])
def test_quiz_new_refuses_a_bad_or_reserved_slug_and_writes_nothing(runner, tmp_path, slug,
                                                                    named):
    path = tmp_path / "new.toml"
    outcome = runner.invoke(args=["quiz", "new", slug, "--to", str(path)])
    assert outcome.exit_code == 1 and named in outcome.output
    assert not path.exists()


def test_quiz_new_never_overwrites_a_file(runner, tmp_path):
    path = tmp_path / "kept.toml"
    path.write_text("mine")
    outcome = runner.invoke(args=["quiz", "new", "kept", "--to", str(path)])
    assert outcome.exit_code == 1 and "exists already" in outcome.output
    assert path.read_text() == "mine"
