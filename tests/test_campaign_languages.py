"""The campaign's own words per language: [wording.<code>] over the file's default language, never empty."""
import pytest

from storydesk.campaigns.spec import CampaignFileError, CampaignSpec, read_campaign_file
from storydesk.languages import supported


def _spec_with(wording) -> CampaignSpec:
    data = dict(read_campaign_file()[1])
    data["wording"] = wording
    return CampaignSpec.from_dict(data)


def test_a_language_overlays_the_words_it_has_and_keeps_the_rest():
    spec = _spec_with({"fr": {"question": "Pourquoi l'égalité compte-t-elle pour vous ?",
                              "messages": {"thanks_title": "Merci !", "status_intro": "  "},
                              "needs_info_requests": {"sign": "On ne lit pas le panneau."}}})
    french = spec.in_language("fr")
    assert french.language == "fr"
    assert french.question == "Pourquoi l'égalité compte-t-elle pour vous ?"
    assert french.messages["thanks_title"] == "Merci !"
    # Blank or missing words fall back to the default language's, never to nothing.
    assert french.messages["status_intro"] == spec.messages["status_intro"]
    assert french.info_requests["sign"] == "On ne lit pas le panneau."
    assert french.info_requests["person"] == spec.info_requests["person"]
    assert list(french.info_requests) == list(spec.info_requests)  # the desk's menu keeps its order
    assert french.how_to_take_part == spec.how_to_take_part


def test_a_language_the_file_lacks_is_the_default():
    spec = _spec_with({})
    assert spec.in_language("es") is spec
    assert spec.in_language(None) is spec


def test_a_wording_that_is_not_a_table_is_refused():
    with pytest.raises(CampaignFileError, match=r"\[wording.fr\]"):
        _spec_with({"fr": "Bonjour"})


@pytest.mark.parametrize("code, ours", [
    ("fr", "fr"), ("pt-BR", "pt"), ("zh-CN", "zh-hans"), ("zh", "zh-hans"), ("ZH-Hans", "zh-hans"),
    ("es_MX", "es"), ("de", ""), ("", ""), (None, ""), ("ar-EG", "ar"),
])
def test_language_codes_from_elsewhere_become_ours(code, ours):
    assert supported(code) == ours
