"""Offensive words across languages: how many of the hand-labelled insults, sexual texts and slurs
(tests/support/samples/field_words.py) the text check flags, and how many honest answers in the
campaign's own vocabulary it flags (the target is none), per kind and per language, with the time per text.

It also counts the honest answers of tests/support/samples/answers.py and field_answers.py that are
flagged: none should be.

The halves: the first batch's held-out half (tests/support/samples/field_words.py) was seen on 2026-12-07,
so all of that batch is tuning material now ("tune"), and a fresh batch written independently afterwards
(tests/support/samples/field_words_fresh.py) is the held-out set ("held_out"), measured once, at the end.

No database: the check's offensive part (offence.find_offence) runs directly, with the default campaign
file's words and the language the answer is guessed to be in, as a screened story gets them.

    PYTHONPATH=. .venv/bin/python -m bench.accuracy_words tune      # settings are chosen on this set
    PYTHONPATH=. .venv/bin/python -m bench.accuracy_words held_out  # reported once, at the end
"""
from __future__ import annotations

import sys
import time
from collections import defaultdict

from storydesk.campaigns.spec import read_campaign_file
from storydesk.screening.text import language, offence, offensive_words, profanity
from tests.support.samples.answers import LABELLED_ANSWERS
from tests.support.samples.field_answers import FIELD_ANSWERS
from tests.support.samples.field_words import CLEAN, FIELD_WORDS, OFFENSIVE_KINDS


def texts(half_name: str) -> tuple:
    """The whole first batch to tune on; the fresh batch, written after the first one's held-out half was
    seen, to report."""
    if half_name == "tune":
        return FIELD_WORDS
    from tests.support.samples.field_words_fresh import FRESH_WORDS

    return FRESH_WORDS


def honest_answers() -> list[str]:
    """Answers labelled with a theme: every one is honest, so every flag on them is a false one."""
    return [a.text for a in LABELLED_ANSWERS] + [a.text for a in FIELD_ANSWERS]


def measure(half_name: str) -> dict:
    """half_name: "tune" (all of the first batch) or "held_out" (the fresh batch)."""
    campaign, _ = read_campaign_file()
    language.load()
    profanity.load()
    offensive_words.load()
    items = texts(half_name)
    flagged: dict[str, list[bool]] = defaultdict(list)
    by_language: dict[str, list[bool]] = defaultdict(list)
    misses, false_flags = [], []
    started = time.perf_counter()
    for item in items:
        rude, words = _check(item.text, campaign)
        hit = rude.offensive or bool(words)
        flagged[item.kind].append(hit)
        if item.offensive:
            by_language[item.language].append(hit)
            if not hit:
                misses.append(item.key)
        elif hit:
            false_flags.append(f"{item.key}: {_why(rude, words)}")
    elapsed = time.perf_counter() - started
    honest = honest_answers()
    honest_flags = []
    for text in honest:
        rude, words = _check(text, campaign)
        if rude.offensive or words:
            honest_flags.append(_why(rude, words))
    offensive = [hit for kind in OFFENSIVE_KINDS for hit in flagged[kind]]
    return {
        "half": half_name,
        "texts": len(items),
        "offensive_flagged": _rate(offensive),
        "by_kind": {kind: _rate(flagged[kind]) for kind in OFFENSIVE_KINDS},
        "by_language": {code: _rate(hits) for code, hits in sorted(by_language.items())},
        "campaign_vocabulary_flagged": {"flagged": sum(flagged[CLEAN]), "of": len(flagged[CLEAN])},
        "ms_per_text": round(1000 * elapsed / max(len(items), 1), 2),
        "honest_answers_flagged": {"flagged": len(honest_flags), "of": len(honest)},
        "missed": misses,
        "false_flags": false_flags + [f"honest answer: {why}" for why in honest_flags],
    }


def _why(rude, words) -> str:
    return ", ".join([w.word for w in words] + ([f"model {rude.probability:.2f}"] if rude.offensive else []))


def _check(text: str, campaign):
    guess = language.detect_language(text)
    return offence.find_offence(text, campaign, (guess.code, *(c for c, _ in guess.alternatives)))


def _rate(hits: list[bool]) -> dict:
    return {"flagged": sum(hits), "of": len(hits), "rate": round(sum(hits) / len(hits), 3) if hits else None}


def lines(result: dict) -> list[str]:
    def pct(r: dict) -> str:
        return f"{r['flagged']}/{r['of']} ({r['rate']:.0%})" if r["of"] else "none"

    clean = result["campaign_vocabulary_flagged"]
    out = [f"Offensive words, {result['half']} set, {result['texts']} texts, {result['ms_per_text']} ms per text",
           f"  offensive flagged: {pct(result['offensive_flagged'])}",
           "  by kind: " + ", ".join(f"{kind} {pct(r)}" for kind, r in result["by_kind"].items()),
           "  by language: " + ", ".join(f"{code} {pct(r)}" for code, r in result["by_language"].items()),
           f"  campaign vocabulary flagged: {clean['flagged']}/{clean['of']}",
           "  honest answers flagged: {flagged}/{of}".format(**result["honest_answers_flagged"])]
    if result["missed"]:
        out.append("  missed: " + ", ".join(result["missed"]))
    out += [f"  false flag: {line}" for line in result["false_flags"]]
    return out


if __name__ == "__main__":
    print("\n".join(lines(measure(sys.argv[1] if len(sys.argv) > 1 else "tune"))))
