"""Counted nouns in English, for the staff's pages, messages and command output ("1 slot", "3 slots"): staff
words are English only, so they need no catalogue (participants' plurals go through ngettext)."""

# Nouns whose plural isn't the singular plus "s".
IRREGULAR = {"person": "people", "is": "are", "was": "were"}


def plural(noun: str, n: int) -> str:
    """The noun as n of it reads: plural("story", 2) == "stories"."""
    if n == 1:
        return noun
    return IRREGULAR.get(noun) or (noun[:-1] + "ies" if noun.endswith("y") and noun[-2:-1] not in "aeiou"
                                   else noun + "es" if noun.endswith(("s", "sh", "ch", "x")) else noun + "s")


def counted(n: int, noun: str) -> str:
    """n and the noun: counted(1, "face") == "1 face", counted(0, "face") == "0 faces"."""
    return f"{n:,} {plural(noun, n)}"


def listed(words: list[str]) -> str:
    """Words as a sentence lists them: listed(["the gallery", "Instagram"]) == "the gallery and Instagram"."""
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
