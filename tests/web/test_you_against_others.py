"""You against others: drawn from the live quiz's tallies, shown only for a big enough group."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from advisor_web import db
from advisor_web.quiz.loader import default_quiz
from advisor_web.quiz.scoring import score
from advisor_web.storage import results
from advisor_web.storage.models import new_public_id
from tests.support.answer_sets import NODE_DELIVERY, PYTHON_AI
from tests.support.database import DEFAULT_COMPARISON

QUIZ = default_quiz()
MIN = 5
DAY = dt.date(2026, 3, 2)


@pytest.fixture
def app_config(app_config):
    return {**app_config, "OTHERS_MIN_COUNT": MIN}


def store(app, answers, times: int, comparison: str = DEFAULT_COMPARISON) -> list[str]:
    ids = [new_public_id() for _ in range(times)]
    with app.app_context():
        outcome = score(QUIZ, answers)
        results.store(db.get_session(), comparison,
                      [results.Finished(i, outcome, DAY) for i in ids])
    return ids


def others_text(body: bytes) -> str | None:
    match = re.search(rb"<section[^>]*data-others[^>]*>(.*?)</section>", body, re.S)
    return re.sub(r"\s+", " ", match.group(1).decode()) if match else None


def test_others_are_absent_below_the_threshold(app, client):
    ids = store(app, NODE_DELIVERY, MIN - 1)
    store(app, PYTHON_AI, 10)  # another project type: not in this group
    assert others_text(client.get(f"/result/{ids[0]}").data) is None


def test_others_show_the_groups_verdicts_as_the_tallies_count_them(app, client):
    same_type_python = {**PYTHON_AI, "project_type": NODE_DELIVERY["project_type"]}
    ids = store(app, NODE_DELIVERY, 3)
    store(app, same_type_python, 2)
    store(app, PYTHON_AI, 5)
    group_told = {v: score(QUIZ, a).verdict for v, a in
                  (("a", NODE_DELIVERY), ("b", same_type_python))}
    counts = {"node": 0, "python": 0, "hybrid": 0}
    counts[group_told["a"]] += 3
    counts[group_told["b"]] += 2
    text = others_text(client.get(f"/result/{ids[0]}").data)
    assert text is not None
    assert "Of the 5 people building" in text
    for verdict, count in counts.items():
        assert f"{count / 5 * 100:.1f}% were told {QUIZ.verdicts[verdict].title}" in text
    mine = group_told["a"]
    everyone_same = 3 + (2 if group_told["b"] == mine else 0) + \
        (5 if score(QUIZ, PYTHON_AI).verdict == mine else 0)
    assert f"{everyone_same / 10 * 100:.1f}% were told {QUIZ.verdicts[mine].title}" in text


def test_others_count_only_results_of_the_same_comparison(app, client):
    """Another comparison's results, however many, are neither counted in this one's group
    nor compared with it."""
    store(app, NODE_DELIVERY, MIN - 1)
    elsewhere = store(app, NODE_DELIVERY, MIN * 2, comparison="rust-vs-go")
    mine = store(app, NODE_DELIVERY, 1)
    assert "Of the 5 people building" in others_text(client.get(f"/result/{mine[0]}").data)
    assert others_text(client.get(f"/result/{elsewhere[0]}").data) is None


def test_what_if_pages_show_no_comparison(app, client):
    ids = store(app, NODE_DELIVERY, MIN)
    assert others_text(client.get(f"/result/{ids[0]}/what-if/realtime/none").data) is None
