"""The funnel's rules: which tallies an event adds, counted once per attempt.

Pure: events in, tally keys and the updated draft out. A tally key is
`(day, quiz version, kind, key, value)`; `tallies.add` writes them.

* A visitor *starts* when they first answer a step validly, not when a page is looked at:
  crawlers and `HEAD` requests never count, and a GET never writes.
* The step answered first is *reached* with that answer; a later step is reached when an
  answer sends the visitor to it. Each step is *done* when validly answered.
* A stored result adds `completed`, its verdict, each answer, and the language of the step
  that finished it (the answers themselves are ids, the same in every language).
* Each event counts once per attempt: going back and answering again adds nothing. A change
  made after finishing begins a new attempt, which counts again from the step changed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

from .content import Step
from .flow import Draft

# What a tally counts (the `kind` column).
STARTED = "started"
COMPLETED = "completed"
VERDICT = "verdict"
ANSWER = "answer"
STEP_REACHED = "step_reached"
STEP_DONE = "step_done"
LANG = "lang"  # key: the language of the step that finished the attempt ("en", "ne")

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
                    answers: Mapping[str, str], lang: str = "en") -> list[TallyKey]:
    """The tallies one stored result adds to; `lang` is the language it was finished in."""
    keys = [
        (day, quiz_version, COMPLETED, "", ""),
        (day, quiz_version, VERDICT, verdict, ""),
        (day, quiz_version, LANG, lang, ""),
    ]
    keys += [(day, quiz_version, ANSWER, question, choice) for question, choice in answers.items()]
    return keys
