"""A result renders with the quiz version that made it, whatever quiz is live now; a draft
begun under an older version starts afresh with a message; QUIZ_FILE picks the live quiz."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from advisor_web import create_app
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE
from tests.support.answer_sets import HYBRID_LARGE_TEAM
from tests.web.visitor_support import finish_quiz, reach, stored_results

NEPALI_FILE = DEFAULT_QUIZ_FILE.with_name("backend.ne.toml")
MEDIUM_TEAM = {**HYBRID_LARGE_TEAM, "team_size": "medium"}


def write_quiz(folder: Path, version: str, edit=lambda text: text,
               translate=lambda text: text) -> Path:
    """A copy of the shipped quiz as `version`, changed by `edit`, with its Nepali
    translation beside it changed by `translate`."""
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "backend.toml"
    for source, target, change in ((DEFAULT_QUIZ_FILE, path, edit),
                                   (NEPALI_FILE, folder / "backend.ne.toml", translate)):
        text = source.read_text(encoding="utf-8")
        text = re.sub(r'^version = ".*"$', f'version = "{version}"', text, count=1, flags=re.M)
        target.write_text(change(text), encoding="utf-8")
    return path


def archive(version_file: Path, live: Path, version: str) -> None:
    """Put a quiz file and its translation in the live file's archive as `version`."""
    (live.parent / "archive").mkdir(exist_ok=True)
    shutil.copy(version_file, live.parent / "archive" / f"{version}.toml")
    shutil.copy(version_file.with_name("backend.ne.toml"),
                live.parent / "archive" / f"{version}.ne.toml")


def only_large_teams_split(text: str) -> str:
    """Version B's hybrid rule: a medium team no longer runs two stacks."""
    return text.replace('when = { team_size = ["medium", "large"] }',
                        'when = { team_size = ["large"] }', 1)


@pytest.fixture
def version_a(tmp_path):
    return write_quiz(tmp_path / "a", "A")


@pytest.fixture
def version_b(tmp_path, version_a):
    """Version B is live, with A archived beside it."""
    live = write_quiz(tmp_path / "b", "B", only_large_teams_split)
    archive(version_a, live, "A")
    return live


def app_with(app_config, quiz_file: Path):
    return create_app({**app_config, "QUIZ_FILE": str(quiz_file)})


def dispose(app):
    app.extensions["advisor_engine"].dispose()


def test_an_old_permalink_keeps_its_versions_verdict_after_the_hybrid_rule_changes(
        app_config, version_a, version_b):
    under_a = app_with(app_config, version_a)
    url = finish_quiz(under_a.test_client(), MEDIUM_TEAM)
    assert 'data-verdict="hybrid"' in under_a.test_client().get(url).text
    dispose(under_a)

    under_b = app_with(app_config, version_b)
    page = under_b.test_client().get(url).text
    assert 'data-verdict="hybrid"' in page  # A's verdict, as stored
    assert "earlier version of the quiz (A)" in page
    assert 'href="/quiz">take it again</a>' in page
    assert 'id="comparison"' in page  # A's full explanation, table included
    assert stored_results(under_b)[0].verdict == "hybrid"
    # Today's quiz tells the same answers something else.
    fresh = finish_quiz(under_b.test_client(), MEDIUM_TEAM)
    today = under_b.test_client().get(fresh).text
    assert 'data-verdict="hybrid"' not in today and "earlier version" not in today
    dispose(under_b)


def test_a_result_of_a_version_no_longer_on_file_still_shows_its_stored_verdict(
        app_config, tmp_path, version_a):
    under_a = app_with(app_config, version_a)
    url = finish_quiz(under_a.test_client(), MEDIUM_TEAM)
    dispose(under_a)
    under_c = app_with(app_config, write_quiz(tmp_path / "c", "C", only_large_teams_split))
    page = under_c.test_client().get(url).text
    assert 'data-verdict="hybrid"' in page
    assert "earlier version of the quiz (A)" in page
    assert "full explanation is no longer available" in page
    dispose(under_c)


def test_a_draft_begun_under_an_older_version_starts_afresh_with_a_message(
        app_config, version_a, version_b):
    under_a = app_with(app_config, version_a)
    client = under_a.test_client()
    reach(client, "features", MEDIUM_TEAM)  # the first step answered: a draft under A
    dispose(under_a)
    under_b = app_with(app_config, version_b)
    client.application = under_b  # the same browser, its cookie, after the deploy
    page = client.get("/quiz")
    assert "The quiz has been updated since you began" in page.text
    assert 'checked' not in page.text
    dispose(under_b)


def test_an_archived_file_whose_version_is_not_its_name_stops_start_up(app_config, tmp_path,
                                                                       version_a):
    live = write_quiz(tmp_path / "d", "D")
    archive(version_a, live, "Z")
    with pytest.raises(Exception, match=r"Z\.toml: version: the file says 'A'"):
        create_app({**app_config, "QUIZ_FILE": str(live)})


def test_a_live_quiz_without_its_nepali_translation_stops_start_up(app_config, tmp_path):
    live = write_quiz(tmp_path / "e", "E")
    live.with_name("backend.ne.toml").unlink()
    with pytest.raises(Exception, match=r"backend\.ne\.toml: file: missing translation"):
        create_app({**app_config, "QUIZ_FILE": str(live)})


def test_an_archived_version_without_its_nepali_translation_stops_start_up(
        app_config, tmp_path, version_a):
    live = write_quiz(tmp_path / "f", "F")
    archive(version_a, live, "A")
    (live.parent / "archive" / "A.ne.toml").unlink()
    with pytest.raises(Exception, match=r"A\.ne\.toml: file: missing translation"):
        create_app({**app_config, "QUIZ_FILE": str(live)})


def test_a_translation_missing_an_id_stops_start_up_naming_file_and_id(app_config, tmp_path):
    live = write_quiz(tmp_path / "g", "G", with_ninth_factor)  # no Nepali for the new factor
    with pytest.raises(Exception, match=r"backend\.ne\.toml: factors\.hiring: missing"):
        create_app({**app_config, "QUIZ_FILE": str(live)})


def with_ninth_factor(text: str) -> str:
    ninth = '''
[[factors]]
id = "hiring"
name = "Hiring in Kathmandu"
stars = { node = 4, python = 4 }
labels = { node = "Many JavaScript developers", python = "Growing fast" }
verdict = "Both hire well in Nepal; pick the stack your team can grow in."
base_importance = 0.4

'''
    marker = "# -- Questions, in the order visitors see them"
    return text.replace(marker, ninth + marker, 1)


def with_ninth_factor_in_nepali(text: str) -> str:
    return text + '''
[factors.hiring]
name = "काठमाडौँमा भर्ती"
labels = { node = "धेरै JavaScript डेभलपर", python = "छिटो बढ्दै" }
verdict = "दुवैका लागि नेपालमा राम्रो भर्ती हुन्छ; तपाईंको टिम बढ्न सक्ने स्ट्याक रोज्नुहोस्।"
'''


def test_a_ninth_factor_in_the_quiz_file_shows_everywhere_without_a_template_change(
        app_config, tmp_path):
    app = app_with(app_config, write_quiz(tmp_path / "nine", "nine", with_ninth_factor,
                                          with_ninth_factor_in_nepali))
    client = app.test_client()
    landing = client.get("/").text
    assert "against the 9 factors" in landing and "Hiring in Kathmandu" in landing
    result = client.get(finish_quiz(client, MEDIUM_TEAM)).text
    table = result[result.index('<table id="comparison"'):result.index("</table>")]
    assert table.count('<th scope="row">') == 9
    assert "The article’s 9 factors" in table and "Hiring in Kathmandu" in table
    dispose(app)
