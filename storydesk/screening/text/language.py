"""Which language an answer is written in, or "und" when the text is too short or too unclear to say.

lingua in low-accuracy mode (trigrams only): ~0.6 s and ~90 MB to load every spoken language's
models once per process, well under 1 ms per answer. Low-accuracy mode guesses wildly on a few
words ("Fair is fair." comes out French at 0.38), so a guess is only "sure" on enough words and a
clear lead; otherwise the code is "und" and the candidates are kept as alternatives.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass

UNDETERMINED = "und"  # ISO 639-2 code for "undetermined"
# Below this many words even correct guesses are coin flips in low-accuracy mode.
MIN_WORDS = 3
# Correct guesses on 3+ words measured ≥ 0.80; wrong ones ≤ 0.68 (Portuguese read as Spanish).
MIN_CONFIDENCE = 0.75
ALTERNATIVES = 3

# Past this many characters a longer text tells lingua nothing new, and only costs time.
SAMPLE_CHARS = 2_000

_NOT_PROSE = re.compile(
    r"\b(?:https?://|www\.)\S{1,2000}|(?<![\w.+-])[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){1,8}|[#@]\w+", re.UNICODE
)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Scripts written without spaces between words: count their characters instead of words.
_UNSPACED = re.compile(r"[\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")


@dataclass(frozen=True)
class LanguageGuess:
    code: str  # ISO 639-1, lower case, or "und"
    confidence: float  # lingua's relative confidence of its best candidate, 0..1
    sure: bool
    alternatives: tuple[tuple[str, float], ...] = ()  # best candidates, even when unsure

    def as_evidence(self) -> dict:
        return {
            "language": self.code,
            "confidence": round(self.confidence, 3),
            "alternatives": [{"language": code, "confidence": round(value, 3)} for code, value in self.alternatives],
        }


@functools.cache
def _detector():
    from lingua import LanguageDetectorBuilder  # a model library: only a process that screens text loads it

    # Every living language (Latin is the only one left out); preloading moves the cost to start-up.
    return (LanguageDetectorBuilder.from_all_spoken_languages()
            .with_low_accuracy_mode()
            .with_preloaded_language_models()
            .build())


def load() -> None:
    """Load the models now (a worker calls this at start-up, so no story pays for it)."""
    _detector()


def prose(text: str) -> str:
    """The text without links, addresses, hashtags and mentions, which say nothing about its language."""
    return _NOT_PROSE.sub(" ", text)


def word_count(text: str) -> int:
    words = len(_WORD.findall(text))
    unspaced = len(_UNSPACED.findall(text))
    return max(words, unspaced // 2) if unspaced else words


def detect_language(text: str) -> LanguageGuess:
    text = prose((text or "")[:SAMPLE_CHARS])
    values = _detector().compute_language_confidence_values(text) if _WORD.search(text) else []
    alternatives = tuple(
        (v.language.iso_code_639_1.name.lower(), float(v.value)) for v in values[:ALTERNATIVES] if v.value >= 0.001
    )
    if not alternatives:
        return LanguageGuess(UNDETERMINED, 0.0, False, ())
    best, confidence = alternatives[0]
    sure = confidence >= MIN_CONFIDENCE and word_count(text) >= MIN_WORDS
    return LanguageGuess(best if sure else UNDETERMINED, confidence, sure, alternatives)
