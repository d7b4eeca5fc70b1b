"""The one split of every labelled field set (answers, words, photos) into a half that settings are tuned on
and a held-out half that results are reported on.

The split is made once, by a fixed seed, within each stratum (a theme, a language, a kind of photo), so both
halves hold every stratum. Items are keyed by a stable name, not their position: adding items to a set never
moves an existing item to the other half. Nothing may be chosen by looking at held-out results; the
benchmark prints both halves so the gap between them shows how much tuning leaked.
"""
from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Literal, TypeVar

T = TypeVar("T")
Half = Literal["tune", "held_out"]

SEED = "storydesk-field-set-2026-12-07"  # never change: it would move items between the halves
TUNE: Half = "tune"
HELD_OUT: Half = "held_out"


def split(items: Iterable[T], *, key: Callable[[T], str], stratum: Callable[[T], str]) -> dict[str, Half]:
    """Each item's half, by its key: within each stratum, ordered by a seeded hash, the first half is tune.

    A stratum of odd size gives its extra item to the held-out half, so the reported half is never smaller.
    """
    by_stratum: dict[str, list[str]] = {}
    for item in items:
        by_stratum.setdefault(stratum(item), []).append(key(item))
    halves: dict[str, Half] = {}
    for keys in by_stratum.values():
        if len(set(keys)) != len(keys):
            raise ValueError("every labelled item needs its own key")
        ordered = sorted(keys, key=_rank)
        cut = len(ordered) // 2
        halves.update({k: TUNE for k in ordered[:cut]})
        halves.update({k: HELD_OUT for k in ordered[cut:]})
    return halves


def _rank(key: str) -> str:
    return hashlib.sha256(f"{SEED}:{key}".encode()).hexdigest()
