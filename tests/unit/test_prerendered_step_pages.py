"""Cutting a step page where each visitor's own values go (advisor_web/visitor/prerendered.py),
and filling it in again: only what was expected is cut, and what is filled in is escaped."""

from __future__ import annotations

from advisor_web.visitor import prerendered


def test_a_page_that_is_not_as_expected_is_never_cut():
    page = '<input type="radio" name="q" value="a"><input type="radio" name="q" value="a">'
    assert prerendered.cut(page, [("q", "a")]) is None
    assert prerendered.cut('<input type="radio" name="q" value="a">', [("q", "b")]) is None


def test_a_cut_page_fills_in_tokens_escaped_and_checks_only_the_given_answers():
    page = (f'<input name="csrf_token" value="{prerendered.CSRF_SLOT}">'
            '<input type="radio" name="q" value="a" checked><input type="radio" name="q" '
            'value="b">')
    cut = prerendered.cut(page, [("q", "a"), ("q", "b")])
    assert cut.fill({"csrf": 'x"y', "draft": None}, {"q": "b"}) == (
        '<input name="csrf_token" value="x&#34;y"><input type="radio" name="q" value="a">'
        '<input type="radio" name="q" value="b" checked>')
