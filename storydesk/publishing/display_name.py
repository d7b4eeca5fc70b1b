"""The name shown beside a published story: first name and country by default, never an e-mail address or
a full name."""
from __future__ import annotations

import re

from storydesk.models import Contributor

MAX_LENGTH = 120
_EMAIL_LIKE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")


def default_display_name(contributor: Contributor, country: str) -> str:
    name = contributor.first_name.strip() or contributor.social_handle.strip()
    return f"{name}, {country.upper()}" if name and country else name


def display_name_problem(name: str, contributor: Contributor) -> str:
    """Why this display name may not be used ("" when it may)."""
    name = name.strip()
    if not name:
        return "A display name can't be empty."
    if len(name) > MAX_LENGTH:
        return f"A display name has at most {MAX_LENGTH} characters."
    folded = name.casefold()
    email = contributor.email.strip().casefold()
    if _EMAIL_LIKE.search(name) or (email and email in folded):
        return "A display name never shows an e-mail address."
    first = contributor.first_name.strip().casefold()
    # The full name's other words (a surname): the first name alone is what the campaign shows.
    others = [w for w in re.findall(r"\w+", contributor.full_name.casefold()) if w != first and len(w) > 1]
    words = set(re.findall(r"\w+", folded))
    if any(w in words for w in others):
        return "A display name never shows a full name: use the first name (and country)."
    return ""
