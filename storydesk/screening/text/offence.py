"""What is offensive in an answer, as the campaign file sets it: the English model's score (profanity.py)
and the listed words of the languages the answer may be in (offensive_words.py).

The campaign file's [screening.text_check] table may add topic_words (its own vocabulary: never
offensive), offensive_words (flagged in every language) and offensive_words_by_language (flagged only
in answers that may be in that language).
"""
from __future__ import annotations

from collections.abc import Iterable

from storydesk.screening.text import offensive_words, profanity
from storydesk.screening.text.language import UNDETERMINED


def find_offence(text: str, campaign, languages: Iterable[str]
                 ) -> tuple[profanity.ProfanityScore, tuple[offensive_words.WordFound, ...]]:
    """languages: those the answer may be in. Threat phrases are looked for in every answer, but the
    English model reads only answers that may be English: it scored an honest German answer 0.89 ("Ich habe
    gelernt, in Diskussionen weniger zu reden…"), and on the tune half of the field words it flagged nothing
    the word lists missed."""
    languages = tuple(languages)
    settings = _settings(campaign)
    topic_words = _words(settings.get("topic_words"))
    by_language = settings.get("offensive_words_by_language")
    by_language = by_language if isinstance(by_language, dict) else {}
    english = not languages or "en" in languages or UNDETERMINED in languages
    if english:
        rude = profanity.score_profanity(text, topic_words)
    else:  # an English threat is still a threat in a German answer
        rude = profanity.ProfanityScore(0.0, False, profanity.find_threat(text))
    words = offensive_words.find_offensive_words(
        text, languages, topic_words=topic_words, extra_words=_words(settings.get("offensive_words")),
        extra_by_language={str(code): _words(words) for code, words in by_language.items()})
    return rude, words


def _settings(campaign) -> dict:
    raw = getattr(campaign, "raw", None) or {}
    screening = raw.get("screening", {}) if isinstance(raw, dict) else {}
    settings = screening.get("text_check", {}) if isinstance(screening, dict) else {}
    return settings if isinstance(settings, dict) else {}


def _words(value) -> frozenset[str]:
    return frozenset(str(word).lower() for word in value) if isinstance(value, (list, tuple)) else frozenset()
