"""Which of our languages a mail's sender writes in, so every message back to them is in it: the
Content-Language header when it names one of ours, else a guess from the words, else "" (the campaign's)."""
from __future__ import annotations

import functools
from email.message import Message

from storydesk.channels.email import headers
from storydesk.languages import CODES, supported

SAMPLE_CHARS = 1_000  # enough words to tell our languages apart; more only costs time
MIN_CONFIDENCE = 0.6  # among ours only: text in another language comes out as a weak guess at one of ours
MIN_LETTERS = 12  # "Thanks!" says nothing about a language


def mail_language(msg: Message, answer: str, subject: str) -> str:
    declared = supported(headers.header_text(msg, "Content-Language").split(",")[0])
    return declared or guessed_language(f"{answer}\n{subject}")


def guessed_language(text: str) -> str:
    text = text.strip()[:SAMPLE_CHARS]
    if sum(c.isalpha() for c in text) < MIN_LETTERS:
        return ""
    best = _detector().compute_language_confidence_values(text)[0]
    return supported(best.language.iso_code_639_1.name) if best.value >= MIN_CONFIDENCE else ""


def load_models() -> None:
    """Load the detector and the models of the Latin-script languages now (~130 MB, ~0.9 s): before a pool
    of processes forks (channels/prepare_pool.py), so they share them instead of each loading its own."""
    guessed_language("Equality matters to me because every child deserves the same chances in life.")


@functools.cache
def _detector():
    """Built once per process, on the first mail that needs a guess; our languages' models only."""
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder  # a model library: loaded only when needed

    ours = {Language.from_iso_code_639_1(getattr(IsoCode639_1, code.split("-")[0].upper())) for code in CODES}
    return LanguageDetectorBuilder.from_languages(*ours).build()
