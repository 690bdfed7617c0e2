"""The dashboard's chart geometry, with no app: bars, segments and the trend, in view-box units."""

from __future__ import annotations

import datetime as dt

import pytest

from advisor_web.quiz.loader import default_quiz
from advisor_web.staff.dashboard import SLOT, TRACK, TREND_HEIGHT, build
from advisor_web.storage.tallies import Period, Summary

QUIZ = default_quiz()
MONDAY = dt.date(2026, 3, 2)
QUESTION = QUIZ.questions[0]
STEPS = [step.id for step in QUIZ.steps]


def period(offset: int, started: int = 0, **verdicts: int) -> Period:
    return Period(MONDAY + dt.timedelta(days=offset), started, sum(verdicts.values()), verdicts)


def board(verdicts=None, answers=None, reached=None, done=None, trend=None):
    verdicts = verdicts or {}
    trend = trend if trend is not None else (period(0),)
    return build(Summary(
        started=sum(p.started for p in trend),
        completed=sum(verdicts.values()),
        verdicts=verdicts,
        answers={QUESTION.id: answers} if answers else {},
        reached=reached or {},
        done=done or {},
        trend=tuple(trend),
        period="day",
    ), QUIZ)


def test_verdict_segments_tile_the_track_in_verdict_order():
    split = board({"hybrid": 1, "node": 3, "python": 4}).verdict_split
    assert [s.kind for s in split] == ["node", "python", "hybrid"]
    assert [s.width for s in split] == pytest.approx([TRACK * 3 / 8, TRACK * 4 / 8, TRACK / 8])
    assert split[0].x == 0
    assert [s.x for s in split[1:]] == pytest.approx([a.x + a.width for a in split[:-1]])
    assert sum(s.width for s in split) == pytest.approx(TRACK)


def test_a_verdict_with_no_result_leaves_no_gap_in_the_split():
    split = board({"node": 2, "hybrid": 6}).verdict_split
    assert [(s.kind, s.x, s.width) for s in split] == [
        ("node", 0, pytest.approx(25)), ("hybrid", pytest.approx(25), pytest.approx(75))]


def test_no_results_draw_no_verdict_segment():
    assert board().verdict_split == ()


def test_an_answer_bar_is_as_long_as_its_count_against_the_longest():
    first, second, *rest = (choice.id for choice in QUESTION.choices)
    bars = board(answers={first: 8, second: 2}).questions[0].bars
    widths = {bar.id: [(s.kind, s.x, s.width) for s in bar.segments] for bar in bars}
    assert widths[first] == [("answer", 0, TRACK)]
    assert widths[second] == [("answer", 0, pytest.approx(TRACK / 4))]
    assert all(widths[choice] == [("answer", 0, 0)] for choice in rest)


def test_the_funnel_draws_the_answered_part_over_the_reached_part_of_the_widest_step():
    first, second = STEPS[:2]
    funnel = {row.id: row for row in board(reached={first: 10, second: 5},
                                           done={first: 5, second: 5}).funnel}
    assert [(s.kind, s.width) for s in funnel[first].segments] == [
        ("reached", TRACK), ("done", pytest.approx(TRACK / 2))]
    assert [(s.kind, s.width) for s in funnel[second].segments] == [
        ("reached", pytest.approx(TRACK / 2)), ("done", pytest.approx(TRACK / 2))]
    assert all(s.x == 0 for row in funnel.values() for s in row.segments)


def test_trend_bars_stand_on_the_floor_and_scale_to_the_peak():
    trend = board(trend=[period(0, 4), period(1, 8), period(2, 2)]).trend
    bars = [p.bar for p in trend]
    assert [b.height for b in bars] == pytest.approx([50, 100, 25])
    assert [b.y + b.height for b in bars] == pytest.approx([TREND_HEIGHT] * 3)
    assert all(b.kind == "started" for b in bars)


def test_each_period_gets_its_own_slot_and_the_view_box_fits_them_all():
    dashboard = board(trend=[period(day, 1) for day in range(4)])
    assert dashboard.trend_width == 4 * SLOT
    for index, p in enumerate(dashboard.trend):
        for rect in p.rects:
            assert index * SLOT < rect.x and rect.x + rect.width < (index + 1) * SLOT


def test_results_stack_up_from_the_floor_by_verdict_inside_the_started_bar():
    busy = period(0, 8, node=2, python=1, hybrid=1)
    p = board({"node": 2, "python": 1, "hybrid": 1}, trend=[busy]).trend[0]
    assert [r.kind for r in p.results] == ["node", "python", "hybrid"]
    assert [r.height for r in p.results] == pytest.approx([25, 12.5, 12.5])
    assert p.results[0].y + p.results[0].height == pytest.approx(TREND_HEIGHT)
    assert [r.y + r.height for r in p.results[1:]] == pytest.approx([r.y for r in p.results[:-1]])
    assert p.results[-1].y == pytest.approx(TREND_HEIGHT - busy.completed / 8 * TREND_HEIGHT)
    assert all(p.bar.x < r.x and r.x + r.width < p.bar.x + p.bar.width for r in p.results)
    assert p.rects == (p.bar, *p.results)


def test_more_results_than_starts_in_a_period_set_the_peak():
    # An attempt started before the range and finished in it: the stack may outgrow its bar.
    p = board({"node": 4}, trend=[period(0, 2, node=4)]).trend[0]
    assert p.results[0].height == pytest.approx(TREND_HEIGHT)
    assert p.bar.height == pytest.approx(TREND_HEIGHT / 2)


def test_a_range_with_nothing_counted_draws_flat_bars_on_a_zero_scale():
    dashboard = board(trend=[period(0), period(1)])
    assert [(p.bar.y, p.bar.height, p.results) for p in dashboard.trend] == [
        (TREND_HEIGHT, 0, ()), (TREND_HEIGHT, 0, ())]
    assert dashboard.trend_scale == (0, 0, 0)


def test_the_y_axis_reads_peak_half_and_zero():
    assert board(trend=[period(0, 7), period(1, 3)]).trend_scale == (7, 3, 0)


@pytest.mark.parametrize(("periods", "ticked"), [
    (1, [0]), (2, [0, 1]), (3, [0, 1, 2]), (4, [0, 1, 3]), (9, [0, 4, 8]),
])
def test_the_x_axis_names_the_first_middle_and_last_period_once_each(periods, ticked):
    dashboard = board(trend=[period(day) for day in range(periods)])
    assert dashboard.trend_ticks == tuple(dashboard.trend[i].label for i in ticked)


def test_each_verdict_has_the_colour_of_its_place_whatever_its_id():
    """Colours go by place in the quiz's verdict order (options, then combined ones), so a
    comparison with other ids or more options gets them too; none beyond the palette."""
    from advisor_web.staff.dashboard import TONES, tone

    order = ("bus", "bike", "walk", "bike_and_bus")
    assert [tone(order, v) for v in order] == ["tone-1", "tone-2", "tone-3", "tone-4"]
    assert tone(order, "retired") == ""
    many = tuple(f"v{i}" for i in range(TONES + 2))
    assert tone(many, many[TONES - 1]) == f"tone-{TONES}" and tone(many, many[TONES]) == ""
    split = board({"hybrid": 1, "node": 3, "python": 4}).verdict_split
    assert [s.tone for s in split] == ["tone-1", "tone-2", "tone-3"]
