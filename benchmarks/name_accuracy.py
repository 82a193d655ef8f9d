"""How well the library reads file names: the share of guessit's and Jellyfin's
published test cases (tests/fixtures/media_names/cases.json) parsed to the right
title and year, and to the right edition, part and kind where the case names them.

    PYTHONPATH=src python benchmarks/name_accuracy.py [--misses]

No database: parsing only (matching is measured by the tests).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from pathlib import Path

CASES = Path(__file__).resolve().parent.parent / "tests/fixtures/media_names/cases.json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cinematheque.settings")
    import django

    django.setup()
    from cinematheque.watch.library.accuracy import evaluate

    cases = json.loads(CASES.read_text())["cases"]
    started = time.perf_counter()
    results = evaluate(cases)
    elapsed = time.perf_counter() - started
    by_source: Counter[str] = Counter()
    right: Counter[str] = Counter()
    details_right = details_total = 0
    for result in results:
        source = result.case["source"].split(":")[0]
        by_source[source] += 1
        right[source] += result.title_year_right
        details_total += result.details_total
        details_right += result.details_right
    for source in sorted(by_source):
        share = right[source] / by_source[source]
        print(
            f"{source:9} title+year right: {right[source]}/{by_source[source]} "
            f"({share:.1%})"
        )
    total = sum(by_source.values())
    print(
        f"{'all':9} title+year right: {sum(right.values())}/{total} "
        f"({sum(right.values()) / total:.1%})"
    )
    print(f"edition/part/kind right where named: {details_right}/{details_total}")
    print(f"{total} names in {elapsed:.2f} s")
    if args.misses:
        for result in results:
            if not result.all_right:
                print(f"MISS {result.case['path']!r}: got {result.describe()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
