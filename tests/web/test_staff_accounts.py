"""`flask staff create|list|disable|enable|set-password` and the password policy."""

import pytest

from advisor_web import db
from advisor_web.staff import accounts
from advisor_web.storage import staff_members
from advisor_web.storage.models import StaffMember

GOOD = "violet-Kettle-93-harbour"


def member(app, username):
    with app.app_context():
        return staff_members.find(db.get_session(), username)


def create(runner, username="alice", password=GOOD):
    return runner.invoke(args=["staff", "create", username, "--password-stdin"],
                         input=password + "\n")


def test_create_reads_one_line_of_stdin_and_stores_an_scrypt_hash(app, runner):
    result = create(runner)
    assert result.exit_code == 0, result.output
    stored = member(app, "alice")
    assert stored.active
    assert stored.password_hash.startswith("scrypt:")
    assert GOOD not in stored.password_hash


def test_create_asks_for_the_password_twice_without_echoing_it(app, runner):
    result = runner.invoke(args=["staff", "create", "bob"], input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code == 0, result.output
    assert "Repeat for confirmation" in result.output
    assert GOOD not in result.output
    assert member(app, "bob") is not None


def test_create_stores_the_username_in_lower_case(app, runner):
    assert create(runner, "  Alice ").exit_code == 0
    assert member(app, "alice") is not None


@pytest.mark.parametrize("password, problem", [
    ("short-Pw-1", "at least 12 characters"),
    ("passwordpassword", "too common"),
    ("PASSWORDPASSWORD", "too common"),
    ("Password123456!", "too common"),
    ("qwertyuiop123", "too common"),
    ("alice-in-wonderland-7", "must not contain the username"),
    ("aaaaaaaabbbbbbbb", "too few characters"),
])
def test_create_refuses_a_weak_password_with_one_line(app, runner, password, problem):
    result = create(runner, "alice", password)
    assert result.exit_code != 0
    assert problem in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert member(app, "alice") is None


def test_the_common_password_list_has_hundreds_of_entries():
    assert len(accounts.common_passwords()) >= 300
    assert "iloveyou" in accounts.common_passwords()


def test_create_refuses_an_existing_username(runner):
    assert create(runner).exit_code == 0
    result = create(runner, "ALICE", "another-Good-pass-42")
    assert result.exit_code != 0
    assert "already exists" in result.output


@pytest.mark.parametrize("username", ["a", "bad name", "x" * 65, "../etc"])
def test_create_refuses_a_malformed_username(runner, username):
    result = create(runner, username)
    assert result.exit_code != 0
    assert "username" in result.output


def test_an_empty_stdin_is_refused(runner):
    result = runner.invoke(args=["staff", "create", "alice", "--password-stdin"], input="")
    assert result.exit_code != 0
    assert "no password" in result.output


def test_list_shows_every_account_and_whether_it_may_log_in(runner):
    create(runner, "alice")
    create(runner, "bob")
    runner.invoke(args=["staff", "disable", "bob"])
    result = runner.invoke(args=["staff", "list"])
    assert result.exit_code == 0
    assert result.output.splitlines() == ["alice\tactive", "bob\tdisabled"]


def test_disable_and_enable_an_account(app, runner):
    create(runner)
    token = member(app, "alice").session_token
    assert runner.invoke(args=["staff", "disable", "alice"]).exit_code == 0
    disabled = member(app, "alice")
    assert not disabled.active
    assert disabled.session_token != token  # its sessions end
    assert runner.invoke(args=["staff", "enable", "alice"]).exit_code == 0
    assert member(app, "alice").active


def test_set_password_replaces_the_hash_and_ends_sessions(app, runner):
    create(runner)
    before = member(app, "alice")
    result = runner.invoke(args=["staff", "set-password", "alice", "--password-stdin"],
                           input="a-Whole-new-secret-88\n")
    assert result.exit_code == 0, result.output
    after = member(app, "alice")
    assert after.password_hash != before.password_hash
    assert after.session_token != before.session_token
    with app.app_context():
        assert accounts.authenticate(db.get_session(), "alice", "a-Whole-new-secret-88")
        assert accounts.authenticate(db.get_session(), "alice", GOOD) is None


def test_set_password_applies_the_policy(runner):
    create(runner)
    result = runner.invoke(args=["staff", "set-password", "alice", "--password-stdin"],
                           input="short\n")
    assert result.exit_code != 0
    assert "at least 12" in result.output


@pytest.mark.parametrize("command", ["disable", "enable", "set-password"])
def test_commands_on_an_unknown_account_fail_with_one_line(runner, command):
    result = runner.invoke(args=["staff", command, "nobody"], input=f"{GOOD}\n{GOOD}\n")
    assert result.exit_code != 0
    assert result.output.strip().splitlines()[-1] == "Error: no staff member 'nobody'"


def test_accounts_table_holds_no_plain_password(app, runner):
    create(runner)
    with app.app_context():
        rows = db.get_session().query(StaffMember).all()
    assert all(GOOD not in (r.password_hash + r.session_token) for r in rows)
