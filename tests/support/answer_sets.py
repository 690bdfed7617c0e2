"""Answer sets the article settles, shared by the web and browser tests."""

# The article's own examples (issue 3, "Done when").
# A real-time delivery-tracking app built by a JavaScript team with a React front end.
NODE_DELIVERY = {
    "project_type": "realtime",
    "realtime": "core",
    "ai_ml": "none",
    "data_processing": "none",
    "team_language": "javascript",
    "team_experience": "experienced",
    "frontend": "js_framework",
    "crud_admin": "no",
    "ship_speed": "normal",
    "concurrency": "high",
    "cost_sensitive": "yes",
}
# An AI recommendation product built by a Python team.
PYTHON_AI = {
    "project_type": "ai_product",
    "realtime": "none",
    "ai_ml": "core",
    "data_processing": "some",
    "team_language": "python",
    "team_experience": "experienced",
    "frontend": "server_rendered",
    "crud_admin": "no",
    "ship_speed": "normal",
    "concurrency": "low",
    "cost_sensitive": "no",
}
# Central live features and central ML, built by a large team: the conditional step shows.
HYBRID_LARGE_TEAM = {
    "project_type": "saas",
    "realtime": "core",
    "ai_ml": "core",
    "data_processing": "some",
    "team_language": "both",
    "team_experience": "experienced",
    "frontend": "js_framework",
    "crud_admin": "no",
    "ship_speed": "normal",
    "concurrency": "high",
    "cost_sensitive": "no",
    "team_size": "large",
}
# The same needs, one developer: "for smaller teams, pick one".
SOLO_SAME_NEEDS = {**HYBRID_LARGE_TEAM, "team_size": "solo"}

ANSWERS_FOR_VERDICT = {"node": NODE_DELIVERY, "python": PYTHON_AI, "hybrid": HYBRID_LARGE_TEAM}
