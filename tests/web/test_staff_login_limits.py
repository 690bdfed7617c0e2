"""Issue 11.1: login limits that cannot be turned against a staff member. Only failures count,
the strict limit is per (username, address), and failures for a name from anywhere slow its
next attempts down (capped) instead of locking the account."""

import pytest

from advisor_web.staff import login_limits
from tests.web.staff_support import create_staff, csrf_token, log_in, log_out

CAROL, CAROLS_PASSWORD = "carol", "larch-Pebble-71-osprey"
sqlite_only = pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)


@pytest.fixture
def limits(app_config):
    """The production defaults, with the limiter on (tests switch it off elsewhere)."""
    app_config["RATELIMIT_ENABLED"] = True
    app_config["LOGIN_RATE_LIMIT"] = "10 per minute;50 per day"
    app_config["LOGIN_ADDRESS_RATE_LIMIT"] = "30 per minute;200 per day"
    app_config["LOGIN_SLOWDOWN_MAX_SECONDS"] = 3.0


@pytest.fixture
def carol(app):
    create_staff(app, CAROL, CAROLS_PASSWORD)


@pytest.fixture
def delays(monkeypatch):
    """The pauses the login makes, recorded rather than waited out."""
    made = []
    monkeypatch.setattr(login_limits, "pause", made.append)
    return made


def from_address(address: str) -> dict:
    return {"environ_base": {"REMOTE_ADDR": address}}


def through_proxy(address: str) -> dict:
    """As nginx (one hop, PROXY_FIX_HOPS=1) forwards a request from `address`."""
    return {"environ_base": {"REMOTE_ADDR": "127.0.0.1"},
            "headers": {"X-Forwarded-For": address}}


@pytest.fixture(params=["direct", "proxied"])
def sent(request, app_config):
    """How the attacker's addresses reach the app: directly, or through one proxy."""
    if request.param == "proxied":
        app_config["PROXY_FIX_HOPS"] = 1
        return through_proxy
    return from_address


@sqlite_only
def test_fifty_wrong_passwords_from_fifty_addresses_do_not_lock_carol_out(
        limits, sent, client, carol, delays):
    answers = [log_in(client, CAROL, f"guess-number-{n}-wrong", **sent(f"203.0.113.{n + 1}"))
               for n in range(50)]
    assert [a.status_code for a in answers] == [200] * 50
    # Slowed down, more with each failure, never past the cap.
    assert delays == sorted(delays) and delays[-1] == 3.0 and len(delays) == 50 - 3

    delays.clear()
    answer = log_in(client, CAROL, CAROLS_PASSWORD, **sent("198.51.100.7"))
    assert answer.status_code == 303
    assert answer.headers["Location"] == "/staff/"
    assert delays and max(delays) <= 3.0  # a few seconds late at worst


@sqlite_only
def test_the_strict_limit_is_per_username_and_address(limits, client, carol, delays):
    guesser, owner = from_address("203.0.113.9"), from_address("198.51.100.7")
    for n in range(10):
        assert log_in(client, CAROL, f"guess-number-{n}-wrong", **guesser).status_code == 200
    refused = log_in(client, CAROL, CAROLS_PASSWORD, **guesser)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    # Another name from the guesser's address, and carol from her own, are not held back.
    assert log_in(client, "bob", "guess-number-x-wrong", **guesser).status_code == 200
    assert log_in(client, CAROL, CAROLS_PASSWORD, **owner).status_code == 303


@sqlite_only
def test_only_failed_attempts_count(limits, app, client, carol, delays):
    app.config["LOGIN_RATE_LIMIT"] = app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "2 per minute"
    here = from_address("198.51.100.7")
    for _ in range(5):
        assert log_in(client, CAROL, CAROLS_PASSWORD, **here).status_code == 303
        assert log_out(client).status_code == 303
    assert delays == []


@sqlite_only
def test_one_address_cannot_try_many_names(limits, app, client, carol, delays):
    app.config["LOGIN_ADDRESS_RATE_LIMIT"] = "5 per minute"
    spraying = from_address("203.0.113.9")
    for n in range(5):
        assert log_in(client, f"name{n}", "guess-number-x-wrong", **spraying).status_code == 200
    assert log_in(client, "name9", "guess-number-x-wrong", **spraying).status_code == 429


@sqlite_only
def test_a_success_forgets_the_failures_for_that_name(limits, client, carol, delays):
    for n in range(6):
        log_in(client, CAROL, f"guess-number-{n}-wrong", **from_address(f"203.0.113.{n + 1}"))
    assert delays
    log_in(client, CAROL, CAROLS_PASSWORD, **from_address("198.51.100.7"))
    log_out(client)
    delays.clear()
    assert log_in(client, CAROL, CAROLS_PASSWORD).status_code == 303
    assert delays == []


@sqlite_only
def test_a_form_without_its_csrf_token_counts_nothing(limits, app, client, carol):
    app.config["LOGIN_RATE_LIMIT"] = "1 per minute"
    page = client.get("/staff/login")
    for _ in range(3):
        assert client.post("/staff/login", data={"username": CAROL,
                                                 "password": "x"}).status_code == 400
    form = {"username": CAROL, "password": CAROLS_PASSWORD, "csrf_token": csrf_token(page.data)}
    assert client.post("/staff/login", data=form).status_code == 303
