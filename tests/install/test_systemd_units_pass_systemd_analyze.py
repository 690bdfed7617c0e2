"""deploy/systemd/ holds the units the README's production recipe installs: the app (gunicorn),
the outbox worker, and the retention purge with its daily timer. `systemd-analyze verify`
accepts each one, with nothing to warn about, once its paths point at a real install (the
checkout's .venv stands in for /srv/advisor/venv)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UNITS = ROOT / "deploy" / "systemd"
SYSTEMD_ANALYZE = shutil.which("systemd-analyze")
EXPECTED = {"advisor.service", "advisor-outbox.service", "advisor-purge.service",
            "advisor-purge.timer"}

pytestmark = pytest.mark.skipif(SYSTEMD_ANALYZE is None and not os.environ.get("CI"),
                                reason="systemd-analyze is not installed (apt-get install systemd)")


def installed_units(tmp_path: Path) -> list[Path]:
    """The units as they would be on a server whose /srv/advisor is `tmp_path`."""
    app = tmp_path / "srv" / "advisor"
    app.mkdir(parents=True)
    (app / "venv").symlink_to(Path(sys.prefix))
    environment = tmp_path / "advisor.env"
    environment.write_text("ADVISOR_ENV=production\n")
    rendered = []
    for unit in sorted(UNITS.iterdir()):
        text = unit.read_text().replace("/srv/advisor", str(app))
        target = tmp_path / unit.name
        target.write_text(text.replace("/etc/advisor.env", str(environment)))
        rendered.append(target)
    return rendered


def verify(*units: Path) -> subprocess.CompletedProcess:
    assert SYSTEMD_ANALYZE, "systemd-analyze must run in CI (apt-get install systemd)"
    return subprocess.run([SYSTEMD_ANALYZE, "verify", *map(str, units)],
                          capture_output=True, text=True, timeout=60)


def test_deploy_holds_the_app_the_outbox_worker_and_the_purge_timer():
    assert {unit.name for unit in UNITS.iterdir()} == EXPECTED


def test_every_unit_passes_systemd_analyze_verify_without_a_warning(tmp_path):
    result = verify(*installed_units(tmp_path))
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_the_units_run_the_commands_the_readme_names():
    units = {unit.name: unit.read_text() for unit in UNITS.iterdir()}
    assert "ExecStart=/srv/advisor/venv/bin/gunicorn -c python:advisor_web.gunicorn_config" \
        in units["advisor.service"]
    assert "ExecStart=/srv/advisor/venv/bin/flask --app advisor_web outbox run" \
        in units["advisor-outbox.service"]
    assert "ExecStart=/srv/advisor/venv/bin/flask --app advisor_web results purge" \
        in units["advisor-purge.service"]
    assert "OnCalendar=" in units["advisor-purge.timer"]


def test_a_misspelt_setting_would_be_caught(tmp_path):
    """The check is real: systemd-analyze reports an unknown key."""
    unit = tmp_path / "misspelt.service"
    unit.write_text("[Service]\nTyp=simple\nExecStart=/bin/true\n")
    result = verify(unit)
    assert "Unknown key" in result.stdout + result.stderr
