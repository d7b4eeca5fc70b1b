"""The languages participants can read storydesk in, and how a participant's language is told apart.

Adding one is a catalogue (storydesk/locale/<code>/LC_MESSAGES/django.po), a line in LANGUAGES below, and
the campaign's own words in its file ([wording.<code>]).
"""
from __future__ import annotations

# Django's codes (lower case, "zh-hans"), each with its name in itself: a switcher lists them this way.
LANGUAGES = [
    ("en", "English"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ar", "العربية"),
    ("pt", "Português"),
    ("zh-hans", "简体中文"),
]
CODES = frozenset(code for code, _ in LANGUAGES)
RIGHT_TO_LEFT = frozenset({"ar"})
# What other tools call our languages: a browser's zh-CN, a Mastodon post's "zh", lingua's "ZH", pt-BR.
_ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh-sg": "zh-hans", "zh-hans-cn": "zh-hans"}


def supported(code: str | None) -> str:
    """`code` as one of ours ("pt-BR" → "pt", "zh-CN" → "zh-hans"), or "" when we don't speak it."""
    code = (code or "").strip().lower().replace("_", "-")[:20]
    if code in CODES:
        return code
    if code in _ALIASES:
        return _ALIASES[code]
    base = code.split("-", 1)[0]
    return base if base in CODES else _ALIASES.get(base, "")
