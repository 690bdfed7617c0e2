"""The share card: a result drawn as the 1200×630 PNG that chat apps show beside a link.

It shows the verdict, how clear-cut it is (the margin label, both scores and the score bar)
and the three factors that matter most for these answers, with the article's stars. It shows
none of the answers: a link preview travels further than the page, so it holds less.

Drawn with Pillow from the bundled Noto fonts (SIL OFL, `fonts/OFL.txt`), so every machine
draws the same card; text in Devanagari is set in Noto Sans Devanagari and shaped by raqm
(HarfBuzz), which joins conjuncts and places vowel signs. The picture is quantised to a small
palette: flat colours and anti-aliased text need few, and the file stays far below 100 KB.
"""

from __future__ import annotations

import functools
import io
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from PIL import Image, ImageDraw, ImageFont, features

from .quiz import FactorRow, Outcome, Quiz, numerals
from .quiz.translation import N_

WIDTH, HEIGHT = 1200, 630
PAD = 64
TOP_FACTORS = 3
STARS_LEFT, STARS_WIDTH = 680, 500  # the star columns, one per option, share this width

FONTS = Path(__file__).parent / "fonts"
# Without raqm Pillow lays glyphs side by side, which breaks Devanagari conjuncts and vowel
# signs; Pillow's wheels ship raqm, so the fallback only matters on a hand-built Pillow.
LAYOUT = ImageFont.Layout.RAQM if features.check("raqm") else ImageFont.Layout.BASIC

# The app's palette (static/app.css), each at least 4.5:1 against white.
INK, MUTED, PAPER, TRACK = "#1c2530", "#5a6675", "#ffffff", "#e3e7ed"
STAR = "#8a5a00"  # 6.1:1 on white: filled and outlined stars both read
# By the option's place in the quiz (a quiz has at most four), and one for combined verdicts.
OPTION_COLOURS = ("#2e7d32", "#2f5fb3", "#a8430f", "#6b5900")
COMBINED_COLOUR = "#7b3fa0"


def verdict_colour(quiz: Quiz, verdict: str) -> str:
    ids = quiz.option_ids
    return OPTION_COLOURS[ids.index(verdict)] if verdict in ids else COMBINED_COLOUR

# Devanagari, Devanagari Extended, Vedic Extensions, and the joiners that shape conjuncts.
_DEVANAGARI = re.compile(r"[\u0900-\u097f\ua8e0-\ua8ff\u1cd0-\u1cff\u200c\u200d]+")


@dataclass(frozen=True)
class CardTexts:
    """The card's fixed words, English by default; the quiz supplies the rest.

    Braced names are filled in by `draw_share_card`. The words are the catalog's message ids
    (`N_`): a Nepali page's card gets them translated, with `locale` "ne" for its numbers.
    """

    locale: str = "en"  # how the scores are written (quiz.numerals)
    brand: str = N_("Backend Advisor")
    quiz_version: str = N_("quiz {version}")
    eyebrow: str = N_("Our recommendation")
    clear_cut: str = N_("{margin}  ·  {scores}")
    score: str = N_("{option} {score}")  # one option's score in `{scores}`, joined by "  ·  "
    # scoring.MARGIN_LABELS -> what the card says.
    margin_labels: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"clear-cut": N_("Clear-cut"), "leaning": N_("Leaning"),
             "close call": N_("Close call")}
        )
    )
    factors_heading: str = N_("What matters most for this project")
    importance: str = N_("{importance} for this project")
    # scoring.IMPORTANCE_LABELS -> what the card says: the result page's words.
    importance_labels: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType(
            {"Critical": N_("Critical"), "High": N_("High"), "Moderate": N_("Moderate"),
             "Low": N_("Low")}
        )
    )


ENGLISH = CardTexts()


def draw_share_card(quiz: Quiz, outcome: Outcome, texts: CardTexts = ENGLISH) -> bytes:
    """The outcome as a PNG share card; the same arguments always give the same bytes."""
    image = Image.new("RGB", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    colour = verdict_colour(quiz, outcome.verdict)
    names = [quiz.verdicts[o].title for o in quiz.option_ids]
    gap = STARS_WIDTH // len(names)

    draw.rectangle((0, 0, 15, HEIGHT), fill=colour)
    _text(draw, (PAD, 58), texts.brand, 26, INK, bold=True)
    version = texts.quiz_version.format(version=outcome.quiz_version)
    _text(draw, (WIDTH - PAD - _width(version, 22), 58), version, 22, MUTED)

    _text(draw, (PAD, 124), texts.eyebrow, 28, colour, bold=True)
    title = quiz.verdicts[outcome.verdict].title
    size = _fitting_size(title, WIDTH - 2 * PAD, largest=84, smallest=52, bold=True)
    _text(draw, (PAD, 210), _ellipsised(title, WIDTH - 2 * PAD, size, bold=True), size, INK,
          bold=True)

    clear_cut = texts.clear_cut.format(
        margin=texts.margin_labels.get(outcome.margin_label, outcome.margin_label),
        scores="  ·  ".join(
            texts.score.format(option=name,
                               score=numerals.decimal(outcome.scores[o], texts.locale, "0.0"))
            for name, o in zip(names, quiz.option_ids, strict=True)),
    )
    _text(draw, (PAD, 268), _ellipsised(clear_cut, WIDTH - 2 * PAD, 32), 32, INK)
    _score_bar(draw, quiz, outcome, top=292)

    _text(draw, (PAD, 364), _ellipsised(texts.factors_heading, 580, 24, bold=True), 24, MUTED,
          bold=True)
    for column, name in enumerate(names):
        x = STARS_LEFT + column * gap
        _text(draw, (x, 364), _ellipsised(name, gap - 50, 24, bold=True), 24, MUTED, bold=True)
    for index, row in enumerate(outcome.factors[:TOP_FACTORS]):
        _factor_row(draw, row, texts, gap, top=384 + index * 76)

    # A palette of 64 holds the flat colours and enough anti-aliasing steps that text stays
    # smooth; without dithering the same input quantises to the same pixels every time.
    # Fast octree and zlib level 6 take about 12 ms together; median cut and `optimize`
    # took 70 ms, for a file 10 % smaller.
    card = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    out = io.BytesIO()
    card.save(out, format="PNG", compress_level=6)
    return out.getvalue()


def _score_bar(draw: ImageDraw.ImageDraw, quiz: Quiz, outcome: Outcome, top: int) -> None:
    """One bar, a part per option in option order, each as long as its share of the total."""
    scores = [outcome.scores[o] for o in quiz.option_ids]
    total = sum(scores)
    left, right, height = PAD, WIDTH - PAD, 16
    draw.rounded_rectangle((left, top, right, top + height), radius=8,
                           fill=OPTION_COLOURS[len(scores) - 1])
    # Each earlier part is drawn from the left edge over the later ones, last to first.
    for index in range(len(scores) - 2, -1, -1):
        share = sum(scores[:index + 1]) / total if total else (index + 1) / len(scores)
        split = left + round((right - left) * share)
        colour = OPTION_COLOURS[index]
        draw.rounded_rectangle((left, top, split, top + height), radius=8, fill=colour)
        # The part's rounded right end would leave a notch: square it off at the split.
        draw.rectangle((max(left, split - 8), top, split, top + height), fill=colour)
        draw.line((split, top, split, top + height), fill=PAPER, width=3)


def _factor_row(draw: ImageDraw.ImageDraw, row: FactorRow, texts: CardTexts, gap: int,
                top: int) -> None:
    name_width = STARS_LEFT - PAD - 40
    _text(draw, (PAD, top + 34), _ellipsised(row.name, name_width, 32, bold=True), 32, INK,
          bold=True)
    importance = texts.importance.format(
        importance=texts.importance_labels.get(row.importance_label, row.importance_label)
    )
    _text(draw, (PAD, top + 64), _ellipsised(importance, name_width, 22), 22, MUTED)
    step = min(36, (gap - 70) // 5)  # 36 px a star with two options, closer with more
    radius = step * 16 // 36
    for column, stars in enumerate(row.stars.values()):
        x = STARS_LEFT + column * gap
        for star in range(5):
            _star(draw, (x + radius + star * step, top + 36), radius=radius, filled=star < stars)


def _star(draw: ImageDraw.ImageDraw, centre: tuple[int, int], radius: int, filled: bool) -> None:
    """A five-pointed star: filled for a star earned, outlined for one not (not colour alone)."""
    cx, cy = centre
    points = []
    for i in range(10):
        r = radius if i % 2 == 0 else radius * 0.42
        angle = math.pi / 2 + i * math.pi / 5
        points.append((cx + r * math.cos(angle), cy - r * math.sin(angle)))
    if filled:
        draw.polygon(points, fill=STAR)
    else:
        draw.polygon(points, outline=STAR, width=3)


# -- text: one font per script, laid out on a common baseline ----------------------------


@functools.lru_cache(maxsize=32)
def _font(size: int, bold: bool, devanagari: bool) -> ImageFont.FreeTypeFont:
    family = "NotoSansDevanagari" if devanagari else "NotoSans"
    path = FONTS / f"{family}-{'Bold' if bold else 'Regular'}.ttf"
    return ImageFont.truetype(str(path), size, layout_engine=LAYOUT)


def _runs(text: str) -> Iterator[tuple[str, bool]]:
    """`text` cut into runs of Devanagari and of everything else, in order.

    Pillow draws a string with one font and neither Noto face has the other's script, so
    each run is drawn (and shaped) with its own face; spaces and punctuation go with Latin.
    """
    position = 0
    for match in _DEVANAGARI.finditer(text):
        if match.start() > position:
            yield text[position : match.start()], False
        yield match.group(), True
        position = match.end()
    if position < len(text):
        yield text[position:], False


def _width(text: str, size: int, bold: bool = False) -> float:
    return sum(_font(size, bold, deva).getlength(run) for run, deva in _runs(text))


def _text(
    draw: ImageDraw.ImageDraw,
    baseline_start: tuple[float, float],
    text: str,
    size: int,
    fill: str,
    bold: bool = False,
) -> None:
    """Draw `text` from the left end of its baseline, switching faces at script changes."""
    x, y = baseline_start
    for run, devanagari in _runs(text):
        font = _font(size, bold, devanagari)
        draw.text((x, y), run, font=font, fill=fill, anchor="ls")
        x += font.getlength(run)


def _fitting_size(text: str, width: int, largest: int, smallest: int, bold: bool) -> int:
    """The largest size from `largest` down to `smallest` at which `text` fits `width`."""
    for size in range(largest, smallest - 1, -4):
        if _width(text, size, bold) <= width:
            return size
    return smallest


def _ellipsised(text: str, width: int, size: int, bold: bool = False) -> str:
    """`text`, cut at a word with an ellipsis if it is wider than `width`."""
    if _width(text, size, bold) <= width:
        return text
    words = text.split()
    while len(words) > 1:
        words.pop()
        shorter = " ".join(words).rstrip(",;:·—-") + "…"
        if _width(shorter, size, bold) <= width:
            return shorter
    return words[0][: max(1, len(words[0]) * width // int(_width(words[0], size, bold)) - 1)] + "…"
