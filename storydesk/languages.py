"""The languages participants can read storydesk in, and how a participant's language is told apart.

They are the catalogues that exist: adding a language is its catalogue
(storydesk/locale/<locale>/LC_MESSAGES/django.po, e.g. `storydesk manage makemessages -l de`, then translated)
and the campaign's own words in its file ([wording.<code>]). Names and writing direction come from Django's
own table of languages.
"""
from __future__ import annotations

from pathlib import Path

from django.conf.locale import LANG_INFO
from django.utils.translation import to_language

LOCALE = Path(__file__).resolve().parent / "locale"
DEFAULT = "en"  # the language storydesk's own strings are written in: it needs no catalogue


def _shipped() -> list[str]:
    found = {to_language(po.parent.parent.name) for po in LOCALE.glob("*/LC_MESSAGES/django.po")}
    return [DEFAULT, *sorted(found - {DEFAULT})]


def _name(code: str) -> str:
    local = LANG_INFO.get(code, {}).get("name_local", code)
    return local[:1].upper() + local[1:]  # "français" → "Français", as a switcher lists it


# Django's codes (lower case, "zh-hans"), each with its name in itself.
LANGUAGES = [(code, _name(code)) for code in _shipped()]
CODES = frozenset(code for code, _ in LANGUAGES)
RIGHT_TO_LEFT = frozenset(code for code in CODES if LANG_INFO.get(code, {}).get("bidi"))
# What other tools call our languages: a browser's zh-CN, a Mastodon post's "zh", lingua's "ZH", pt-BR.
_ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh-sg": "zh-hans", "zh-hans-cn": "zh-hans"}


def english_name(code: str) -> str:
    """A language's name in English, for a moderator ("fr" → "French", "hi-latn" → "Hindi in Latin letters"),
    or the code itself when Django does not know it."""
    base, _, script = code.lower().partition("-")
    if script == "latn":
        return f"{english_name(base)} in Latin letters"
    name = LANG_INFO.get(code.lower(), LANG_INFO.get(_ALIASES.get(code.lower(), ""), {})).get("name", code)
    return name.removeprefix("Simplified ")  # one Chinese list: written either way


def supported(code: str | None) -> str:
    """`code` as one of ours ("pt-BR" → "pt", "zh-CN" → "zh-hans"), or "" when we don't speak it."""
    code = (code or "").strip().lower().replace("_", "-")[:20]
    if code in CODES:
        return code
    if code in _ALIASES and _ALIASES[code] in CODES:
        return _ALIASES[code]
    base = code.split("-", 1)[0]
    return base if base in CODES else (_ALIASES[base] if _ALIASES.get(base) in CODES else "")
