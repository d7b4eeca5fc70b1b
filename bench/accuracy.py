"""Screening's accuracy on the labelled field sets, every part on both halves: the tune half, which settings
were chosen on, and the held-out half, which nothing was chosen on (tests/support/samples/split.py).

Each part is a module here with `measure(half) -> dict` and `lines(result) -> list[str]`, measured without a
database, straight through the step's own code: signs (sign_check on field photos), people (person_check on
field photos), themes (theme tagging, language detection and near-duplicate answers on field answers) and
words (offensive words on field texts). Where a part's first held-out half was seen before its settings were
final, its module says so, and its held-out half is a fresh batch written (or drawn) after that.
"""
from __future__ import annotations

from importlib import import_module

PARTS = ("signs", "people", "themes", "words")
HALVES = ("tune", "held_out")


def run_accuracy_bench(parts=PARTS, halves=HALVES, report=print) -> dict:
    results: dict = {}
    for part in parts:
        module = import_module(f"bench.accuracy_{part}")
        for half in halves:
            result = module.measure(half)
            results.setdefault(part, {})[half] = result
            report("")
            for line in module.lines(result):
                report(line)
    return results


def percentile(values, p: float) -> float:
    """The nearest-rank p-th percentile (p95: p=95) of the values, as every screening measure reports it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
