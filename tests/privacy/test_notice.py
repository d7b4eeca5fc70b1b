"""The privacy notice: from the campaign file, public at /privacy/, linked from the form and every public
page's footer, and holding nothing private."""
import pytest
from django.urls import reverse

from storydesk.gallery.privacy import PARTS
from tests.publishing.factories import approved_story


@pytest.fixture
def planted(campaign):
    return approved_story(campaign, email="notice.private@example.org", answer="NOTICE-SECRET-ANSWER here")


def test_the_notice_says_who_why_what_where_how_long_and_how_to_leave(client, campaign, planted):
    response = client.get("/privacy/")
    assert response.status_code == 200
    page = response.content.decode()
    for heading in ("Who we are", "What we collect", "What we publish, and where", "How long we keep it",
                    "Taking your story back", "Seeing or erasing your data"):
        assert heading in page
    spec = campaign.spec
    assert all(spec.privacy.get(part) for part in PARTS)  # the bundled campaign fills every part
    assert "UN Women" in page and "HeForShe" in page
    assert "30 days after we decide" in page  # keep_originals_days, filled in
    assert 'href="mailto:privacy@heforshe.org"' in page
    assert "{" not in page.split("<main", 1)[1]  # every placeholder filled
    assert "notice.private@example.org" not in page and "NOTICE-SECRET-ANSWER" not in page
    assert 'name="viewport"' in page  # made for a phone, like every public page


def test_the_campaign_file_words_fill_the_notice(client, campaign):
    campaign.config["privacy"]["keep_originals_days"] = 14
    campaign.config["privacy"]["contact"] = "data@example.org"
    campaign.save()
    page = client.get("/privacy/").content.decode()
    assert "14 days after we decide" in page and "data@example.org" in page


def test_a_stray_brace_in_the_notice_is_shown_as_written(client, campaign):
    campaign.config["privacy"]["purpose"] = "We ask {because} you chose to share {it"
    campaign.save()
    response = client.get("/privacy/")
    assert response.status_code == 200
    assert "We ask {because} you chose to share {it" in response.content.decode()


def test_the_form_links_it_beside_the_consent_boxes(client, campaign):
    page = client.get(reverse("web:submit")).content.decode()
    permission = page.split("</legend>", 1)[1].split("</fieldset>", 1)[0]
    assert 'name="consent_instagram"' in permission and reverse("gallery:privacy") in permission


@pytest.mark.parametrize("path", ["gallery:wall", "gallery:take_part", "web:submit"])
def test_every_public_page_footer_links_it(client, campaign, path):
    page = client.get(reverse(path)).content.decode()
    footer = page.split('<footer class="site">', 1)[1]
    assert f'href="{reverse("gallery:privacy")}"' in footer
