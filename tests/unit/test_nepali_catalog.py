"""The interface's Nepali catalog translates every string the code and templates mark, and
the share card and decision record have their Nepali phrases with the same placeholders."""

from __future__ import annotations

import re
import string
from dataclasses import fields
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from advisor_web.languages import translated
from advisor_web.quiz.decision_record import ENGLISH as ENGLISH_RECORD
from advisor_web.quiz.glossary import devanagari_share, load_glossary
from advisor_web.quiz.loader import DEFAULT_QUIZ_FILE
from advisor_web.share_card import ENGLISH as ENGLISH_CARD

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "advisor_web/translations/ne/LC_MESSAGES/messages.po"
GLOSSARY = load_glossary(DEFAULT_QUIZ_FILE.with_name("glossary.ne.toml"))
KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "N_": None, "_l": None}


def marked_strings() -> set[str]:
    with open(ROOT / "babel.cfg") as file:
        method_map, options_map = parse_mapping_cfg(file)
    found = set()
    for _, _, message, _, _ in extract_from_dir(ROOT, method_map, options_map,
                                                keywords=KEYWORDS):
        found.add(message[0] if isinstance(message, tuple) else message)
    return found


def test_every_marked_string_has_a_nepali_translation():
    with open(CATALOG, "rb") as file:
        catalog = read_po(file, locale="ne")
    translated = {m.id[0] if isinstance(m.id, tuple) else m.id: m for m in catalog if m.id}
    missing = sorted(marked_strings() - set(translated))
    assert missing == []
    for msgid, message in translated.items():
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings) and not message.fuzzy, msgid
        for text in strings:  # Nepali, once placeholders, markup and kept names are gone
            words = GLOSSARY.without_kept_names(re.sub(r"%\(\w+\)s|\{\w+\}|<[^>]*>", " ", text))
            share = devanagari_share(words)
            assert share is None or share >= 0.95, (msgid, text)  # "IP" may stay


def test_the_catalog_says_every_term_the_glossary_way():
    """As the quiz's texts do: wherever an interface string, or a phrase of the share card or
    decision record, uses a glossary term, its Nepali has the glossary's word."""
    with open(CATALOG, "rb") as file:
        catalog = read_po(file, locale="ne")
    english, nepali = {}, {}
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for n, text in enumerate(strings):
            where = f"{ids[0]!r}[{n}]"
            # A placeholder's name ("{verdict}", "%(project)s") is no word of the text.
            english[where] = re.sub(r"%\(\w+\)s|\{\w+\}", " ", ids[min(n, len(ids) - 1)])
            nepali[where] = text
    assert GLOSSARY.mistranslated(english, nepali) == []


def placeholders(text) -> set[str]:
    if not isinstance(text, str):
        return {name for value in text.values() for name in placeholders(value)}
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_the_nepali_card_and_record_phrases_keep_every_placeholder():
    for english in (ENGLISH_CARD, ENGLISH_RECORD):
        nepali = translated(english, "ne")
        assert nepali.locale == "ne"
        for item in fields(english):
            if item.name == "locale":
                continue
            before, after = getattr(english, item.name), getattr(nepali, item.name)
            if isinstance(before, str):
                assert placeholders(after) == placeholders(before), item.name
            else:
                assert set(after) == set(before), item.name
                assert all(devanagari_share(text) == 1.0 for text in after.values()), item.name
