"""`flask demo-data`: synthetic results through the real storage path, tallies included."""

import datetime as dt
import random
from collections import Counter

from sqlalchemy import func, select

from advisor_web import db, demo_data
from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import score
from advisor_web.storage import tallies
from advisor_web.storage.models import StoredResult, Tally

QUIZ = default_quiz()


def tally_counts(session, kind):
    rows = session.execute(select(Tally.key, Tally.value, func.sum(Tally.count))
                           .where(Tally.kind == kind).group_by(Tally.key, Tally.value))
    return {(key, value): count for key, value, count in rows}


def test_demo_data_stores_n_results_whose_tallies_agree(app, runner):
    result = runner.invoke(args=["demo-data", "--results", "300", "--days", "10", "--seed", "3"])
    assert result.exit_code == 0, result.output
    assert "300 results over 10 days" in result.output

    with app.app_context():
        session = db.get_session()
        stored = session.scalars(select(StoredResult)).all()
        assert len(stored) == 300
        assert tally_counts(session, tallies.COMPLETED) == {("", ""): 300}
        verdicts = Counter(r.verdict for r in stored)
        assert tally_counts(session, tallies.VERDICT) == {(v, ""): n for v, n in verdicts.items()}
        answers = Counter((q, c) for r in stored for q, c in r.answers.items())
        assert tally_counts(session, tallies.ANSWER) == dict(answers)

        today = dt.datetime.now(dt.UTC).date()
        assert {r.created_on for r in stored} <= {today - dt.timedelta(days=d) for d in range(10)}
        started = tally_counts(session, tallies.STARTED)[("", "")]
        reached = tally_counts(session, tallies.STEP_REACHED)
        done = tally_counts(session, tallies.STEP_DONE)
        assert started > 300  # some attempts were abandoned
        assert reached[("project", "")] == started
        assert all(reached[key] >= done.get(key, 0) for key in reached)


def test_demo_data_fills_the_votes_languages_and_sources_panels(app, runner):
    """A staff member's first look shows no empty panel: some results are voted on, some
    finished in Nepali, some taken in a frame (an embed source), each with its tallies."""
    app.config["EMBED_SOURCES"] = ["blog", "partner"]
    result = runner.invoke(args=["demo-data", "--results", "400", "--days", "5", "--seed", "4"])
    assert result.exit_code == 0, result.output

    with app.app_context():
        session = db.get_session()
        stored = session.scalars(select(StoredResult)).all()
        voted = [r for r in stored if r.helpful is not None]
        assert 0 < len(voted) < len(stored)
        assert {r.helpful for r in voted} == {"yes", "no"}
        assert tally_counts(session, tallies.HELPFUL) == dict(
            Counter((r.helpful, r.verdict) for r in voted))
        assert tally_counts(session, tallies.BUILDING_WITH) == dict(
            Counter((r.building_with, r.verdict) for r in voted if r.building_with))

        languages = tally_counts(session, tallies.LANG)
        assert languages[("ne", "")] > 0 and languages[("en", "")] > 0
        assert sum(languages.values()) == len(stored)

        sources = Counter(r.source for r in stored)
        assert set(sources) == {"site", "blog", "partner"}
        assert sources["site"] > sources["blog"] > 0
        assert tally_counts(session, tallies.SOURCE) == dict(
            Counter((r.source, r.verdict) for r in stored))


def test_without_embed_sources_framed_demo_results_count_as_other(app, runner):
    runner.invoke(args=["demo-data", "--results", "100", "--days", "2", "--seed", "6"])
    with app.app_context():
        sources = set(db.get_session().scalars(select(StoredResult.source)))
    assert sources == {"site", "other"}


def test_demo_results_are_scored_by_the_engine(app, runner):
    runner.invoke(args=["demo-data", "--results", "50", "--days", "3", "--seed", "1"])
    with app.app_context():
        for stored in db.get_session().scalars(select(StoredResult)):
            outcome = score(QUIZ, stored.answers)
            assert (stored.verdict, stored.scores) == (outcome.verdict, outcome.scores)


def test_sampled_answers_respect_the_quiz_conditions():
    rng = random.Random(7)
    for _ in range(500):
        answers = demo_data.sample_answers(QUIZ, rng)
        asked = {q.id for q in QUIZ.questions if QUIZ.is_asked(q.id, answers)}
        assert set(answers) == asked
        score(QUIZ, answers)  # complete and valid


def test_results_are_spread_over_the_days_and_add_up():
    counts = demo_data.results_per_day(1000, 30, random.Random(1))
    assert len(counts) == 30
    assert sum(counts) == 1000
    assert min(counts) > 0


def test_the_same_seed_gives_the_same_answers(app, runner):
    def verdicts():
        with app.app_context():
            session = db.get_session()
            return sorted(session.scalars(select(StoredResult.verdict)))

    runner.invoke(args=["demo-data", "--results", "40", "--days", "2", "--seed", "5"])
    first = verdicts()
    runner.invoke(args=["demo-data", "--results", "40", "--days", "2", "--seed", "5"])
    assert verdicts() == sorted(first * 2)


def test_bad_arguments_are_refused(runner):
    result = runner.invoke(args=["demo-data", "--results", "0"])
    assert result.exit_code != 0


def _stored(app) -> int:
    with app.app_context():
        return db.get_session().scalar(select(func.count()).select_from(StoredResult))


def test_demo_data_refuses_a_production_database_without_force(app, runner):
    """Issue 11.13: synthetic rows in production could never be told apart from real ones."""
    app.config["ADVISOR_ENV"] = "production"
    refused = runner.invoke(args=["demo-data", "--results", "5", "--days", "1"])
    assert refused.exit_code != 0
    assert "ADVISOR_ENV is production" in refused.output and "--force" in refused.output
    assert _stored(app) == 0

    forced = runner.invoke(args=["demo-data", "--results", "5", "--days", "1", "--force"])
    assert forced.exit_code == 0, forced.output
    assert _stored(app) == 5
