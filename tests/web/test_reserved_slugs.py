"""A comparison's slug may not be one of the site's top-level routes: the loader's reserved
list covers every first path segment the app serves."""

from advisor_web.quiz.loader import RESERVED_SLUGS


def test_every_top_level_route_is_a_reserved_slug(app):
    segments = {rule.rule.strip("/").split("/")[0] for rule in app.url_map.iter_rules()}
    named = {segment.replace(".", "-") for segment in segments
             if segment and not segment.startswith("<")}
    assert named, "the app serves routes"
    assert named <= RESERVED_SLUGS, sorted(named - RESERVED_SLUGS)
