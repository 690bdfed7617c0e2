"""The funnel's rules: which tallies an event adds, counted once per attempt.

Pure: events in, tally keys and the updated draft out. A tally key is
`(day, quiz version, kind, key, value)`; `tallies.add` writes them.

* A visitor *starts* when they first answer a step validly, not when a page is looked at:
  crawlers and `HEAD` requests never count, and a GET never writes.
* The step answered first is *reached* with that answer; a later step is reached when an
  answer sends the visitor to it. Each step is *done* when validly answered.
* A stored result adds `completed`, its verdict, each answer, its source with its verdict,
  and — on the ALL_TIME day — its project type with its verdict (what "you against others"
  reads: one indexed lookup, however many days or results there are).
* A visitor's vote on a result counts on the result's day and quiz version, so a date filter
  reads votes and results alike; a later vote on the same result moves its tallies
  (`vote_changes`: the earlier vote's keys at -1, the new one's at +1).
* It also counts the language of the step that finished it (the answers themselves are ids,
  the same in every language).
* A consultation request counts on the day it is asked, under its result's quiz version
  (`consultation_keys`); a withdrawn one is taken off again.
* Each event counts once per attempt: going back and answering again adds nothing. A change
  made after finishing begins a new attempt, which counts again from the step changed.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace

from .content import Quiz, Step
from .flow import Draft
from .translation import N_

# What a tally counts (the `kind` column).
STARTED = "started"
COMPLETED = "completed"
VERDICT = "verdict"
ANSWER = "answer"
STEP_REACHED = "step_reached"
STEP_DONE = "step_done"
LANG = "lang"  # key: the language of the step that finished the attempt ("en", "ne")
SOURCE = "source"  # key: where the quiz was taken ("site" or an embedding label), value: verdict
PROJECT_VERDICT = "project_verdict"  # key: the project type chosen, value: verdict (ALL_TIME)
HELPFUL = "helpful"  # key: "yes" or "no", value: the verdict voted on
HELPFUL_BY_TYPE = "helpful_type"  # key: the project type, value: "yes" or "no"
BUILDING_WITH = "building_with"  # key: what the visitor will build with, value: the verdict
# key: one of CONSULTATION_BY's dimensions (or "all"), value: the request's value for it
CONSULTATION = "consultation"

# The question whose answer makes the comparison group ("people building a SaaS product").
PROJECT_QUESTION = "project_type"
# The day of the all-time tallies: before any day a dashboard filter may name (2000 onwards),
# so no date range ever counts them twice.
ALL_TIME = dt.date(1970, 1, 1)

HELPFUL_ANSWERS = ("yes", "no")
# What a voter may say they will build with besides one of the quiz's options: its id (a
# tally's key) -> its words (English message ids: the vote form translates them, the staff
# dashboard shows them as they are). "both" is its id since the two-option quiz.
BUILDING_WITH_OTHERS = {"both": N_("Both"), "other": N_("Something else"),
                        "undecided": N_("Not decided yet")}


def building_with_answers(quiz: Quiz) -> tuple[str, ...]:
    """The ids "What will you build it with?" offers for `quiz`, in order: its options, then
    BUILDING_WITH_OTHERS. The one home of that list (the vote form, the dashboard)."""
    return quiz.option_ids + tuple(BUILDING_WITH_OTHERS)


def building_with_words(quiz: Quiz) -> dict[str, str]:
    """Each of building_with_answers(quiz) -> its words: an option's name, else the English
    message id of BUILDING_WITH_OTHERS."""
    return {**{option.id: option.name for option in quiz.options}, **BUILDING_WITH_OTHERS}

TallyKey = tuple[dt.date, str, str, str, str]  # day, quiz version, kind, key, value


def step_answered(draft: Draft, step: Step, following: Step | None,
                  day: dt.date) -> tuple[list[TallyKey], Draft]:
    """A step validly answered, leading to `following` (None: the last step). Returns the
    tallies to add and the draft that remembers them."""
    version = draft.quiz_version
    keys: list[TallyKey] = []
    reached, done = list(draft.reached), list(draft.done)
    if not reached:
        keys.append((day, version, STARTED, "", ""))
    for target, seen, kind in ((step, reached, STEP_REACHED), (step, done, STEP_DONE),
                               (following, reached, STEP_REACHED)):
        if target is not None and target.id not in seen:
            seen.append(target.id)
            keys.append((day, version, kind, target.id, ""))
    return keys, replace(draft, reached=tuple(reached), done=tuple(done))


def completion_keys(day: dt.date, quiz_version: str, verdict: str,
                    answers: Mapping[str, str], source: str = "site",
                    lang: str = "en") -> list[TallyKey]:
    """The tallies one stored result adds to; `lang` is the language it was finished in."""
    keys = [
        (day, quiz_version, COMPLETED, "", ""),
        (day, quiz_version, VERDICT, verdict, ""),
        (day, quiz_version, SOURCE, source, verdict),
        (day, quiz_version, LANG, lang, ""),
    ]
    keys += [(day, quiz_version, ANSWER, question, choice) for question, choice in answers.items()]
    if PROJECT_QUESTION in answers:
        keys.append((ALL_TIME, quiz_version, PROJECT_VERDICT, answers[PROJECT_QUESTION], verdict))
    return keys


# What a consultation request is counted by, besides in all: the dimensions the dashboard
# shows its rate per stored result for.
CONSULTATION_BY = ("verdict", PROJECT_QUESTION, "source", "lang")


def consultation_keys(day: dt.date, quiz_version: str, verdict: str,
                      answers: Mapping[str, str], source: str, lang: str) -> list[TallyKey]:
    """The tallies one consultation request adds to: on the day it was asked, under its
    result's quiz version, in all and by its result's verdict and project type, and by the
    request's source and language."""
    values = {"verdict": verdict, PROJECT_QUESTION: answers.get(PROJECT_QUESTION, ""),
              "source": source, "lang": lang}
    keys = [(day, quiz_version, CONSULTATION, "all", "")]
    keys += [(day, quiz_version, CONSULTATION, by, values[by]) for by in CONSULTATION_BY
             if values[by]]
    return keys


@dataclass(frozen=True)
class Vote:
    """A visitor's answer to "Was this helpful?", and what they will build with (or None)."""

    helpful: str  # one of HELPFUL_ANSWERS
    building_with: str | None = None  # one of building_with_answers(quiz)


@dataclass(frozen=True)
class Voted:
    """The stored result a vote is about, as its tallies need it."""

    day: dt.date
    quiz_version: str
    verdict: str
    answers: Mapping[str, str]


def vote_keys(result: Voted, vote: Vote) -> list[TallyKey]:
    """The tallies one vote adds to, on the result's day and quiz version."""
    day, version, verdict = result.day, result.quiz_version, result.verdict
    keys = [(day, version, HELPFUL, vote.helpful, verdict)]
    project = result.answers.get(PROJECT_QUESTION)
    if project:
        keys.append((day, version, HELPFUL_BY_TYPE, project, vote.helpful))
    if vote.building_with:
        keys.append((day, version, BUILDING_WITH, vote.building_with, verdict))
    return keys


def vote_changes(result: Voted, earlier: Vote | None, vote: Vote) -> Counter[TallyKey]:
    """What replacing `earlier` (None: the first vote) by `vote` adds to each tally: -1 for
    the earlier vote's keys, +1 for the new one's; keys both share are left out."""
    changes: Counter[TallyKey] = Counter(vote_keys(result, vote))
    if earlier is not None:
        changes.subtract(vote_keys(result, earlier))
    return Counter({key: n for key, n in changes.items() if n})
