"""Personal data written into an answer (phone numbers, e-mail addresses, street addresses, profile
links), found with their character spans so the public caption can leave them out.

Patterns, not a model: each kind has a loose candidate pattern and a check in plain Python that
throws out what only looks like one (years, dates, money, counts, "via Instagram 3 times").
Street addresses are found when written with a number and a street word, in English, French,
Spanish, Portuguese, Italian, German and Dutch; names must be capitalised, so "5 miles down the
road" is not an address (and an all-lower-case address is missed).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

REMOVED = "[removed]"


@dataclass(frozen=True)
class PersonalData:
    kind: str  # "phone" | "email" | "address" | "profile_link"
    start: int
    end: int
    text: str

    def as_evidence(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}


# --- e-mail addresses --------------------------------------------------------------------------
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]{1,64}@(?:[\w-]{1,63}\.){1,8}[^\W\d_]{2,24}\b", re.UNICODE)
_AT = r"\s*[\[({]\s*at\s*[\])}]\s*"
_DOT = r"\s*[\[({]\s*dot\s*[\])}]\s*"
_EMAIL_SPELLED = re.compile(
    # "jo [at] mail [dot] com", "jo (at) mail.com", "jo at mail dot com"
    rf"(?<![\w.+-])[\w.+-]{{1,64}}(?:{_AT}[\w-]{{1,63}}(?:(?:{_DOT}|\.)[\w-]{{1,63}}){{1,4}}"
    r"|\s+at\s+[\w-]{1,63}(?:\s+dot\s+[\w-]{1,63}){0,3}\s+dot\s+(?:com|org|net|edu|gov|info|io|co|uk|fr|de|es|it|ke|ng|za|br|mx|ca|au)\b)",
    re.IGNORECASE | re.UNICODE,
)

# --- phone numbers -----------------------------------------------------------------------------
_PHONE = re.compile(r"(?<![\w+$€£¥₹/.,:-])(?:\+|\(\+?)?\d[\d ().\-/\u00a0]{4,24}\d(?![\w%€$£]|[.,]\d)", re.UNICODE)
_PHONE_WORDS = re.compile(
    r"(?:call|phone|tel|telephone|mobile|cell|whats\s?app|sms|text\s+me|contact|number|n[uú]mero|num[eé]ro|"
    r"t[eé]l[eé]phone|tel[eé]fono|telefone|telefon|handy|portable|celular|simu|rufnummer)\W{0,3}(?:\w+\W{1,3}){0,3}$",
    re.IGNORECASE,
)
_CURRENCY_BEFORE = re.compile(
    r"(?:[$€£¥₹]|\b(?:usd|eur|gbp|inr|kes|ksh|ngn|zar|rs|r\$|brl|mxn|cad|aud))\s?$",
    re.IGNORECASE,
)
_UNIT_AFTER = re.compile(
    r"^\s?(?:[$€£¥₹%]|(?:usd|eur|euros?|dollars?|pounds?|rupees?|shillings?|naira|rand|reais|pesos?|francs?|"
    r"million|millions|billion|people|persons?|men|women|girls|boys|kids|children|votes|signatures|followers|"
    r"views|likes|km|miles|kg|years?|ans|años|anos|jahre|anni|times|minutes?|mins?|hours?|days?|weeks?|months?)\b)",
    re.IGNORECASE,
)
_DATE = re.compile(r"^\d{1,4}([./-])\d{1,2}\1\d{1,4}$")
_YEARS = re.compile(r"^(?:(?:1[89]|20)\d\d[\s/–-]{1,3}){1,}(?:1[89]|20)?\d\d$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:[ .\u00a0]\d{3})+$")
_DECIMAL = re.compile(r"^\d+\.\d+$")

# --- street addresses --------------------------------------------------------------------------
_WORD = r"[\w'’.-]+"
_EN_TYPES = (
    r"(?:street|road|avenue|lane|boulevard|drive|way|close|crescent|court|terrace|square|highway|parkway)\b"
    r"|(?:st|rd|ave|ln|blvd|dr|ct|sq|hwy|pkwy)\b\.?"
)
_ADDRESS_EN = re.compile(  # "221B Baker Street", "1600 Pennsylvania Avenue", "10 Downing St."
    rf"\b\d{{1,5}}[A-Za-z]?,?\s+((?:{_WORD}\s+){{0,3}}{_WORD})\s+(?i:{_EN_TYPES})", re.UNICODE
)
_FR_TYPES = r"rue|avenue|av\.|boulevard|bd|chemin|all[ée]e|impasse|quai|place|route|cours"
_ADDRESS_FR = re.compile(  # "12 rue de la Paix", "3 bis, avenue Foch"
    rf"\b\d{{1,4}}(?:\s?(?:bis|ter|[A-Za-z]))?,?\s+(?i:{_FR_TYPES})\s+((?:{_WORD}\s+){{0,4}}{_WORD})", re.UNICODE
)
_NAME_FIRST_TYPES = (
    r"calle|c/|avenida|av\.|avda\.?|paseo|plaza|carrera|camino|rua|travessa|estrada|alameda|pra[çc]a|"
    r"via|viale|piazza|corso|largo|vicolo"
)
_ADDRESS_NAME_FIRST = re.compile(  # "Calle Mayor 5", "Rua das Flores, 123", "Via Roma 10"
    rf"(?<!\w)(?i:{_NAME_FIRST_TYPES})\s*((?:{_WORD}\s+){{0,4}}?{_WORD}),?\s+(?:n[º°o.]\s*)?\d{{1,5}}[A-Za-z]?\b",
    re.UNICODE,
)
_DE_SUFFIXES = r"straße|strasse|str\.|weg|gasse|allee|platz|straat|laan|gracht|plein"
_ADDRESS_DE = re.compile(  # "Hauptstraße 5", "Bahnhofstr. 12", "Berliner Straße 12", "Kerkstraat 3"
    rf"\b(?:[A-ZÄÖÜ][\wäöüß-]*(?:{_DE_SUFFIXES})|[A-ZÄÖÜ][\wäöüß-]+\s+(?i:{_DE_SUFFIXES}))\s*\d{{1,4}}[a-z]?\b",
    re.UNICODE,
)
_PO_BOX = re.compile(
    r"\b(?:P\.?\s?O\.?\s?Box|Postfach|Bo[iî]te\s+postale|Apartado(?:\s+de\s+correos)?)\s+\d{1,6}\b",
    re.IGNORECASE,
)
_PARTICLES = frozenset("de la le les du des del della di da das do dos van von der den am an of the el".split())

# --- links to a person's profile ---------------------------------------------------------------
_PROFILE_LINK = re.compile(
    r"(?<![\w.@/-])(?:https?://)?(?:www\.|m\.)?(?:instagram\.com|facebook\.com|fb\.com|twitter\.com|x\.com|tiktok\.com|"
    r"linkedin\.com/in|t\.me|wa\.me|youtube\.com|threads\.net|bsky\.app/profile|snapchat\.com/add)/@?([\w.\-]{2,64})",
    re.IGNORECASE | re.UNICODE,
)
_NOT_A_HANDLE = frozenset(
    "p reel reels explore hashtag tag tags watch share search home status i intent groups events".split()
)


def find_personal_data(text: str, *, public_handles: Iterable[str] = ()) -> list[PersonalData]:
    """Every piece of personal data in the text, in order, without overlaps.

    public_handles: accounts that are not personal data (the campaign's own, e.g. "@HeForShe").
    """
    text = text or ""
    found = [
        *_emails(text),
        *_profile_links(text, {h.lstrip("@").lower() for h in public_handles}),
        *_phones(text),
        *_addresses(text),
    ]
    return _without_overlaps(found, text)


def redact(text: str, spans: Iterable) -> str:
    """The text with every span replaced by "[removed]"; spans are PersonalData, evidence dicts or (start, end)."""
    ranges = sorted(_range(span) for span in spans)
    merged: list[list[int]] = []
    for start, end in ranges:
        start, end = max(0, start), min(len(text), end)
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, cursor = [], 0
    for start, end in merged:
        pieces += [text[cursor:start], REMOVED]
        cursor = end
    pieces.append(text[cursor:])
    return "".join(pieces)


def _range(span) -> tuple[int, int]:
    if isinstance(span, dict):
        return int(span["start"]), int(span["end"])
    if isinstance(span, (tuple, list)):
        return int(span[0]), int(span[1])
    return span.start, span.end


def _emails(text: str) -> list[PersonalData]:
    found = [PersonalData("email", m.start(), m.end(), m.group(0)) for m in _EMAIL.finditer(text)]
    found += [PersonalData("email", m.start(), m.end(), m.group(0)) for m in _EMAIL_SPELLED.finditer(text)]
    return found


def _profile_links(text: str, public: set[str]) -> list[PersonalData]:
    found = []
    for m in _PROFILE_LINK.finditer(text):
        handle = m.group(1).rstrip(".-").lower()
        if handle in _NOT_A_HANDLE or handle in public:
            continue
        end = m.start(1) + len(m.group(1).rstrip(".-"))
        found.append(PersonalData("profile_link", m.start(), end, text[m.start():end]))
    return found


def _phones(text: str) -> list[PersonalData]:
    found = []
    for m in _PHONE.finditer(text):
        candidate = m.group(0)
        if candidate.endswith(")") or candidate.count("(") != candidate.count(")"):
            continue
        if _is_phone(candidate, before=text[max(0, m.start() - 40):m.start()], after=text[m.end():m.end() + 12]):
            found.append(PersonalData("phone", m.start(), m.end(), candidate))
    return found


def _is_phone(candidate: str, *, before: str, after: str) -> bool:
    digits = sum(c.isdigit() for c in candidate)
    if not 7 <= digits <= 15:
        return False
    bare = candidate.replace("(", "").replace(")", "")
    if re.search(r"[ .\-/\u00a0]{2}", bare):
        return False  # "18 - 2020 -- 5": separate numbers, not one
    if _DATE.match(bare) or _YEARS.match(bare) or _DECIMAL.match(bare):
        return False
    if _CURRENCY_BEFORE.search(before) or _UNIT_AFTER.match(after):
        return False  # "$ 1 500 000", "1 000 000 women"
    international = candidate.startswith(("+", "00", "(+"))
    asked_for = bool(_PHONE_WORDS.search(before))
    if international or asked_for:
        return True
    if _THOUSANDS.match(bare) and not bare.startswith("0"):
        return bare[-3:] != "000" and not re.match(r"\s?[^\W\d_]", after)  # "612 345 678" yes, "25 000" no
    if bare.isdigit():
        return (bare.startswith("0") and digits >= 9) or digits >= 10  # "0612345678"; not "20202021"
    return True


def _addresses(text: str) -> list[PersonalData]:
    found = []
    for m in _ADDRESS_EN.finditer(text):
        if _is_street_name(m.group(1).split(), strict=True):
            found.append(PersonalData("address", m.start(), m.end(), m.group(0)))
    for m in _ADDRESS_FR.finditer(text):
        words = list(re.finditer(r"\S+", m.group(1)))
        kept = _leading_name([w.group(0) for w in words])
        if kept:
            end = m.start(1) + words[len(kept) - 1].end() - (len(kept[-1]) - len(kept[-1].rstrip(".-")))
            found.append(PersonalData("address", m.start(), end, text[m.start():end]))
    for m in _ADDRESS_NAME_FIRST.finditer(text):
        if _is_street_name(m.group(1).split(), strict=False) and not _UNIT_AFTER.match(text[m.end():m.end() + 12]):
            found.append(PersonalData("address", m.start(), m.end(), m.group(0)))
    for pattern in (_ADDRESS_DE, _PO_BOX):
        for m in pattern.finditer(text):
            if not _UNIT_AFTER.match(text[m.end():m.end() + 12]):
                found.append(PersonalData("address", m.start(), m.end(), m.group(0)))
    return found


def _capitalised(word: str) -> bool:
    word = re.sub(r"^[dl][’']", "", word, flags=re.IGNORECASE)  # "d'Alésia", "l'Église"
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def _is_street_name(words: list[str], *, strict: bool) -> bool:
    """Every word capitalised or a particle, at least one capitalised; strict: no leading particle, no bare number."""
    if not words or words[0].lower() in _PARTICLES and strict:
        return False
    named = False
    for word in words:
        if word.lower() in _PARTICLES:
            continue
        if not _capitalised(word) or (strict and word.isdigit()):
            return False
        named = True
    return named


def _leading_name(words: list[str]) -> list[str]:
    """The street name after "rue"/"avenue": capitalised words and particles, up to the first other word."""
    kept: list[str] = []
    for word in words:
        if word.lower() in _PARTICLES or _capitalised(word):
            kept.append(word)
        else:
            break
    while kept and kept[-1].lower() in _PARTICLES:
        kept.pop()
    return kept if any(_capitalised(w) for w in kept) else []


def _without_overlaps(found: list[PersonalData], text: str) -> list[PersonalData]:
    """A find inside another is dropped; overlapping finds of one kind merge; of two kinds, both stay
    (redact() merges them), so no part of either is left visible."""
    kept: list[PersonalData] = []
    for item in sorted(found, key=lambda p: (p.start, -(p.end - p.start))):
        if any(k.start <= item.start and item.end <= k.end for k in kept):
            continue
        last = kept[-1] if kept else None
        if last and item.start < last.end and item.kind == last.kind:
            kept[-1] = PersonalData(last.kind, last.start, item.end, text[last.start:item.end])
            continue
        kept.append(item)
    return kept
