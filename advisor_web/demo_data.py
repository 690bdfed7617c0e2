"""Synthetic visitors for demos and benchmarks, stored through the real storage path.

Answers follow skewed, plausible odds (most people build SaaS products and web APIs; the
kind of project shifts a few later answers) and respect the quiz's conditions. Every result
is scored by the real engine and stored with `results.store`, tallies included, together
with its funnel (started, each step reached and done) and with attempts abandoned part-way.
Some are finished in Nepali (when the comparison has Nepali), some in a frame on another site
(a source), and some get a vote (`votes.first_votes`), so that a staff member's first look at
the dashboard shows every panel. `flask demo-data` fills every listed comparison so.

Speed: visitors are drawn from a pool of sampled profiles, each scored once, so a million
results cost at most POOL_SIZE scorings; days are filled in order, so one transaction bumps
only one or two days' tallies.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from .quiz import funnel
from .quiz.content import Quiz, Step
from .quiz.flow import Draft, new_attempt_id
from .quiz.scoring import Outcome, score
from .storage import Session, results, tallies, votes
from .storage.retention import today

POOL_SIZE = 8_000
BATCH_SIZE = 2_000
# Attempts abandoned for each one completed (a completion rate of about 70 %).
ABANDONED_PER_COMPLETED = 0.45
# Where abandoned attempts stop, by the position of the step they leave at.
LEAVE_AT = (40, 24, 16, 11, 9, 5)
# The language a result is finished in, and where: the site, or a frame on another site
# (that share is split evenly between the embed sources).
LANGUAGE_ODDS = {"en": 78, "ne": 22}
SITE_SHARE = 0.75
# The share of results whose visitor votes on the advice, and how.
VOTED_SHARE = 0.18
HELPFUL_ODDS = {"yes": 72, "no": 28}
# What a voter builds with: mostly what they were told ("both" for a combined verdict), else
# any answer; some do not say (None).
TOLD_ODDS, UNDECIDED_ODDS, UNSAID_ODDS, OTHER_ODDS = 55, 15, 10, 5

# How often each answer is picked relative to the other choices of its question; a choice
# not listed gets 1.
ANSWER_ODDS: Mapping[str, Mapping[str, float]] = {
    "project_type": {"saas": 24, "marketplace": 10, "realtime": 9, "streaming": 3,
                     "fintech": 4, "ai_product": 14, "analytics": 7, "internal_tool": 9,
                     "science": 3, "edtech": 4, "mobile_api": 10, "microservices": 6},
    "realtime": {"core": 3, "some": 6, "none": 5},
    "ai_ml": {"core": 3, "some": 5, "none": 6},
    "data_processing": {"core": 2, "some": 6, "none": 5},
    "team_language": {"javascript": 10, "python": 9, "both": 5, "neither": 2},
    "team_experience": {"new": 3, "experienced": 7},
    "frontend": {"js_framework": 12, "server_rendered": 4, "mobile": 5, "none": 3},
    "crud_admin": {"yes": 4, "no": 6},
    "ship_speed": {"asap": 5, "normal": 6, "long_term": 3},
    "concurrency": {"low": 6, "high": 5, "massive": 1},
    "cost_sensitive": {"yes": 5, "no": 6},
    "team_size": {"solo": 3, "small": 6, "medium": 4, "large": 2},
}
# Answers that go together: an earlier answer replaces the odds of some later choices.
AFFINITY: Mapping[tuple[str, str], Mapping[str, Mapping[str, float]]] = {
    ("project_type", "realtime"): {"realtime": {"core": 12, "none": 1}},
    ("project_type", "streaming"): {"realtime": {"core": 6}, "concurrency": {"massive": 5}},
    ("project_type", "fintech"): {"concurrency": {"high": 8}},
    ("project_type", "ai_product"): {"ai_ml": {"core": 14, "none": 1},
                                     "data_processing": {"core": 5}},
    ("project_type", "analytics"): {"data_processing": {"core": 10, "none": 1}},
    ("project_type", "science"): {"data_processing": {"core": 12}, "team_language": {"python": 20}},
    ("project_type", "internal_tool"): {"crud_admin": {"yes": 12}, "concurrency": {"low": 12}},
    ("project_type", "edtech"): {"crud_admin": {"yes": 8}},
    ("project_type", "mobile_api"): {"frontend": {"mobile": 20}},
    ("project_type", "microservices"): {"concurrency": {"high": 8, "massive": 3}},
    ("team_language", "javascript"): {"frontend": {"js_framework": 20}},
    ("team_language", "python"): {"frontend": {"server_rendered": 8}},
}


@dataclass(frozen=True)
class Profile:
    """One sampled visitor: the outcome of their answers, and the steps they see."""

    outcome: Outcome
    steps: tuple[Step, ...]


def sample_answers(quiz: Quiz, rng: random.Random) -> dict[str, str]:
    """One plausible answer set: each asked question in order, odds shifted by affinities."""
    answers: dict[str, str] = {}
    for question in quiz.questions:
        if not quiz.is_asked(question.id, answers):
            continue
        odds = dict(ANSWER_ODDS.get(question.id, {}))
        for earlier in answers.items():
            odds.update(AFFINITY.get(earlier, {}).get(question.id, {}))
        ids = question.choice_ids()
        answers[question.id] = rng.choices(ids, [odds.get(c, 1) for c in ids])[0]
    return answers


def profiles(quiz: Quiz, rng: random.Random, size: int) -> list[Profile]:
    """`size` sampled visitors; answer sets that repeat are scored once."""
    scored: dict[tuple, Profile] = {}
    pool = []
    for _ in range(size):
        answers = sample_answers(quiz, rng)
        key = tuple(answers.items())
        if key not in scored:
            scored[key] = Profile(score(quiz, answers), quiz.active_steps(answers))
        pool.append(scored[key])
    return pool


def results_per_day(total: int, days: int, rng: random.Random) -> list[int]:
    """`total` split over the last `days` days, oldest first: slow growth, quieter weekends,
    some noise."""
    last = today()
    weights = []
    for index in range(days):
        day = last - dt.timedelta(days=days - 1 - index)
        weekend = 0.6 if day.weekday() >= 5 else 1.0
        weights.append((1 + index / max(days, 1)) * weekend * rng.uniform(0.85, 1.15))
    scale = total / sum(weights)
    counts = [math.floor(w * scale) for w in weights]
    # Largest remainders get the results the rounding down left over.
    by_remainder = sorted(range(days), key=lambda i: counts[i] - weights[i] * scale)
    for i in by_remainder[: total - sum(counts)]:
        counts[i] += 1
    return counts


def funnel_keys(day: dt.date, version: str, steps: tuple[Step, ...], done: int
                ) -> list[tallies.TallyKey]:
    """An attempt's funnel when it answered its first `done` steps (by the funnel's rules:
    an attempt that answered nothing was never counted)."""
    keys: list[tallies.TallyKey] = []
    draft = Draft(version, "")
    for index, step in enumerate(steps[:done]):
        following = steps[index + 1] if index + 1 < len(steps) else None
        added, draft = funnel.step_answered(draft, step, following, day)
        keys += added
    return keys


def pick(odds: Mapping, rng: random.Random):
    """One key of `odds`, drawn with its weight."""
    return rng.choices(list(odds), list(odds.values()))[0]


def where_taken(sources: tuple[str, ...], rng: random.Random) -> str:
    """The site, or one of the embed `sources` (labels), for one result."""
    if not sources or rng.random() < SITE_SHARE:
        return "site"
    return rng.choice(sources)


def ballot(quiz: Quiz, verdict: str, rng: random.Random) -> funnel.Vote | None:
    """A vote on a result with `verdict`, or None for most results (no vote)."""
    if rng.random() >= VOTED_SHARE:
        return None
    answers = funnel.building_with_answers(quiz)
    told = verdict if verdict in answers else "both"
    odds: dict[str | None, int] = dict.fromkeys(answers, OTHER_ODDS)
    odds.update({told: TOLD_ODDS, "undecided": UNDECIDED_ODDS, None: UNSAID_ODDS})
    return funnel.Vote(pick(HELPFUL_ODDS, rng), pick(odds, rng))


def finished_attempts(quiz: Quiz, counts: list[int], rng: random.Random,
                      sources: tuple[str, ...] = (), languages: tuple[str, ...] = ("en", "ne")
                      ) -> Iterator[results.Finished]:
    """The results to store, day by day, each carrying its funnel, its language (one of
    `languages`, those the comparison is served in) and where it was taken (the site, or
    one of the embed `sources`); the day's abandoned attempts ride with its last result, so
    they are counted in the same transaction."""
    odds = {lang: n for lang, n in LANGUAGE_ODDS.items() if lang in languages} or {"en": 1}
    pool = profiles(quiz, rng, min(POOL_SIZE, max(sum(counts), 1)))
    first_day = today() - dt.timedelta(days=len(counts) - 1)
    for index, count in enumerate(counts):
        day = first_day + dt.timedelta(days=index)
        abandoned: list[tallies.TallyKey] = []
        for profile in rng.choices(pool, k=round(count * ABANDONED_PER_COMPLETED)):
            leave_at = rng.choices(range(len(profile.steps)), LEAVE_AT[: len(profile.steps)])[0]
            abandoned += funnel_keys(day, quiz.version, profile.steps, leave_at)
        chosen = rng.choices(pool, k=count)
        for number, profile in enumerate(chosen, start=1):
            keys = funnel_keys(day, quiz.version, profile.steps, len(profile.steps))
            if number == count:
                keys += abandoned
            yield results.Finished(new_attempt_id(), profile.outcome, day, tuple(keys),
                                   source=where_taken(sources, rng),
                                   lang=pick(odds, rng))


def fill(session: Session, quiz: Quiz, total: int, days: int, seed: int | None = None,
         progress: Callable[[int, int, float], None] | None = None,
         sources: tuple[str, ...] = (), languages: tuple[str, ...] = ("en", "ne")) -> int:
    """Store `total` synthetic results of `quiz` (filed under its slug) over the last `days`
    days, finished in `languages` (those its comparison is served in), some taken in a frame
    on the sites labelled `sources`, some voted on; return how many were new."""
    rng = random.Random(seed)
    started = time.perf_counter()
    stored = 0
    batch: list[results.Finished] = []
    counts = results_per_day(total, days, rng)
    for finished in finished_attempts(quiz, counts, rng, sources, languages):
        batch.append(finished)
        if len(batch) == BATCH_SIZE:
            stored += _store(session, quiz, batch, rng)
            batch = []
            if progress:
                progress(stored, total, time.perf_counter() - started)
    stored += _store(session, quiz, batch, rng)
    if progress:
        progress(stored, total, time.perf_counter() - started)
    return stored


def _store(session: Session, quiz: Quiz, batch: list[results.Finished],
           rng: random.Random) -> int:
    """Store a batch of the quiz's results, then their visitors' votes."""
    stored = results.store(session, quiz.slug, batch)
    ballots = []
    for finished in batch:
        vote = ballot(quiz, finished.outcome.verdict, rng)
        if vote is not None:
            outcome = finished.outcome
            voted = funnel.Voted(finished.day, outcome.quiz_version, outcome.verdict,
                                 outcome.answers)
            ballots.append((finished.public_id, voted, vote))
    votes.first_votes(session, quiz.slug, ballots)
    return stored
