"""The answer's words: length within the campaign's limits, language, offensive words, spam signals
and personal data (with spans, so the public caption can leave it out).

Outcome: flag when any problem is found (so a human looks at it first), pass otherwise; nothing
here fails a story. Language is recorded, never a reason to flag.

Offensive means either English the profanity model scores high (profanity.py) or words on the word lists
of the answer's possible languages (offensive_words.py); the campaign's own vocabulary is neither.

Score: 1.0 for a clean answer, 0.0 for an empty one; otherwise 1.0 multiplied by
0.5 for a length problem, (1 − offensive probability, at most 0.5) when offensive,
0.5 when it holds personal data, and 0.8 for each spam signal.
"""
from __future__ import annotations

from storydesk.languages import english_name
from storydesk.screening.evidence import (
    LanguageCandidate,
    OffensiveWordFound,
    PersonalDataSpan,
    SpamSignalFound,
    TextEvidence,
)
from storydesk.screening.result import StepResult
from storydesk.screening.text import language, offence, offensive_words, personal_data, profanity, spam

name = "text_check"

# Hostile input: the answer limit is ~1,200 characters; past this much nothing new is learnt.
MAX_ANALYSED_CHARS = 20_000

_KIND_WORDS = {
    "phone": ("a phone number", "phone numbers"),
    "email": ("an e-mail address", "e-mail addresses"),
    "address": ("a street address", "street addresses"),
    "profile_link": ("a link to a personal profile", "links to personal profiles"),
}
_SPAM_WORDS = {
    "link": "contains {detail}",
    "hashtags": "too many hashtags: {detail}",
    "mentions": "too many mentions: {detail}",
    "repeated_characters": "{detail}",
    "repeated_words": "repeated word: {detail}",
    "all_caps": "{detail}",
    "promotion": "{detail}",
    "email": "contains {detail}",
}


def load() -> None:
    """Load the language and profanity models and the word lists (a worker calls this once at start-up)."""
    language.load()
    profanity.load()
    offensive_words.load()


def check(ctx) -> StepResult:
    raw = ctx.answer or ""
    answer = raw.strip()
    campaign = ctx.campaign
    min_chars, max_chars = campaign.answer_min_chars, campaign.answer_max_chars
    limits = {"length": len(answer), "min_chars": min_chars, "max_chars": max_chars}
    if not answer:
        return StepResult("flag", 0.0, TextEvidence(**limits, **_language(language.LanguageGuess(
            language.UNDETERMINED, 0.0, False)), flags=("no answer text",)))

    flags: list[str] = []
    score = 1.0
    if len(answer) < min_chars:
        flags.append(f"answer too short ({len(answer):,} characters; at least {min_chars:,})")
        score *= 0.5
    elif len(answer) > max_chars:
        flags.append(f"answer too long ({len(answer):,} characters; at most {max_chars:,})")
        score *= 0.5
    text = raw[:MAX_ANALYSED_CHARS]  # unstripped, so personal-data spans index ctx.answer itself
    if len(raw) > MAX_ANALYSED_CHARS:
        flags.append(f"only the first {MAX_ANALYSED_CHARS:,} characters were checked")

    guessed = language.detect_language(text)
    guess = _language(guessed)

    rude, words = offence.find_offence(text, campaign, (guessed.code, *(code for code, _ in guessed.alternatives)))
    if rude.offensive or words:
        disguised = ", disguised spelling" if rude.leetspeak else ""
        if rude.offensive:
            flags.append(f"possibly offensive{disguised} ({rude.probability:.2f})")
        if rude.threat:
            flags.append(f"possible threat: {rude.threat!r}")
        if words:
            flags.append("offensive words: " + ", ".join(
                f"“{w.word}” ({w.kind}{', ' + english_name(w.language) if w.language else ''})" for w in words))
        score *= min(0.5, 1.0 - rude.probability)

    found = personal_data.find_personal_data(text, public_handles=_public_handles(campaign))
    for kind, (one, many) in _KIND_WORDS.items():
        count = sum(item.kind == kind for item in found)
        if count:
            flags.append(f"contains {one}" if count == 1 else f"contains {count} {many}")
    if found:
        score *= 0.5

    signals = spam.find_spam_signals(text, campaign_tags=_campaign_tags(campaign))
    for signal in signals:
        if signal.signal == "email" and any(item.kind == "email" for item in found):
            continue  # already said as personal data
        flags.append(_SPAM_WORDS[signal.signal].format(detail=signal.detail))
        score *= 0.8

    evidence = TextEvidence(
        **limits, **guess, profanity=round(rude.probability, 3), leetspeak=rude.leetspeak, threat=rude.threat,
        offensive_words=tuple(OffensiveWordFound(w.kind, w.word, w.language) for w in words),
        personal_data=tuple(PersonalDataSpan(item.kind, item.start, item.end, item.text) for item in found),
        spam_signals=tuple(SpamSignalFound(signal.signal, signal.detail) for signal in signals), flags=tuple(flags))
    return StepResult("flag" if flags else "pass", round(score, 3), evidence)


def _language(guess: language.LanguageGuess) -> dict:
    return {"language": guess.code, "confidence": round(guess.confidence, 3),
            "alternatives": tuple(LanguageCandidate(code, round(value, 3)) for code, value in guess.alternatives)}


def _campaign_tags(campaign) -> tuple[str, ...]:
    return (getattr(campaign, "sign_tag", ""), *getattr(campaign, "post_tags", ()))


def _public_handles(campaign) -> tuple[str, ...]:
    handle = getattr(campaign, "handle", "")
    return (handle,) if handle else ()
