"""The staff dashboard's content: a tallies summary put in the quiz's order and words.

Pure: a `tallies.Summary` and a `Quiz` in, frozen rows for the templates out. Counts for ids
the quiz no longer has (an older version's choice, a retired step) are kept, labelled by id.
The charts' geometry is worked out here too, in the units of each SVG's view box, so the
templates only print it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from ..quiz.content import Quiz
from ..quiz.funnel import (
    CONSULTATION_BY,
    PROJECT_QUESTION,
    building_with_answers,
    building_with_words,
)
from ..storage.tallies import Period, Summary

# The languages a result can be finished in, as staff read them (staff pages are English).
LANGUAGE_NAMES = (("en", "English"), ("ne", "Nepali"))

# A verdict's colour is its place in the quiz's verdict order (options, then combined ones):
# "tone-1" to "tone-<TONES>" in staff.css, whatever the ids; any further one stays grey.
TONES = 8

# A horizontal bar's view box is TRACK units wide: its rects' widths are percentages of it.
TRACK = 100.0
# The trend's view box: each period gets a SLOT-wide column, TREND_HEIGHT units tall. The
# started bar fills most of the slot; its results are stacked in a narrower bar inside it.
SLOT = 10
TREND_HEIGHT = 100.0
STARTED_INSET, STARTED_WIDTH = 1.0, 8.0
RESULTS_INSET, RESULTS_WIDTH = 2.5, 5.0


@dataclass(frozen=True)
class Segment:
    """One rect of a horizontal bar, drawn from `x` and `width` of the TRACK."""

    kind: str  # its class: what it counts, which sets its colour
    x: float
    width: float
    tone: str = ""  # a verdict's colour class by its place (tone()), beside its id


@dataclass(frozen=True)
class Rect:
    """One upright rect of the trend chart, in its view box (y grows downwards)."""

    kind: str
    x: float
    y: float
    width: float
    height: float
    tone: str = ""  # as Segment.tone


@dataclass(frozen=True)
class Bar:
    """One bar of a chart: `share` of the chart's total, `scale` of its longest bar."""

    id: str
    label: str
    count: int
    share: float
    scale: float
    known: bool = True  # False: the current quiz no longer has this id
    tone: str = ""  # a verdict's colour class (tone()), "" for anything else

    @property
    def segments(self) -> tuple[Segment, ...]:
        """An answer's bar: as long as its count against the chart's longest."""
        return (Segment("answer", 0.0, self.scale * TRACK),)


@dataclass(frozen=True)
class QuestionChart:
    id: str
    prompt: str
    total: int
    bars: tuple[Bar, ...]
    conditional: bool
    known: bool = True


@dataclass(frozen=True)
class FunnelRow:
    """A step of the funnel: attempts that saw it, answered it, and left there."""

    id: str
    title: str
    reached: int
    done: int
    left: int
    reached_scale: float  # of the first step's reached count: the funnel's width
    done_scale: float
    left_share: float  # of those who reached the step
    conditional: bool
    known: bool = True

    @property
    def segments(self) -> tuple[Segment, ...]:
        """The attempts that answered the step drawn over those that reached it."""
        return (Segment("reached", 0.0, self.reached_scale * TRACK),
                Segment("done", 0.0, self.done_scale * TRACK))


@dataclass(frozen=True)
class TrendBar:
    start: dt.date
    label: str
    started: int
    completed: int
    verdicts: tuple[tuple[str, int], ...]  # in the quiz's verdict order
    bar: Rect  # the attempts started, against the trend's peak
    results: tuple[Rect, ...]  # the results stored, stacked up by verdict; none for a zero

    @property
    def rects(self) -> tuple[Rect, ...]:
        """Back to front: the started bar, then the results drawn over it."""
        return (self.bar, *self.results)


@dataclass(frozen=True)
class RateRow:
    """Votes on the results of one verdict, project type or period: yes, no and the rate."""

    id: str
    label: str
    yes: int
    no: int
    known: bool = True

    @property
    def votes(self) -> int:
        return self.yes + self.no

    @property
    def rate(self) -> float | None:
        """The share of "yes" among the votes; None without votes."""
        return self.yes / self.votes if self.votes else None

    @property
    def segments(self) -> tuple[Segment, ...]:
        """The "yes" share of the track (nothing drawn without votes)."""
        return (Segment("yes", 0.0, (self.rate or 0.0) * TRACK),)


@dataclass(frozen=True)
class BuiltRow:
    """What voters said they will build with, against each verdict they were told."""

    id: str
    label: str
    told: tuple[int, ...]  # counts in the order of Dashboard.verdicts' known bars
    known: bool = True


@dataclass(frozen=True)
class Votes:
    """"Was this helpful?" over the range: totals, splits and the trend."""

    yes: int
    no: int
    by_verdict: tuple[RateRow, ...]
    by_project_type: tuple[RateRow, ...]
    built_vs_told: tuple[BuiltRow, ...]
    trend: tuple[RateRow, ...]  # one per trend period

    @property
    def rate(self) -> float | None:
        return self.yes / (self.yes + self.no) if self.yes + self.no else None


@dataclass(frozen=True)
class ConversionRow:
    """Consultation requests of one group (a verdict, a project type, ...) against the
    stored results of the same group."""

    id: str
    label: str
    requests: int
    results: int

    @property
    def rate(self) -> float | None:
        return self.requests / self.results if self.results else None


@dataclass(frozen=True)
class Consultations:
    """How often a result leads to a consultation request: in all, and by group."""

    count: int
    results: int
    groups: tuple[tuple[str, tuple[ConversionRow, ...]], ...]  # (what it is by, rows)

    @property
    def rate(self) -> float | None:
        return self.count / self.results if self.results else None


@dataclass(frozen=True)
class Dashboard:
    started: int
    completed: int
    completion_rate: float | None  # None before anyone started
    verdicts: tuple[Bar, ...]
    languages: tuple[Bar, ...]  # results by the language of the step that finished them
    questions: tuple[QuestionChart, ...]
    funnel: tuple[FunnelRow, ...]
    trend: tuple[TrendBar, ...]
    trend_peak: int  # the tallest trend bar, for the chart's scale
    period: str
    votes: Votes | None = None
    sources: tuple[Bar, ...] = ()  # results per source ("site", an embedding label, "other")
    source: str | None = None  # the source filter in force, if any
    consultations: Consultations | None = None

    @property
    def verdict_split(self) -> tuple[Segment, ...]:
        """The verdicts side by side across one track, each as wide as its share of results;
        verdicts with no result get no segment."""
        segments, x = [], 0.0
        for bar in self.verdicts:
            if bar.count:
                segments.append(Segment(bar.id, x, bar.share * TRACK, bar.tone))
                x += bar.share * TRACK
        return tuple(segments)

    @property
    def trend_width(self) -> int:
        """The trend's view box width: one slot per period."""
        return len(self.trend) * SLOT

    @property
    def trend_scale(self) -> tuple[int, int, int]:
        """The y axis's labels, top to bottom: the peak, half of it (rounded down), zero."""
        return (self.trend_peak, self.trend_peak // 2, 0)

    @property
    def trend_ticks(self) -> tuple[str, ...]:
        """The x axis's labels: the first period, the middle one and the last, each once."""
        if not self.trend:
            return ()
        last = len(self.trend) - 1
        picked = sorted({0, last // 2, last})
        return tuple(self.trend[i].label for i in picked)


def build(summary: Summary, quiz: Quiz, source: str | None = None) -> Dashboard:
    """The dashboard of `summary`; with `source`, the completed count and the verdicts are
    those of the results from that source alone (the other tallies do not record it)."""
    completed, verdicts = summary.completed, dict(summary.verdicts)
    if source is not None:
        verdicts = dict(summary.sources.get(source, {}))
        completed = sum(verdicts.values())
    verdict_bars = _verdicts(verdicts, quiz)
    return Dashboard(
        started=summary.started,
        completed=completed,
        completion_rate=summary.completed / summary.started if summary.started else None,
        verdicts=verdict_bars,
        languages=_bars(dict(summary.languages), list(LANGUAGE_NAMES)),
        questions=_questions(summary, quiz),
        funnel=_funnel(summary, quiz),
        trend=_trend(summary, quiz.verdict_ids),
        trend_peak=_trend_peak(summary),
        period=summary.period,
        votes=_votes(summary, quiz, verdict_bars),
        sources=_bars({name: sum(told.values()) for name, told in summary.sources.items()},
                      [("site", "This site")]),
        source=source,
        consultations=_consultations(summary, quiz),
    )


def _consultations(summary: Summary, quiz: Quiz) -> Consultations:
    """Requests per stored result, by verdict, project type, source, language and period,
    from the tallies alone (the requests themselves are never read here)."""
    asked = summary.consultations
    by = {dimension: dict(asked.get(dimension, {})) for dimension in CONSULTATION_BY}
    titles = {v: quiz.verdicts[v].title for v in quiz.verdicts}
    try:
        projects = {c.id: c.label for c in quiz.question(PROJECT_QUESTION).choices}
    except KeyError:
        projects = {}
    results = {
        "verdict": dict(summary.verdicts),
        PROJECT_QUESTION: dict(summary.answers.get(PROJECT_QUESTION, {})),
        "source": {name: sum(told.values()) for name, told in summary.sources.items()},
        "lang": dict(summary.languages),
    }
    labels = {"verdict": titles, PROJECT_QUESTION: projects, "source": {"site": "This site"},
              "lang": dict(LANGUAGE_NAMES)}
    headings = {"verdict": "By verdict", PROJECT_QUESTION: "By project type",
                "source": "By source", "lang": "By language"}
    groups = []
    for dimension in CONSULTATION_BY:
        ids = list(labels[dimension]) + sorted(
            (set(by[dimension]) | set(results[dimension])) - set(labels[dimension]))
        rows = tuple(ConversionRow(i, labels[dimension].get(i, i), by[dimension].get(i, 0),
                                   results[dimension].get(i, 0))
                     for i in ids if by[dimension].get(i) or results[dimension].get(i))
        groups.append((headings[dimension], rows))
    periods = tuple(ConversionRow(p.start.isoformat(), period_label(p.start, summary.period),
                                  p.consultations, p.completed)
                    for p in summary.trend if p.consultations or p.completed)
    groups.append((f"By {summary.period}", periods))
    count = sum(asked.get("all", {}).values())
    return Consultations(count, summary.completed, tuple(groups))


def _votes(summary: Summary, quiz: Quiz, verdicts: tuple[Bar, ...]) -> Votes:
    helpful = summary.helpful
    said = {answer: sum(helpful.get(answer, {}).values()) for answer in ("yes", "no")}
    known = [bar for bar in verdicts if bar.known]
    by_verdict = tuple(
        RateRow(bar.id, bar.label, helpful.get("yes", {}).get(bar.id, 0),
                helpful.get("no", {}).get(bar.id, 0), bar.known)
        for bar in _verdicts({v: 1 for told in helpful.values() for v in told}, quiz))
    try:
        projects = [(c.id, c.label) for c in quiz.question(PROJECT_QUESTION).choices]
    except KeyError:
        projects = []
    by_type = summary.helpful_by_type
    labels = dict(projects)
    by_project = tuple(
        RateRow(p, labels.get(p, p), by_type.get(p, {}).get("yes", 0),
                by_type.get(p, {}).get("no", 0), p in labels)
        for p in [p for p, _ in projects] + sorted(set(by_type) - set(labels)))
    built = summary.building_with
    answers = building_with_answers(quiz)
    names = building_with_words(quiz)
    built_rows = tuple(
        BuiltRow(b, names.get(b, b), tuple(built.get(b, {}).get(bar.id, 0) for bar in known),
                 b in names)
        for b in list(answers) + sorted(set(built) - set(answers)))
    trend = tuple(
        RateRow(period.start.isoformat(), period_label(period.start, summary.period),
                period.votes.get("yes", 0), period.votes.get("no", 0))
        for period in summary.trend)
    return Votes(said["yes"], said["no"], by_verdict, by_project, built_rows, trend)


def _bars(counts: dict[str, int], known: list[tuple[str, str]]) -> tuple[Bar, ...]:
    """Bars for `known` (id, label) in their order, then any other counted ids."""
    labelled = dict(known)
    ids = [i for i, _ in known] + sorted(set(counts) - set(labelled))
    total = sum(counts.values())
    longest = max(counts.values(), default=0)
    return tuple(
        Bar(
            id=i,
            label=labelled.get(i, i),
            count=counts.get(i, 0),
            share=counts.get(i, 0) / total if total else 0.0,
            scale=counts.get(i, 0) / longest if longest else 0.0,
            known=i in labelled,
        )
        for i in ids
    )


def tone(order: tuple[str, ...], verdict: str) -> str:
    """The colour class of `verdict` by its place in `order` ("" past TONES, or unknown)."""
    place = order.index(verdict) + 1 if verdict in order else 0
    return f"tone-{place}" if 0 < place <= TONES else ""


def _verdicts(counts: dict[str, int], quiz: Quiz) -> tuple[Bar, ...]:
    # The quiz's order: its options, then its combined verdicts (Quiz.verdict_ids).
    known = [(v, quiz.verdicts[v].title) for v in quiz.verdict_ids]
    return tuple(replace(bar, tone=tone(quiz.verdict_ids, bar.id))
                 for bar in _bars(counts, known))


def _questions(summary: Summary, quiz: Quiz) -> tuple[QuestionChart, ...]:
    charts = []
    for question in quiz.questions:
        counts = dict(summary.answers.get(question.id, {}))
        bars = _bars(counts, [(c.id, c.label) for c in question.choices])
        charts.append(QuestionChart(question.id, question.prompt, sum(counts.values()), bars,
                                    conditional=question.condition is not None))
    asked = {q.id for q in quiz.questions}
    for question_id in sorted(set(summary.answers) - asked):
        counts = dict(summary.answers[question_id])
        charts.append(QuestionChart(question_id, question_id, sum(counts.values()),
                                    _bars(counts, []), conditional=False, known=False))
    return tuple(charts)


def _funnel(summary: Summary, quiz: Quiz) -> tuple[FunnelRow, ...]:
    conditional = {
        step.id for step in quiz.steps
        if all(quiz.question(q).condition is not None for q in step.question_ids)
    }
    titles = {step.id: step.title for step in quiz.steps}
    counted = set(summary.reached) | set(summary.done)
    ids = [step.id for step in quiz.steps] + sorted(counted - set(titles))
    widest = max(summary.reached.values(), default=0)
    rows = []
    for step_id in ids:
        reached = summary.reached.get(step_id, 0)
        done = summary.done.get(step_id, 0)
        rows.append(FunnelRow(
            id=step_id,
            title=titles.get(step_id, step_id),
            reached=reached,
            done=done,
            # Counts are per day: an attempt that spans midnight may finish a step "before"
            # reaching it within a narrow range, so never show a negative.
            left=max(reached - done, 0),
            reached_scale=reached / widest if widest else 0.0,
            done_scale=min(done, reached) / widest if widest else 0.0,
            left_share=max(reached - done, 0) / reached if reached else 0.0,
            conditional=step_id in conditional,
            known=step_id in titles,
        ))
    return tuple(rows)


def _trend_peak(summary: Summary) -> int:
    return max((max(p.started, p.completed) for p in summary.trend), default=0)


def _trend(summary: Summary, order: tuple[str, ...]) -> tuple[TrendBar, ...]:
    # An empty range still gets a scale, so that every bar is simply zero high.
    peak = _trend_peak(summary) or 1
    return tuple(_trend_bar(period, summary.period, index * SLOT, peak, order)
                 for index, period in enumerate(summary.trend))


def _trend_bar(period: Period, length: str, x: float, peak: int,
               order: tuple[str, ...]) -> TrendBar:
    """A period's bar in the slot at `x`, scaled so that `peak` fills the chart's height."""
    verdicts = tuple((v, period.verdicts.get(v, 0)) for v in order)
    height = period.started / peak * TREND_HEIGHT
    bar = Rect("started", x + STARTED_INSET, TREND_HEIGHT - height, STARTED_WIDTH, height)
    results, top = [], TREND_HEIGHT
    for verdict, count in verdicts:
        if count:
            part = count / peak * TREND_HEIGHT
            results.append(Rect(verdict, x + RESULTS_INSET, top - part, RESULTS_WIDTH, part,
                                tone(order, verdict)))
            top -= part
    return TrendBar(
        start=period.start,
        label=period_label(period.start, length),
        started=period.started,
        completed=period.completed,
        verdicts=verdicts,
        bar=bar,
        results=tuple(results),
    )


def period_label(start: dt.date, length: str) -> str:
    if length == "month":
        return start.strftime("%b %Y")
    if length == "week":
        return f"Week of {start.day} {start:%b %Y}"
    return f"{start:%a} {start.day} {start:%b %Y}"


def transition_bars(transitions: dict[str, int], quiz: Quiz) -> tuple[Bar, ...]:
    """A replay's transitions ("node->python": results) as bars, labelled in words."""
    def words(name: str) -> str:
        before, _, after = name.partition("->")
        title = {v: quiz.verdicts[v].title for v in quiz.verdicts}
        return f"{title.get(before, before)} → {title.get(after, after)}"
    return _bars(transitions, [(name, words(name)) for name in transitions])
