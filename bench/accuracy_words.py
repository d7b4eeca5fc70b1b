"""Offensive words across languages: how many of the hand-labelled insults, sexual texts and slurs
(tests/support/samples/field_words.py) the text check flags, and how many honest answers in the
campaign's own vocabulary it flags (the target is none), per kind and per language, with the time per text.

No database: the check's offensive part (offence.find_offence) runs directly, with the default campaign
file's words and the language the answer is guessed to be in, as a screened story gets them.

    PYTHONPATH=. .venv/bin/python -m bench.accuracy_words tune      # settings are chosen on this half
    PYTHONPATH=. .venv/bin/python -m bench.accuracy_words held_out  # reported once, at the end
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict

from storydesk.campaigns.spec import read_campaign_file
from storydesk.screening.text import language, offence, offensive_words, profanity
from tests.support.samples.field_words import CLEAN, OFFENSIVE_KINDS, half


def measure(half_name: str) -> dict:
    campaign, _ = read_campaign_file()
    language.load()
    profanity.load()
    offensive_words.load()
    items = half(half_name)
    flagged: dict[str, list[bool]] = defaultdict(list)
    by_language: dict[str, list[bool]] = defaultdict(list)
    misses, false_flags = [], []
    started = time.perf_counter()
    for item in items:
        guess = language.detect_language(item.text)
        rude, words = offence.find_offence(item.text, campaign, (guess.code, *(c for c, _ in guess.alternatives)))
        hit = rude.offensive or bool(words)
        flagged[item.kind].append(hit)
        if item.offensive:
            by_language[item.language].append(hit)
            if not hit:
                misses.append(item.key)
        elif hit:
            why = [w.word for w in words] + ([f"model {rude.probability:.2f}"] if rude.offensive else [])
            false_flags.append(f"{item.key}: {', '.join(why)}")
    elapsed = time.perf_counter() - started
    offensive = [hit for kind in OFFENSIVE_KINDS for hit in flagged[kind]]
    return {
        "half": half_name,
        "texts": len(items),
        "offensive_flagged": _rate(offensive),
        "by_kind": {kind: _rate(flagged[kind]) for kind in OFFENSIVE_KINDS},
        "by_language": {code: _rate(hits) for code, hits in sorted(by_language.items())},
        "campaign_vocabulary_flagged": {"flagged": sum(flagged[CLEAN]), "of": len(flagged[CLEAN])},
        "ms_per_text": round(1000 * elapsed / max(len(items), 1), 2),
        "missed": misses,
        "false_flags": false_flags,
    }


def _rate(hits: list[bool]) -> dict:
    return {"flagged": sum(hits), "of": len(hits), "rate": round(sum(hits) / len(hits), 3) if hits else None}


def lines(result: dict) -> list[str]:
    def pct(r: dict) -> str:
        return f"{r['flagged']}/{r['of']} ({r['rate']:.0%})" if r["of"] else "none"

    clean = result["campaign_vocabulary_flagged"]
    out = [f"Offensive words, {result['half']} half, {result['texts']} texts, {result['ms_per_text']} ms per text",
           f"  offensive flagged: {pct(result['offensive_flagged'])}",
           "  by kind: " + ", ".join(f"{kind} {pct(r)}" for kind, r in result["by_kind"].items()),
           "  by language: " + ", ".join(f"{code} {pct(r)}" for code, r in result["by_language"].items()),
           f"  campaign vocabulary flagged: {clean['flagged']}/{clean['of']}"]
    if result["missed"]:
        out.append("  missed: " + ", ".join(result["missed"]))
    out += [f"  false flag: {line}" for line in result["false_flags"]]
    return out


if __name__ == "__main__":
    print("\n".join(lines(measure(sys.argv[1] if len(sys.argv) > 1 else "tune"))))
