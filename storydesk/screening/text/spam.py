"""Signs that an answer is advertising or noise rather than a story: links, e-mail addresses,
piles of hashtags or mentions, stretched characters, repeated words, shouting, and
money/crypto/promotion talk. Each signal names what was seen, so a moderator can judge it.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

# Instagram captions we publish carry at most 5 hashtags; a longer pile is tag spam.
MAX_HASHTAGS = 5
# Tagging the campaign (and a friend or two) is expected; more is mention spam.
MAX_MENTIONS = 3
# "soooo" is enthusiasm; six of one character in a row is noise ("!!!!!!", "loooooove").
REPEATED_CHARACTERS = 6
# "no, no, no" is rhetoric; a fourth time is noise.
REPEATED_WORDS = 4
# Shouting: this share of cased letters in capitals, counted on at least MIN_CASED_LETTERS.
CAPS_SHARE = 0.7
MIN_CASED_LETTERS = 20

# Anchored at a word start and bounded, so hostile input ("a.a.a.a…") stays linear.
_LINK = re.compile(
    r"(?<![\w.@/-])(?:(?:https?://|www\.)[^\s<>\"]{1,2000}"
    r"|(?:[a-z0-9-]{1,63}\.){1,6}(?:com|org|net|io|co|ly|me|gg|xyz|info|biz|app|link|site|online|shop|top|club|ru|cn|tk)"
    r"(?:/[^\s<>\"]{0,2000})?(?![\w@]))",
    re.IGNORECASE,
)
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@(?:[\w-]{1,63}\.){1,8}[^\W\d_]{2,24}\b", re.UNICODE)
_HASHTAG = re.compile(r"(?<![\w#&])#[^\W\d_][\w]*", re.UNICODE)
_MENTION = re.compile(r"(?<![\w@.])@[\w.]{2,}", re.UNICODE)
_STRETCH = re.compile(rf"(\S)\1{{{REPEATED_CHARACTERS - 1},}}")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Not money amounts or "earn": "women earn $0.82 per $1" is this campaign's subject, not an advert.
_PROMO = re.compile(
    r"\b(?:crypto(?:currency)?|bitcoin|btc|ethereum|eth|usdt|nft|forex|binary\s+options?|airdrop|"
    r"giveaway|promo(?:\s+code)?|coupon|\d\s*%\s*off|free\s+(?:followers|likes|money|gift)|"
    r"(?:buy|get)\s+(?:followers|likes)|follow\s+(?:back|for\s+follow)|f4f|l4l|dm\s+(?:me|us)\s+(?:for|to)|"
    r"click\s+(?:here|the\s+link|link)|link\s+in\s+(?:my\s+)?bio|sign\s+up\s+now|limited\s+offer|"
    r"(?:make|earn)\s+(?:money|cash)\s+(?:online|fast|from\s+home|daily)|passive\s+income|investment\s+(?:plan|opportunity)|"
    r"double\s+your\s+(?:money|investment|bitcoin)|casino|jackpot|onlyfans|cash\s?app|"
    r"gana\s+dinero|ganhe\s+dinheiro|gagner\s+de\s+l'argent|argent\s+facile)\b",
    re.IGNORECASE | re.UNICODE,
)


@dataclass(frozen=True)
class SpamSignal:
    signal: str  # link | email | hashtags | mentions | repeated_characters | repeated_words | all_caps | promotion
    detail: str  # what was seen, in plain words

    def as_evidence(self) -> dict:
        return {"signal": self.signal, "detail": self.detail}


def find_spam_signals(text: str, *, campaign_tags: Iterable[str] = ()) -> list[SpamSignal]:
    """campaign_tags: hashtags and handles the campaign asks for (they still count towards the pile)."""
    text = text or ""
    signals: list[SpamSignal] = []
    links = [m.group(0) for m in _LINK.finditer(_EMAIL.sub(" ", text))]
    if links:
        signals.append(SpamSignal("link", _listing("link", links)))
    emails = _EMAIL.findall(text)
    if emails:
        signals.append(SpamSignal("email", _listing("e-mail address", emails)))
    hashtags = _HASHTAG.findall(text)
    if len(hashtags) > MAX_HASHTAGS:
        own = {t.lower() for t in campaign_tags}
        others = [t for t in hashtags if t.lower() not in own]
        signals.append(SpamSignal("hashtags", f"{len(hashtags)} hashtags (at most {MAX_HASHTAGS} are published)"
                                  + (f": {', '.join(others[:8])}" if others else "")))
    mentions = _MENTION.findall(_EMAIL.sub(" ", text))
    if len(mentions) > MAX_MENTIONS:
        signals.append(SpamSignal("mentions", f"{len(mentions)} mentions: {', '.join(mentions[:8])}"))
    stretched = _STRETCH.search(text)
    if stretched:
        signals.append(SpamSignal("repeated_characters", f"a character repeated: {stretched.group(0)[:20]!r}"))
    repeated = _repeated_word(text)
    if repeated:
        signals.append(SpamSignal("repeated_words", f"{repeated!r} {REPEATED_WORDS} or more times in a row"))
    shouting = _caps_share(text)
    if shouting is not None:
        signals.append(SpamSignal("all_caps", f"written in capitals ({shouting:.0%} of letters)"))
    promo = sorted({m.group(0).lower() for m in _PROMO.finditer(text)})
    if promo:
        signals.append(SpamSignal("promotion", f"money or promotion words: {', '.join(promo[:8])}"))
    return signals


def _listing(noun: str, items: list[str]) -> str:
    shown = ", ".join(items[:5]) + (" …" if len(items) > 5 else "")
    return f"{len(items)} {noun}{'s' if len(items) > 1 else ''}: {shown}"


def _repeated_word(text: str) -> str | None:
    run, previous = 0, None
    for match in _WORD.finditer(text):
        word = match.group(0).lower()
        run = run + 1 if word == previous else 1
        previous = word
        if run >= REPEATED_WORDS:
            return word
    return None


def _caps_share(text: str) -> float | None:
    """The share of capitals when the prose (not tags, handles or links) is mostly shouted, else None."""
    prose = _MENTION.sub(" ", _HASHTAG.sub(" ", _LINK.sub(" ", text)))
    cased = [c for c in prose if c.isupper() or c.islower()]
    if len(cased) < MIN_CASED_LETTERS:
        return None
    share = sum(c.isupper() for c in cased) / len(cased)
    return share if share >= CAPS_SHARE else None
