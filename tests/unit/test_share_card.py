"""The share card: a small, stable PNG of the verdict that previews a result link."""

from __future__ import annotations

import io
import struct
import zlib
from dataclasses import replace
from types import MappingProxyType

import pytest
from PIL import Image, ImageChops, ImageFont

from advisor_web import share_card
from advisor_web.languages import translated
from advisor_web.quiz import score
from advisor_web.share_card import draw_share_card
from tests.support.answer_sets import ANSWERS_FOR_VERDICT, PYTHON_AI

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_BYTES = 100_000

# The app's own Nepali words (the catalog's), with Devanagari digits.
NEPALI = translated(share_card.ENGLISH, "ne")
# The eyebrow line, where NEPALI's "हाम्रो सिफारिस" is drawn (its conjunct म्र needs shaping).
EYEBROW_BOX = (share_card.PAD, 90, 600, 135)


def nepali_quiz(quiz):
    verdicts = dict(quiz.verdicts)
    verdicts["python"] = replace(verdicts["python"], title="पाइथन")
    return replace(quiz, verdicts=MappingProxyType(verdicts))


def chunk_types(png: bytes) -> list[bytes]:
    types, position = [], len(PNG_SIGNATURE)
    while position < len(png):
        (length,) = struct.unpack(">I", png[position : position + 4])
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        (crc,) = struct.unpack(">I", png[position + 8 + length : position + 12 + length])
        assert zlib.crc32(kind + data) == crc, f"bad CRC in {kind!r}"
        types.append(kind)
        position += 12 + length
    return types


@pytest.mark.parametrize("verdict", ["node", "python", "hybrid"])
def test_card_is_a_1200_by_630_png_of_at_most_100_kb(quiz, verdict):
    png = draw_share_card(quiz, score(quiz, ANSWERS_FOR_VERDICT[verdict]))

    assert png.startswith(PNG_SIGNATURE)
    assert len(png) <= MAX_BYTES
    with Image.open(io.BytesIO(png)) as image:
        assert image.format == "PNG"
        assert image.size == (1200, 630)


def test_card_in_devanagari_keeps_the_same_limits(quiz):
    quiz = nepali_quiz(quiz)
    png = draw_share_card(quiz, score(quiz, PYTHON_AI), texts=NEPALI)

    assert png.startswith(PNG_SIGNATURE)
    assert len(png) <= MAX_BYTES
    with Image.open(io.BytesIO(png)) as image:
        assert image.size == (1200, 630)


def test_a_nepali_card_writes_its_scores_in_the_locale_s_digits(quiz):
    nepali = nepali_quiz(quiz)
    outcome = score(nepali, PYTHON_AI)
    assert NEPALI.locale == "ne" and NEPALI.eyebrow == "हाम्रो सिफारिस"
    latin_digits = replace(NEPALI, locale="en")
    assert draw_share_card(nepali, outcome, NEPALI) != draw_share_card(nepali, outcome,
                                                                         latin_digits)


def test_same_result_draws_the_same_bytes(quiz):
    outcome = score(quiz, ANSWERS_FOR_VERDICT["hybrid"])
    assert draw_share_card(quiz, outcome) == draw_share_card(quiz, outcome)
    nepali = nepali_quiz(quiz)
    outcome = score(nepali, PYTHON_AI)
    assert draw_share_card(nepali, outcome, NEPALI) == draw_share_card(nepali, outcome, NEPALI)


def test_card_carries_pixels_only_no_metadata(quiz):
    png = draw_share_card(quiz, score(quiz, PYTHON_AI))
    assert set(chunk_types(png)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def test_each_verdict_draws_its_own_card(quiz):
    cards = {draw_share_card(quiz, score(quiz, a)) for a in ANSWERS_FOR_VERDICT.values()}
    assert len(cards) == 3


def test_devanagari_is_set_in_the_devanagari_face_not_as_missing_glyph_boxes(quiz, monkeypatch):
    quiz = nepali_quiz(quiz)
    outcome = score(quiz, PYTHON_AI)
    right = _eyebrow(draw_share_card(quiz, outcome, NEPALI))

    # Every run treated as Latin: Noto Sans has no Devanagari and draws boxes instead.
    monkeypatch.setattr(share_card, "_DEVANAGARI", share_card.re.compile(r"(?!)"))
    boxes = _eyebrow(draw_share_card(quiz, outcome, NEPALI))

    assert ImageChops.difference(right, boxes).getbbox() is not None


@pytest.mark.skipif(share_card.LAYOUT != ImageFont.Layout.RAQM, reason="Pillow without raqm")
def test_devanagari_is_shaped_with_raqm(quiz, monkeypatch):
    quiz = nepali_quiz(quiz)
    outcome = score(quiz, PYTHON_AI)
    shaped = _eyebrow(draw_share_card(quiz, outcome, NEPALI))

    # Basic layout puts म, ्, र side by side instead of the conjunct म्र.
    monkeypatch.setattr(share_card, "LAYOUT", ImageFont.Layout.BASIC)
    share_card._font.cache_clear()
    try:
        unshaped = _eyebrow(draw_share_card(quiz, outcome, NEPALI))
    finally:
        share_card._font.cache_clear()

    assert ImageChops.difference(shaped, unshaped).getbbox() is not None


def test_text_too_long_for_the_card_is_cut_with_an_ellipsis():
    text = "Node.js and Python and Go and Rust and Elixir side by side, " * 4
    cut = share_card._ellipsised(text, 600, 84, bold=True)

    assert cut.endswith("…")
    assert share_card._width(cut, 84, bold=True) <= 600


def _eyebrow(png: bytes) -> Image.Image:
    with Image.open(io.BytesIO(png)) as image:
        return image.convert("RGB").crop(EYEBROW_BOX)
