"""A translation's glossary: the chosen word for each recurring English term, and the
technical names every language keeps as they are.

`data/glossary.<lang>.toml` holds ``lang``, ``keep = [names]`` and ``[[terms]]`` tables of
``en = [forms]`` (whole words, any case) and the translation's word. A term holds when every
text whose English uses one of its forms has that word in its translation; the checks here
are what keeps "team" from being टिम on one page and समूह on the next.
"""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field

from .loader import TomlReader

# Devanagari and Devanagari Extended; vowel signs and virama are marks, so letters are
# counted as Unicode letters and marks together.
_DEVANAGARI = ((0x0900, 0x097F), (0xA8E0, 0xA8FF))


@dataclass(frozen=True)
class Term:
    english: tuple[str, ...]  # the forms looked for, as whole words in any case
    translated: str  # must appear in the translation of any text using one of the forms
    note: str = ""
    _pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_pattern", _whole_words(self.english, re.IGNORECASE))

    def used_in(self, text: str) -> str | None:
        """The form of this term `text` uses, if any."""
        found = self._pattern.search(text)
        return found.group(0) if found else None


@dataclass(frozen=True)
class Glossary:
    lang: str
    terms: tuple[Term, ...]
    keep: tuple[str, ...]  # technical names written the same in every language
    _kept: re.Pattern[str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_kept", _whole_words(self.keep, 0))

    def mistranslated(self, english: Mapping[str, str], translated: Mapping[str, str]) -> list[str]:
        """One line per text whose translation misses a term its English uses, or drops a
        kept name: ``"<where>: 'team' should read 'टिम'"``. Both mappings are keyed alike
        (translation.quiz_texts)."""
        problems = []
        for where, text in english.items():
            target = translated.get(where, "")
            for term in self.terms:
                form = term.used_in(text)
                if form is not None and term.translated not in target:
                    problems.append(f"{where}: {form!r} should read {term.translated!r}")
            for name in self.kept_names_in(text):
                if name not in self.kept_names_in(target):
                    problems.append(f"{where}: {name!r} should stay as it is")
        return problems

    def kept_names_in(self, text: str) -> list[str]:
        return self._kept.findall(text)

    def without_kept_names(self, text: str) -> str:
        return self._kept.sub(" ", text)


def devanagari_share(text: str) -> float | None:
    """The share of `text`'s letters that are Devanagari; None when it has no letters."""
    letters = [ch for ch in text if unicodedata.category(ch)[0] in "LM"]
    if not letters:
        return None
    devanagari = sum(1 for ch in letters if any(lo <= ord(ch) <= hi for lo, hi in _DEVANAGARI))
    return devanagari / len(letters)


def load_glossary(path: str | os.PathLike[str]) -> Glossary:
    """Read a glossary file; raise QuizContentError naming file, entry and problem."""
    return _GlossaryReader(str(path)).load()


class _GlossaryReader(TomlReader):
    """Reads a glossary file as the quiz and its translations are read (`TomlReader`), so a
    mistake in it gets the same one-line error."""

    def load(self) -> Glossary:
        doc = self.read()
        self.keys(doc, "file", {"lang", "keep", "terms"})
        lang = doc.get("lang")
        if not isinstance(lang, str) or not lang:
            raise self.fail("lang", "missing `lang`")
        keep = self.strings(doc.get("keep"), "keep")
        tables = doc.get("terms")
        if not (isinstance(tables, list) and tables and all(isinstance(t, dict) for t in tables)):
            raise self.fail("terms", "`terms` must be a non-empty array of tables")
        terms = []
        for index, table in enumerate(tables):
            where = f"terms[{index}]"
            self.keys(table, where, {"en", lang, "note"})
            english = self.strings(table.get("en"), f"{where}.en")
            translated = table.get(lang)
            if not isinstance(translated, str) or not translated.strip():
                raise self.fail(where, f"missing `{lang}`")
            terms.append(Term(english, translated, table.get("note", "")))
        return Glossary(lang=lang, terms=tuple(terms), keep=keep)


def _whole_words(words: tuple[str, ...], flags: int) -> re.Pattern[str]:
    # Longest first, so "Express.js" is matched before "Express"; "words" end at anything
    # but an ASCII letter or digit, so "API" is not found in "FastAPI" while "API मार्फत" and
    # "Node.js को" still count.
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z0-9])(?:{alternatives})(?![A-Za-z0-9])", flags)
