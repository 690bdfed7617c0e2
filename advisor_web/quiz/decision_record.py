"""The decision record: an outcome written up as a Markdown architecture decision record.

A tech lead who accepts the advice commits this file beside the code (``docs/adr/``). It takes
the common ADR shape (Nygard's sections, MADR's wording for the chosen option and its
consequences): a title, Status, Context (the answers), Decision (the verdict and how clear-cut
it is), Consequences (the factors for and against, the reasons, the answers that would change
the decision) and More information (the permalink and the quiz version).

Every word comes from the quiz or from `RecordTexts`, so a translated quiz and translated
texts give a translated record. What names the things compared (the subject, the opening
sentence, what a combined verdict costs) is the comparison's own content (`[record]`, a
combined verdict's `cost`); the phrases here hold only the record's shape.
Pure: no I/O, no Flask, no SQLAlchemy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

from babel.lists import format_list

from . import numerals
from .content import Quiz
from .scoring import FactorRow, Outcome
from .translation import N_


@dataclass(frozen=True)
class RecordTexts:
    """The record's fixed headings and phrases, English by default.

    Braced names are filled in by `decision_record`; a translation keeps the names and
    rewords the rest. The phrases are the catalog's message ids (`N_`): the web layer gives
    the record of a Nepali page these texts translated, with `locale` "ne" for its numbers.
    """

    locale: str = "en"  # how the numbers are written (quiz.numerals)
    # `{subject}`: the comparison's `[record] subject`, else its title.
    title: str = N_("{subject} — {verdict}")
    status_heading: str = N_("Status")
    status: str = N_("Proposed")
    context_heading: str = N_("Context")
    # Unless the comparison has its own opening sentence (`[record] context`).
    context_intro: str = N_("We answered the quiz “{title}”.")
    # One sentence per answer, built from the question's prompt and the chosen label.
    answer: str = N_("Asked “{prompt}”, we answered “{choice}”.")
    decision_heading: str = N_("Decision")
    decision: str = N_("Chosen option: **{verdict}**.")
    clear_cut: str = N_(
        "This is {margin_phrase}: for our answers {scores}, a margin of {margin_percent}%."
    )
    # One option's score in `{scores}`; the scores are joined as the locale lists things
    # (CLDR's list pattern: "a and b", "a, b, and c"; "a र b").
    score: str = N_("{option} scores {score}")
    # scoring.MARGIN_LABELS -> the phrase that completes "This is ...".
    margin_phrases: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {
                "clear-cut": N_("a clear-cut call"),
                "leaning": N_("a lean rather than a clear-cut call"),
                "close call": N_("a close call"),
            }
        )
    )
    consequences_heading: str = N_("Consequences")
    good: str = N_("Good")
    bad: str = N_("Bad")
    factor: str = N_(
        "{judgement}, because {factor} is of {importance} importance for us (weight {weight}), "
        "and {leader} rates {leader_stars}/5 there (“{leader_label}”) against {trailer_stars}/5 "
        "for {trailer} (“{trailer_label}”). {article}"
    )
    # scoring.IMPORTANCE_LABELS -> the word that completes "of ... importance".
    importance_words: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"Critical": N_("critical"), "High": N_("high"), "Moderate": N_("moderate"),
             "Low": N_("low")}
        )
    )
    # A combined verdict keeps each option's strengths; what it costs is running them all.
    # `{cost}` is the comparison's own words for it (its verdict's `cost`); without them,
    # `combined_cost_default` names the options.
    combined_cost: str = N_("{judgement}, because {cost}")
    combined_cost_default: str = N_(
        "{judgement}, because {options} all have to be run and kept up side by side."
    )
    reasons_heading: str = N_("The answers that weighed most")
    reason: str = N_("We answered “{choice}”. {why}")
    flips_heading: str = N_("What would change this decision")
    flip: str = N_("Answering “{choice}” to “{prompt}” would recommend {verdict} instead.")
    no_flips: str = N_("No single change to our answers would change this decision.")
    more_heading: str = N_("More information")
    permalink: str = N_("The quiz result this record was made from: <{permalink}>")
    quiz_version: str = N_("Quiz version: {version}.")


ENGLISH = RecordTexts()


def decision_record(
    quiz: Quiz, outcome: Outcome, permalink: str, texts: RecordTexts = ENGLISH
) -> str:
    """The outcome as a Markdown decision record; `permalink` is the result page's URL."""
    verdict = quiz.verdicts[outcome.verdict].title
    sections = [
        f"# {_md(texts.title.format(subject=quiz.record.subject or quiz.title, verdict=verdict))}",
        f"## {texts.status_heading}",
        _md(texts.status),
        f"## {texts.context_heading}",
        _context(quiz, outcome, texts),
        f"## {texts.decision_heading}",
        _decision(quiz, outcome, texts),
        f"## {texts.consequences_heading}",
        _consequences(quiz, outcome, texts),
        f"## {texts.more_heading}",
        texts.permalink.format(permalink=_autolink(permalink))
        + "\n\n"
        + _md(texts.quiz_version.format(version=outcome.quiz_version)),
    ]
    return "\n\n".join(sections) + "\n"


def decision_record_filename(outcome: Outcome) -> str:
    """A file name that sorts with other ADRs and says what was decided."""
    return f"adr-backend-{outcome.verdict}.md"


def _context(quiz: Quiz, outcome: Outcome, texts: RecordTexts) -> str:
    intro = quiz.record.context or texts.context_intro.format(title=quiz.title)
    lines = [_md(intro), ""]
    for question in quiz.questions:  # quiz order: the order the visitor answered in
        choice_id = outcome.answers.get(question.id)
        if choice_id is None:
            continue
        sentence = texts.answer.format(
            prompt=question.prompt, choice=question.choice(choice_id).label
        )
        lines.append(f"- {_md(sentence)}")
    return "\n".join(lines)


def _decision(quiz: Quiz, outcome: Outcome, texts: RecordTexts) -> str:
    verdict = quiz.verdicts[outcome.verdict]
    scores = [texts.score.format(option=quiz.verdicts[o].title,
                                 score=numerals.decimal(outcome.scores[o], texts.locale, "0.0"))
              for o in quiz.option_ids]
    clear_cut = texts.clear_cut.format(
        margin_phrase=texts.margin_phrases.get(outcome.margin_label, outcome.margin_label),
        scores=format_list(scores, locale=texts.locale),
        margin_percent=numerals.decimal(outcome.margin * 100, texts.locale, "0"),
    )
    decision = texts.decision.format(verdict=_md(verdict.title))
    return "\n\n".join([decision, _md(verdict.summary), _md(clear_cut)])


def _consequences(quiz: Quiz, outcome: Outcome, texts: RecordTexts) -> str:
    good, bad = [], []
    combined = next((c for c in quiz.combined if c.id == outcome.verdict), None)
    chosen = combined.options if combined is not None else (outcome.verdict,)
    for row in outcome.factors:  # most important first
        if not row.favours:
            continue  # the factor does not matter here, or rates the leaders the same
        # A combined verdict runs each of its options where it leads, so every factor one of
        # them leads is a gain.
        if row.favours in chosen:
            good.append(_factor(quiz, row, texts.good, texts))
        else:
            bad.append(_factor(quiz, row, texts.bad, texts))
    if combined is not None:
        bad.append(_md(_combined_cost(quiz, combined.id, combined.options, texts)))
    blocks = ["\n".join(f"- {line}" for line in good + bad)]

    reasons = [
        texts.reason.format(
            why=reason.text,
            choice=quiz.question(reason.question).choice(reason.choice).label,
        )
        for reason in outcome.reasons
    ]
    if reasons:
        blocks.append(f"### {texts.reasons_heading}")
        blocks.append("\n".join(f"{n}. {_md(line)}" for n, line in enumerate(reasons, 1)))

    blocks.append(f"### {texts.flips_heading}")
    if outcome.flips:
        flips = []
        for flip in outcome.flips:
            question = quiz.question(flip.question)
            sentence = texts.flip.format(
                choice=question.choice(flip.choice).label,
                prompt=question.prompt,
                verdict=quiz.verdicts[flip.verdict].title,
            )
            flips.append(f"- {_md(sentence)}")
        blocks.append("\n".join(flips))
    else:
        blocks.append(_md(texts.no_flips))
    return "\n\n".join(blocks)


def _combined_cost(quiz: Quiz, verdict: str, options: tuple[str, ...],
                   texts: RecordTexts) -> str:
    cost = quiz.verdicts[verdict].cost
    if cost:
        return texts.combined_cost.format(judgement=texts.bad, cost=cost)
    names = format_list([quiz.verdict_name(o) for o in options], locale=texts.locale)
    return texts.combined_cost_default.format(judgement=texts.bad, options=names)


def _factor(quiz: Quiz, row: FactorRow, judgement: str, texts: RecordTexts) -> str:
    """`row` in a sentence: its favoured option against the best rated of the others."""
    leader, stars, labels = row.favours, row.stars, row.labels
    trailer = max((o for o in stars if o != leader), key=stars.__getitem__)
    sentence = texts.factor.format(
        judgement=judgement,
        factor=row.name,
        importance=texts.importance_words.get(row.importance_label, row.importance_label),
        weight=numerals.decimal(row.importance, texts.locale, "0.0"),
        leader=quiz.verdicts[leader].title,
        leader_stars=numerals.decimal(stars[leader], texts.locale),
        leader_label=labels[leader],
        trailer=quiz.verdicts[trailer].title,
        trailer_stars=numerals.decimal(stars[trailer], texts.locale),
        trailer_label=labels[trailer],
        article=row.verdict,
    )
    return _md(sentence)


# Characters that would turn quiz text into emphasis, links, code or HTML. Quiz texts are
# plain prose; the record must show them as written, whatever a future label contains.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#|])")


def _md(text: str) -> str:
    """Plain text as Markdown that renders to the same text, on one line."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def _autolink(url: str) -> str:
    # An autolink ends at the first space or '>'; a permalink contains neither, but a
    # caller's bad URL must not break the record's Markdown.
    return re.sub(r"[\s<>]", "", url)
