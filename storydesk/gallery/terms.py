"""Search terms: the words of a public story, and of a visitor's query, folded the same way.

Folding (case, accents, apostrophes) rather than stemming: stories come in many languages, and a word
folded the same way on both sides matches "Égalité" to "egalite" in all of them."""
from __future__ import annotations

import re
import unicodedata

MIN_LENGTH = 2
MAX_LENGTH = 60
MAX_QUERY_WORDS = 6
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def words(text: str) -> list[str]:
    """The distinct folded words of a text, in order of first appearance."""
    seen: dict[str, None] = {}
    for word in _WORD.findall(fold(text)):
        if MIN_LENGTH <= len(word) <= MAX_LENGTH:
            seen.setdefault(word, None)
    return list(seen)


def query_words(query: str) -> list[str]:
    """A visitor's search as words every result must contain (the first few, so a pasted essay stays cheap)."""
    return words(query[:500])[:MAX_QUERY_WORDS]


def country_term(code: str) -> str:
    return f"country:{code.casefold()}"


def theme_term(name: str) -> str:
    return f"theme:{fold(name)}"[:200]


def month_term(month: str) -> str:
    return f"month:{month}"
