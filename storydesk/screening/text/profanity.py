"""How offensive an answer reads, from alt-profanity-check's linear model (bag of words, in its wheel).

The model weighs words, not meaning, so the words this campaign exists to talk about ("rape",
"sexist", "killing", "sexual") push a heartfelt answer towards "offensive": "Rape culture and
sexism hurt everyone." scores 0.70 as written. We therefore also score the text with those topic
words taken out (offensive_words.without_topic_words: the campaign's one vocabulary) and keep the
lower of the two, and try a de-leetspeaked copy ("b1tch", "a$$", "f u c k"), which the model
otherwise misses, keeping the higher.
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from storydesk.screening.text.offensive_words import without_topic_words

# Measured on the tests' sentences, after taking topic words out: everyday campaign answers ≤ 0.72
# ("I was a fool to think it didn't concern me."), the mildest clear abuse ≥ 0.77
# ("Women are whores and deserve nothing."); the model's own cut-off (0.5) flags
# "Men who hit women are cowards." A flag only puts the story in front of a human.
OFFENSIVE_AT = 0.75

# Threats are not swear words, so the model (and the topic-word masking) can miss them.
_THREAT = re.compile(
    r"\b(?:kill\s+your\s*self|kys|i(?:'?ll|\s+will|\s+am\s+going\s+to|'?m\s+gonna)\s+(?:rape|kill|hurt|beat|find)\s+(?:you|u|ya|her))\b",
    re.IGNORECASE,
)

_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s", "!": "i", "|": "l"}
)
# Words are translated only when they hold a letter and a stand-in ("b1tch", "a$$hole", "@sshole").
_TOKEN = re.compile(r"[\w@$!|]+", re.UNICODE)
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_SPELLED_OUT = re.compile(r"\b(?:[^\W\d_][ .*_-]){2,}[^\W\d_]\b", re.UNICODE)  # "f u c k", "f.u.c.k"
_STRETCHED = re.compile(r"([^\W\d_])\1{2,}", re.UNICODE)  # "fuuuck" → "fuck"
_STAND_IN = re.compile(r"[013457@$!|]")


@dataclass(frozen=True)
class ProfanityScore:
    probability: float  # 0..1, the model's calibrated "profane" probability
    leetspeak: bool  # only the de-leetspeaked copy reads as offensive
    threat: str | None  # the threatening phrase found, if any

    @property
    def offensive(self) -> bool:
        return self.probability >= OFFENSIVE_AT or self.threat is not None


@functools.cache
def _model():
    from profanity_check import predict_prob  # loads its vectorizer and model at import (~2 s, ~115 MB)

    return predict_prob


def load() -> None:
    """Load the model now (a worker calls this at start-up, so no story pays for it)."""
    _model()


def normalise_leetspeak(text: str) -> str:
    """Undo the usual disguises: digits and symbols inside words, spelled-out letters, stretched letters."""
    def unleet(match: re.Match) -> str:
        token = match.group(0)
        word = token.rstrip("!")  # only a "!" inside a word stands for an "i": "b!tch!" → "bitch"
        if not _LETTER.search(word) or not _STAND_IN.search(word):
            return token  # "2020", "$50", "18", "Hello!"
        return word.translate(_LEET)

    text = _SPELLED_OUT.sub(lambda m: re.sub(r"[ .*_-]", "", m.group(0)), text)
    text = _TOKEN.sub(unleet, text)
    return _STRETCHED.sub(r"\1", text)


def find_threat(text: str) -> str | None:
    """The threatening phrase in text, if any: English threats come in answers in any language."""
    return _threat(normalise_leetspeak(text or ""))


def _threat(unleeted: str) -> str | None:
    found = _THREAT.search(unleeted)
    return found.group(0) if found else None


def score_profanity(text: str, topic_words: Iterable[str] = ()) -> ProfanityScore:
    """topic_words: the campaign file's own, taken out with the campaign's vocabulary
    (offensive_words.CAMPAIGN_VOCABULARY)."""
    plain = text or ""
    unleeted = normalise_leetspeak(plain)
    variants = [plain, without_topic_words(plain, topic_words)]
    if unleeted != plain:
        variants += [unleeted, without_topic_words(unleeted, topic_words)]
    probs = [float(p) for p in _model()(variants)]  # one call: the model's overhead is per call, not per text
    as_written = min(probs[0], probs[1])
    disguised = min(probs[2], probs[3]) if len(probs) > 2 else 0.0
    return ProfanityScore(
        probability=max(as_written, disguised),
        leetspeak=disguised > as_written and disguised >= OFFENSIVE_AT,
        threat=_threat(unleeted),
    )
