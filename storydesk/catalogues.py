"""The translations' compiled form: each storydesk/locale/<code>/LC_MESSAGES/django.po becomes the django.mo
Django reads, whenever the .mo is missing or older. The .mo files are built, never committed.

Compiled with polib rather than GNU gettext's msgfmt (what Django's compilemessages runs), so a fresh machine
needs nothing from its package manager: `make install` and `storydesk init` both do it.
"""
from __future__ import annotations

from pathlib import Path

import polib

LOCALE = Path(__file__).resolve().parent / "locale"


def compile_catalogues(locale: Path = LOCALE) -> list[Path]:
    """Compile every stale catalogue; returns the .mo files written."""
    written = []
    for po_path in sorted(locale.glob("*/LC_MESSAGES/*.po")):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        catalogue = polib.pofile(str(po_path))
        # A fuzzy entry is a guess a translator hasn't checked: English is better than a wrong sentence.
        for entry in catalogue.fuzzy_entries():
            catalogue.remove(entry)
        catalogue.save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


if __name__ == "__main__":
    for path in compile_catalogues():
        print(f"compiled {path.relative_to(LOCALE.parent.parent)}")
