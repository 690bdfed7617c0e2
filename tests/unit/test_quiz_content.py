"""The shipped quiz, data/backend.toml: canonical ids, the article's table, steps, verdicts."""

import pytest

from advisor_web.quiz import loader
from advisor_web.quiz.loader import default_quiz

# ../shared/DESIGN.md: ids other parts rely on; they may be added to, never renamed.
CANONICAL = {
    "project_type": (
        "saas",
        "marketplace",
        "realtime",
        "streaming",
        "fintech",
        "ai_product",
        "analytics",
        "internal_tool",
        "science",
        "edtech",
        "mobile_api",
        "microservices",
    ),
    "realtime": ("core", "some", "none"),
    "ai_ml": ("core", "some", "none"),
    "data_processing": ("core", "some", "none"),
    "team_language": ("javascript", "python", "both", "neither"),
    "frontend": ("js_framework", "server_rendered", "mobile", "none"),
    "team_experience": ("new", "experienced"),
    "ship_speed": ("asap", "normal", "long_term"),
    "crud_admin": ("yes", "no"),
    "concurrency": ("low", "high", "massive"),
    "cost_sensitive": ("yes", "no"),
    "team_size": ("solo", "small", "medium", "large"),
}

# The article's side-by-side summary: (name, Node.js stars, Python stars).
ARTICLE_TABLE = [
    ("Performance (I/O)", 5, 3),
    ("Real-Time Apps", 5, 3),
    ("Learning Curve", 3, 5),
    ("Ecosystem (Web)", 5, 4),
    ("AI / ML", 2, 5),
    ("Scalability", 5, 4),
    ("Full-Stack JS", 5, 1),
    ("Data Science", 1, 5),
]


def test_default_quiz_is_read_from_disk_once_and_shared(monkeypatch):
    reads = []
    real_load = loader.load_quiz
    monkeypatch.setattr(loader, "load_quiz", lambda path: reads.append(path) or real_load(path))
    default_quiz.cache_clear()
    try:
        first, second = default_quiz(), default_quiz()
    finally:
        default_quiz.cache_clear()
    assert first is second
    assert reads == [loader.DEFAULT_QUIZ_FILE]
    assert first.source.endswith("data/backend.toml") and first.version


@pytest.mark.parametrize("question_id", CANONICAL)
def test_canonical_question_has_its_canonical_choices(quiz, question_id):
    assert set(CANONICAL[question_id]) <= set(quiz.question(question_id).choice_ids())


def test_factors_are_the_articles_table_in_its_order(quiz):
    assert [(f.name, f.stars["node"], f.stars["python"]) for f in quiz.factors] == ARTICLE_TABLE
    assert all(f.verdict and f.labels["node"] and f.labels["python"] for f in quiz.factors)


def test_only_team_size_is_optional_and_conditional(quiz):
    team_size = quiz.question("team_size")
    assert not team_size.required
    assert dict(team_size.condition.requires) == {"realtime": ("core", "some"), "ai_ml": ("core",)}
    others = [q for q in quiz.questions if q.id != "team_size"]
    assert all(q.required and q.condition is None for q in others)


def test_team_size_step_appears_only_when_a_hybrid_is_plausible(quiz):
    single = quiz.active_steps({"realtime": "core", "ai_ml": "some"})
    split = quiz.active_steps({"realtime": "some", "ai_ml": "core"})
    assert len(split) == len(single) + 1
    assert split[-1] == quiz.step_of("team_size")
    assert quiz.step_of("team_size") not in single


def test_every_question_is_in_exactly_one_step_in_quiz_order(quiz):
    in_steps = [qid for step in quiz.steps for qid in step.question_ids]
    assert in_steps == [q.id for q in quiz.questions]
    assert 5 <= len(quiz.steps) <= 7
    assert quiz.step_of("crud_admin").question_ids == ("frontend", "crud_admin")


def test_unknown_ids_raise_key_error(quiz):
    with pytest.raises(KeyError):
        quiz.question("budget")
    with pytest.raises(KeyError):
        quiz.question("realtime").choice("maybe")
    with pytest.raises(KeyError):
        quiz.step_of("budget")


def test_verdict_texts_name_the_articles_frameworks(quiz):
    assert set(quiz.verdicts) == {"node", "python", "hybrid"}
    assert quiz.verdicts["node"].frameworks == ("Express.js", "NestJS", "Socket.io", "Prisma")
    assert quiz.verdicts["python"].frameworks == ("Django", "FastAPI", "Flask", "Celery")
    assert "gRPC" in " ".join(quiz.verdicts["hybrid"].frameworks)
    assert "Real-time delivery or ride-sharing apps" in quiz.verdicts["node"].ideal_projects
    assert "Internal business tools and admin systems" in quiz.verdicts["python"].ideal_projects


def test_every_choice_explains_itself(quiz):
    for question in quiz.questions:
        assert question.prompt
        for choice in question.choices:
            assert choice.label and choice.why, f"{question.id}.{choice.id}"


def test_no_answer_set_floors_an_importance_at_zero(quiz):
    # Reason effects are exact only while no factor's importance goes below zero, so the
    # most negative answers to every question together must still leave each factor >= 0.
    for factor in quiz.factors:
        worst = factor.base_importance + sum(
            min(0.0, *(dict(c.importance).get(factor.id, 0.0) for c in q.choices))
            for q in quiz.questions
        )
        assert worst >= 0, factor.id
