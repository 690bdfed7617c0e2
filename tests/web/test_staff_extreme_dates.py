"""Issue 11.12: dates at the ends of the calendar give the dashboard with a message, and the
exports a 400 with one, never a 500."""

import pytest

from tests.web.staff_support import create_staff, log_in

sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
EXTREMES = [
    "from=9999-12-31",
    "to=0001-01-01",
    "from=0001-01-01",
    "to=9999-12-31",
    "from=9999-12-30&to=9999-12-31",
    "from=0001-01-01&to=0001-01-02",
    "from=9999-12-31&by=day",
    "to=0001-01-01&by=week",
]


@pytest.fixture
def staff_client(app, client):
    create_staff(app)
    log_in(client)
    return client


@sqlite_only
def test_the_dashboard_shows_a_message_for_a_date_out_of_range(staff_client):
    for query in EXTREMES:
        response = staff_client.get(f"/staff/?{query}")
        assert response.status_code == 200, query
        assert b"choose a date between 2000-01-01 and 2199-12-31" in response.data, query
        assert b'data-metric="completed"' in response.data  # the default view, still shown


@pytest.mark.parametrize("export", ["/staff/export.csv", "/staff/export.json"])
@sqlite_only
def test_an_export_refuses_a_date_out_of_range_with_a_message(staff_client, export):
    for query in EXTREMES:
        response = staff_client.get(f"{export}?{query}")
        assert response.status_code == 400, query
        assert b"choose a date between 2000-01-01 and 2199-12-31" in response.data, query
