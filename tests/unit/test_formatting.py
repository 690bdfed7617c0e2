"""How templates print numbers, tested as plain functions."""

from advisor_web.formatting import coordinate, number, percent


def test_a_count_has_thousands_separators():
    assert [number(0), number(999), number(1234), number(3_000_000)] == [
        "0", "999", "1,234", "3,000,000"]


def test_a_share_prints_as_a_percentage_to_a_tenth():
    assert [percent(0.0), percent(0.123), percent(0.1236), percent(1.0)] == [
        "0.0%", "12.3%", "12.4%", "100.0%"]


def test_a_coordinate_keeps_two_decimals():
    assert [coordinate(0), coordinate(2.5), coordinate(100 / 3)] == ["0.00", "2.50", "33.33"]
