"""`make bench`: run every benchmark and print one table (Markdown, ready for the README).

Each module listed in MODULES has `main() -> list[Row]`; a Row is (measure, value, goal),
with goal "" where there is none. Add a module to MODULES to add rows.
"""

from __future__ import annotations

import importlib
import platform
import sys
import time

MODULES = ["benchmarks.scoring", "benchmarks.share_card", "benchmarks.http", "benchmarks.dashboard",
           "benchmarks.feedback", "benchmarks.replay", "benchmarks.purge", "benchmarks.migration",
           "benchmarks.outbox", "benchmarks.consultations"]


def table(rows: list[tuple[str, str, str]]) -> str:
    lines = ["| measure | value | goal |", "|---|---:|---|"]
    lines += [f"| {measure} | {value} | {goal} |" for measure, value, goal in rows]
    return "\n".join(lines)


def main() -> int:
    started = time.monotonic()
    rows = []
    for name in MODULES:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        rows += importlib.import_module(name).main()
    print()
    print(f"Backend Advisor benchmarks — Python {platform.python_version()}, "
          f"{platform.machine()}, took {time.monotonic() - started:.0f} s")
    print()
    print(table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
