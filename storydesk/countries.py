"""Countries by name in English, for staff pages, reports and command output ("EG" → "Egypt"), from
django-countries' table (the submission form's list). Participants' pages name countries in their own language
(gallery/cards.py)."""
from django.utils import translation
from django_countries import countries


def country_name(code: str) -> str:
    """The country's English name; "" for no code, and a code no table knows as it is."""
    if not code:
        return ""
    with translation.override("en"):
        return str(countries.name(code.upper())) or code
