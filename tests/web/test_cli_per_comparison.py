"""The command line per comparison: `flask score --quiz SLUG`, `flask demo-data` filling every
listed comparison (in the languages each is served in), `flask quiz replay` of a file against
its own comparison's stored results (or `--quiz`'s), and `flask quiz check` of a file with its
translations. The suite's three-option fixture is the second comparison; a copy marked
`listed = false` is a draft."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from advisor_web import db
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE, load_quiz
from advisor_web.quiz.scoring import outcome_to_dict, score
from advisor_web.storage import tallies
from advisor_web.storage.models import StoredResult, Tally
from tests.support.comparisons import draft_copy

FIXTURE = Path(__file__).parents[1] / "fixtures" / "commute.toml"
COMMUTE = load_quiz(FIXTURE)
SLUG = COMMUTE.slug
DRAFT_SLUG = "bus-or-tram"


@pytest.fixture
def app_config(app_config, tmp_path):
    draft = draft_copy(tmp_path / "draft.toml", slug=DRAFT_SLUG)
    return {**app_config, "QUIZ_FILES": [str(DEFAULT_QUIZ_FILE), str(FIXTURE), str(draft)],
            "EMBED_SOURCES": ["blog"]}


def test_score_takes_the_comparison_by_its_slug(runner):
    answers = {"distance": "far", "fitness": "keen", "weather": "rainy"}
    result = runner.invoke(args=["score", "--quiz", SLUG, "--answers", json.dumps(answers)])
    assert result.exit_code == 0, result.output
    outcome = json.loads(result.stdout)
    assert outcome == outcome_to_dict(score(COMMUTE, answers))
    assert outcome["verdict"] == "bike_and_bus" and set(outcome["scores"]) == {
        "bus", "bike", "walk"}


def test_score_refuses_an_unknown_slug_naming_the_allowed_ones(runner):
    result = runner.invoke(args=["score", "--quiz", "nope", "--answers", "{}"])
    assert result.exit_code == 2
    assert "no comparison has the slug 'nope'" in result.output
    assert f"node-vs-python, {SLUG}, {DRAFT_SLUG}" in result.output


def test_demo_data_fills_every_listed_comparison_in_its_own_languages(app, runner):
    result = runner.invoke(args=["demo-data", "--results", "200", "--days", "4", "--seed", "8"])
    assert result.exit_code == 0, result.output
    assert "done: 200 results over 4 days for node-vs-python" in result.output
    assert f"done: 200 results over 4 days for {SLUG}" in result.output

    with app.app_context():
        session = db.get_session()
        per_comparison = dict(session.execute(
            select(StoredResult.comparison, func.count()).group_by(StoredResult.comparison))
            .all())
        assert per_comparison == {"node-vs-python": 200, SLUG: 200}  # the draft: none
        stored = session.scalars(select(StoredResult)
                                 .where(StoredResult.comparison == SLUG)).all()
        for row in stored:
            outcome = score(COMMUTE, row.answers)
            assert (row.verdict, row.scores) == (outcome.verdict, outcome.scores)
        assert {r.source for r in stored} == {"site", "blog"}
        assert 0 < sum(r.helpful is not None for r in stored) < len(stored)

        def languages(comparison):
            return dict(session.execute(
                select(Tally.key, func.sum(Tally.count))
                .where(Tally.kind == tallies.LANG, Tally.comparison == comparison)
                .group_by(Tally.key)).all())

        # The fixture has no Nepali file: all its results are in English.
        assert languages(SLUG) == {"en": 200}
        default = languages("node-vs-python")
        assert default["ne"] > 0 and default["en"] > 0
        assert Counter(r.verdict for r in stored).keys() <= set(COMMUTE.verdict_ids)


def write_candidate(tmp_path, text, name="candidate.toml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_replay_reads_the_candidates_own_comparison(app, runner, tmp_path):
    runner.invoke(args=["demo-data", "--results", "150", "--days", "3", "--seed", "9"])
    # A changed version of the fixture comparison: walking is cheaper than ever.
    walking = FIXTURE.read_text(encoding="utf-8").replace(
        'version = "fixture.1"', 'version = "fixture.2"').replace(
        "stars = { bus = 3, bike = 4, walk = 5 }", "stars = { bus = 1, bike = 1, walk = 5 }")
    path = write_candidate(tmp_path, walking)
    outcome = runner.invoke(args=["quiz", "replay", path, "--json"])
    assert outcome.exit_code == 0, outcome.output
    report = json.loads(outcome.output)

    candidate = load_quiz(path)
    with app.app_context():
        stored = db.get_session().scalars(
            select(StoredResult).where(StoredResult.comparison == SLUG)).all()
    changed = Counter(f"{r.verdict}->{score(candidate, r.answers).verdict}" for r in stored
                      if score(candidate, r.answers).verdict != r.verdict)
    assert report["results"] == 150  # its own results, not the Node.js vs Python ones
    assert report["changed"] == sum(changed.values()) > 0
    assert report["transitions"] == dict(changed)
    text = runner.invoke(args=["quiz", "replay", path]).output
    assert text.startswith(f"150 results of comparison {SLUG!r} replayed in")


def test_replay_against_another_comparisons_results_with_quiz(runner, tmp_path):
    runner.invoke(args=["demo-data", "--results", "60", "--days", "2", "--seed", "3"])
    renamed = FIXTURE.read_text(encoding="utf-8").replace(f'slug = "{SLUG}"',
                                                          'slug = "commute-renamed"')
    path = write_candidate(tmp_path, renamed)
    alone = json.loads(runner.invoke(args=["quiz", "replay", path, "--json"]).output)
    assert alone["results"] == 0  # no result was ever stored under the new slug
    against = runner.invoke(args=["quiz", "replay", path, "--quiz", SLUG, "--json"])
    assert against.exit_code == 0, against.output
    assert json.loads(against.output)["results"] > 0
    unknown = runner.invoke(args=["quiz", "replay", path, "--quiz", "nope"])
    assert unknown.exit_code == 2 and "no comparison has the slug 'nope'" in unknown.output


def test_quiz_check_checks_the_translation_beside_the_file(runner, tmp_path):
    quiz = tmp_path / "backend.toml"
    quiz.write_text(DEFAULT_QUIZ_FILE.read_text(encoding="utf-8"), encoding="utf-8")
    nepali = DEFAULT_QUIZ_FILE.with_name("backend.ne.toml").read_text(encoding="utf-8")
    (tmp_path / "backend.ne.toml").write_text(nepali, encoding="utf-8")
    good = runner.invoke(args=["quiz", "check", str(quiz)])
    assert good.exit_code == 0, good.output
    assert "'node-vs-python'" in good.output and "languages en, ne" in good.output

    (tmp_path / "backend.ne.toml").write_text(
        nepali.replace('version = "', 'version = "9', 1), encoding="utf-8")
    bad = runner.invoke(args=["quiz", "check", str(quiz)])
    assert bad.exit_code == 1
    assert "backend.ne.toml" in bad.output and "version" in bad.output
