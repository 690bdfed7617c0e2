"""The article's explicit recommendations, one test per claim.

Sources: its "Ideal Node.js Projects" and "Ideal Python Projects" lists, the "When to
Choose" lists, the FAQ, and "The Hybrid Architecture Option".
"""

import pytest

from advisor_web.quiz.scoring import score
from tests.unit.scenarios import answers


def test_realtime_delivery_app_with_js_team_and_react_recommends_node(quiz):
    outcome = score(
        quiz,
        answers(
            "realtime",
            realtime="core",
            team_language="javascript",
            frontend="js_framework",
            concurrency="high",
        ),
    )
    assert outcome.verdict == "node"
    assert outcome.margin_label == "clear-cut"


def test_ai_recommendation_engine_with_python_team_recommends_python(quiz):
    outcome = score(quiz, answers("ai_product", ai_ml="core", team_language="python"))
    assert outcome.verdict == "python"
    assert outcome.margin_label == "clear-cut"


def test_central_ml_makes_python_primary_even_for_a_js_team(quiz):
    # FAQ: "if ML is central to your product, Python should be your primary backend language".
    outcome = score(quiz, answers("ai_product", ai_ml="core", team_language="javascript"))
    assert outcome.verdict == "python"


def test_chatbot_with_some_live_updates_and_central_ml_still_recommends_python(quiz):
    outcome = score(
        quiz,
        answers(
            "ai_product", realtime="some", ai_ml="core", team_language="python", team_size="small"
        ),
    )
    assert outcome.verdict == "python"


def test_internal_admin_tool_recommends_python(quiz):
    outcome = score(quiz, answers("internal_tool", crud_admin="yes", frontend="server_rendered"))
    assert outcome.verdict == "python"


def test_streaming_platform_recommends_node(quiz):
    outcome = score(quiz, answers("streaming", realtime="some", concurrency="massive"))
    assert outcome.verdict == "node"


def test_fintech_low_latency_api_recommends_node(quiz):
    outcome = score(quiz, answers("fintech", concurrency="high"))
    assert outcome.verdict == "node"


def test_data_analytics_platform_recommends_python(quiz):
    outcome = score(quiz, answers("analytics", data_processing="core", frontend="js_framework"))
    assert outcome.verdict == "python"


def test_scientific_data_application_recommends_python(quiz):
    outcome = score(quiz, answers("science", data_processing="core"))
    assert outcome.verdict == "python"


def test_edtech_content_platform_recommends_python(quiz):
    outcome = score(quiz, answers("edtech", crud_admin="yes", frontend="js_framework"))
    assert outcome.verdict == "python"


def test_saas_with_react_frontend_recommends_node(quiz):
    outcome = score(quiz, answers("saas", frontend="js_framework"))
    assert outcome.verdict == "node"


def test_marketplace_with_traffic_peaks_recommends_node(quiz):
    outcome = score(quiz, answers("marketplace", concurrency="high", cost_sensitive="yes"))
    assert outcome.verdict == "node"


def test_mobile_api_with_ml_features_recommends_python(quiz):
    outcome = score(quiz, answers("mobile_api", ai_ml="some", frontend="mobile"))
    assert outcome.verdict == "python"


def test_microservices_backend_with_high_concurrency_recommends_node(quiz):
    outcome = score(quiz, answers("microservices", concurrency="massive"))
    assert outcome.verdict == "node"


def test_collaborative_tool_with_live_editing_recommends_node(quiz):
    outcome = score(quiz, answers("realtime", realtime="core", frontend="js_framework"))
    assert outcome.verdict == "node"


def test_python_team_new_to_backend_building_a_crud_app_recommends_python(quiz):
    outcome = score(
        quiz,
        answers(
            "saas",
            team_language="python",
            team_experience="new",
            crud_admin="yes",
            ship_speed="asap",
            frontend="server_rendered",
        ),
    )
    assert outcome.verdict == "python"


@pytest.mark.parametrize("team_size", ["medium", "large"])
@pytest.mark.parametrize("realtime", ["core", "some"])
@pytest.mark.parametrize("project_type", ["realtime", "ai_product"])
def test_large_team_with_core_realtime_and_core_ml_gets_hybrid(
    quiz, project_type, realtime, team_size
):
    outcome = score(
        quiz, answers(project_type, realtime=realtime, ai_ml="core", team_size=team_size)
    )
    assert outcome.verdict == "hybrid"


@pytest.mark.parametrize("team_size", ["solo", "small"])
@pytest.mark.parametrize("project_type", ["realtime", "ai_product"])
def test_solo_developer_with_realtime_and_ml_picks_one(quiz, project_type, team_size):
    # "For smaller teams, pick one and stay consistent until scale demands otherwise."
    outcome = score(quiz, answers(project_type, realtime="core", ai_ml="core", team_size=team_size))
    assert outcome.verdict in {"node", "python"}


def test_hybrid_needs_a_team_known_to_be_big_enough(quiz):
    # An API caller may leave out the optional team size: then no hybrid.
    outcome = score(quiz, answers("realtime", realtime="core", ai_ml="core"))
    assert outcome.verdict in {"node", "python"}


@pytest.mark.parametrize("ai_ml", ["some", "none"])
def test_large_team_without_central_ml_gets_one_stack(quiz, ai_ml):
    # Node.js can call a Python ML service when ML is a side feature; no split needed.
    outcome = score(quiz, answers("realtime", realtime="core", ai_ml=ai_ml, team_size="large"))
    assert outcome.verdict == "node"
