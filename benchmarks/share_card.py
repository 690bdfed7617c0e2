"""How long drawing a new share card takes, and how big the PNG is."""

import statistics
import time

from advisor_web.quiz import default_quiz, score
from advisor_web.share_card import draw_share_card

from .scoring import ANSWERS

DRAWS = 21


def measure(draws: int = DRAWS) -> tuple[float, int]:
    """Median seconds to draw one card over `draws` draws, and the card's size in bytes."""
    quiz = default_quiz()
    outcome = score(quiz, ANSWERS)
    draw_share_card(quiz, outcome)  # loads the fonts once, as a running server has
    times = []
    for _ in range(draws):
        started = time.perf_counter()
        png = draw_share_card(quiz, outcome)
        times.append(time.perf_counter() - started)
    return statistics.median(times), len(png)


def main():
    seconds, size = measure()
    return [
        (f"share card: draw one (ms, median of {DRAWS})", f"{seconds * 1e3:.0f}", "≤ 100"),
        ("share card: PNG size (kB)", f"{size / 1000:.0f}", "≤ 100"),
    ]
