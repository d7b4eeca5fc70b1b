"""The translations are whole: every sentence translated, none a guess, and each keeps its placeholders, so a
participant never meets English mid-page or a sentence that crashes on formatting."""
import re

import polib
import pytest
from django.conf import settings
from django.utils import translation

from storydesk import languages

PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|\{\w+\}")
CATALOGUES = sorted(languages.CODES - {"en"})


def catalogue(code: str) -> polib.POFile:
    path = settings.LOCALE_PATHS[0] / translation.to_locale(code) / "LC_MESSAGES" / "django.po"
    return polib.pofile(str(path))


@pytest.mark.parametrize("code", CATALOGUES)
def test_every_sentence_is_translated_and_none_is_a_guess(code):
    po = catalogue(code)
    assert len(po) > 100
    assert [e.msgid for e in po.untranslated_entries()] == []
    assert [e.msgid for e in po.fuzzy_entries()] == []


@pytest.mark.parametrize("code", CATALOGUES)
def test_each_translation_keeps_its_placeholders(code):
    wrong = []
    for entry in catalogue(code).translated_entries():
        wanted = sorted(PLACEHOLDERS.findall(entry.msgid))
        forms = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        wrong += [(entry.msgid, form) for form in forms if sorted(PLACEHOLDERS.findall(form)) != wanted]
    assert wrong == []


def test_every_language_we_offer_has_a_catalogue_and_the_campaigns_words():
    from storydesk.campaigns.spec import read_campaign_file

    spec = read_campaign_file()[0]
    for code in CATALOGUES:
        assert len(catalogue(code)) > 100
        own = spec.wording[code]
        assert set(own["messages"]) >= set(spec.messages), code
        assert set(own["needs_info_requests"]) >= set(spec.info_requests), code
        assert set(own["rejections"]) >= set(spec.rejections), code
        assert {k for k in own["privacy"]} >= {k for k in spec.privacy if k not in ("keep_originals_days", "contact")}
