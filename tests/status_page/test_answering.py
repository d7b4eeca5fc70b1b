"""A needs-info story is answered on its status page: what the desk asked, a form with only what it needs and
the submission form's own checks, then back to screening and review, on the audit trail."""
import html
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.actions.intake import receive_story
from storydesk.contributor_access import status_path
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.models import AuditEvent, Consent, Status, Story, Submission
from storydesk.photos.inspect import PhotoLimits, PhotoRejected, check_header
from tests.stories import make_story, reviewed
from tests.support.samples import photos

NOTE = "Hold the sign a little closer to the camera, please."
NEW_ANSWER = "Because my son learns from what I do at home, not from what I say: I cook, I listen, I share."


@pytest.fixture(autouse=True)
def no_limits_left_over(db):
    cache.clear()  # the answering form's limit counts in the cache, which outlives each test's database


def asked(story, request="sign", note=NOTE):
    """The moderator's needs-info decision on a story screened clean."""
    decide(reviewed(story).pk, "needs_info", actor=Actor.system(), seen_version=None, request=request, note=note)
    story.refresh_from_db()
    assert story.status == Status.NEEDS_INFO
    return story


def text(response) -> str:
    return html.unescape(response.content.decode())


def email_story(campaign, *, with_photo: bool = True):
    """A story sent by e-mail: no 18+ confirmation or consent yet, and perhaps no photo."""
    sent = (IncomingPhoto(photos.jpeg_bytes(photos.person_with_sign("coffee", size=(600, 800))), "me.jpg"),)
    incoming = IncomingStory(channel="email", source_key=f"mail-{with_photo}", answer=NEW_ANSWER,
                             photos=sent if with_photo else (), first_name="Ama", email="ama@example.org",
                             country="GH")
    return receive_story(incoming, campaign=campaign, actor=Actor.system()).story


def answer_url(story) -> str:
    return reverse("status_page:answer", kwargs={"token": status_path.sign(story)})


def new_photo(base="rocket") -> SimpleUploadedFile:
    return SimpleUploadedFile("closer.jpg", photos.jpeg_bytes(photos.person_with_sign(base, size=(600, 800))))


def unchanged(story):
    before = (story.status, story.answer, list(story.photos.values_list("pk", flat=True)), story.submissions.count())
    story.refresh_from_db()
    return before == (story.status, story.answer, list(story.photos.values_list("pk", flat=True)),
                      story.submissions.count())


def test_the_page_says_what_was_asked_and_offers_only_a_photo_for_the_sign(client, campaign):
    story = asked(make_story(campaign))
    page = text(client.get(status_path.url(story)))
    assert "We need a little more from you" in page
    assert "We couldn't read the #HeForShe sign in your photo." in page  # the campaign's words, filled in
    assert f'<blockquote class="answer" dir="auto">{NOTE}</blockquote>' in page  # the moderator's own, as written
    assert f'action="{answer_url(story)}"' in page and 'enctype="multipart/form-data"' in page
    assert 'name="photo"' in page and '<label for="id_photo">' in page
    assert 'name="answer"' not in page and 'name="age_confirmed"' not in page  # consent was given on the form


def test_a_new_photo_leads_the_story_back_through_screening_to_review(client, campaign):
    story = asked(make_story(campaign))
    first = story.lead_photo
    response = client.post(answer_url(story), {"photo": new_photo()}, REMOTE_ADDR="203.0.113.9")
    assert response.status_code == 302
    page = text(client.get(response["Location"]))
    assert "Thank you! We've added what you sent to your story." in page
    assert 'name="photo"' not in page  # nothing more to answer

    story.refresh_from_db()
    assert story.status == Status.RECEIVED and story.screening_queued_at is not None
    # The new photo leads (screening reads it); the first stays behind it for the moderator to compare.
    assert [p.pk for p in story.photos.all()][1:] == [first.pk] and story.lead_photo.pk != first.pk
    submission = story.submissions.get(channel="status_page")
    assert submission.raw["request"] == "sign" and submission.raw["photo"]["filename"] == "closer.jpg"
    event = AuditEvent.objects.get(story=story, verb="story.info_given")
    assert event.actor_label == "contributor"
    assert (event.data["request"], event.data["added_photos"], event.data["before"], event.data["after"]) == (
        "sign", 1, "needs_info", "received")
    assert reviewed(story).status == Status.IN_REVIEW


def test_a_rewritten_answer_replaces_theirs_and_goes_back_to_review(client, campaign):
    story = asked(make_story(campaign), request="answer", note="")
    page = text(client.get(status_path.url(story)))
    assert "Could you tell us a little more? Why does gender equality matter to you?" in page
    assert 'name="answer"' in page and 'name="photo"' not in page
    assert 'dir="auto"' in re.search(r'<textarea[^>]*name="answer"[^>]*>', page)[0]  # their words read right
    assert f">\n{story.answer}</textarea>" in page  # theirs, to rewrite
    photos_before = list(story.photos.values_list("pk", flat=True))

    assert client.post(answer_url(story), {"answer": NEW_ANSWER}).status_code == 302
    story.refresh_from_db()
    assert story.answer == NEW_ANSWER and story.status == Status.RECEIVED  # new words are screened too
    assert list(story.photos.values_list("pk", flat=True)) == photos_before
    event = AuditEvent.objects.get(story=story, verb="story.info_given")
    assert event.data["added_answer"] is True and event.data["added_photos"] == 0
    assert reviewed(story).status == Status.IN_REVIEW


@pytest.mark.parametrize("sent,code", [(photos.text_bytes(), "unsupported_type"),
                                       (photos.random_bytes(5000), "not_an_image")])
def test_a_bad_photo_gets_the_forms_own_words_and_changes_nothing(client, campaign, sent, code):
    story = asked(make_story(campaign))
    with pytest.raises(PhotoRejected) as rejected:
        check_header(sent, "sign.jpg", PhotoLimits())
    assert rejected.value.code == code
    response = client.post(answer_url(story), {"photo": SimpleUploadedFile("sign.jpg", sent)})
    assert response.status_code == 400
    page = text(response)
    assert str(rejected.value.message) in page
    assert 'aria-describedby="id_photo_helptext id_photo-error"' in page and 'id="id_photo-error"' in page
    assert unchanged(story)
    assert AuditEvent.objects.get(story=story, verb="story.info_refused").data["problems"] == {"photo": [code]}


def test_no_photo_when_one_was_asked_for_says_what_to_do(client, campaign):
    story = asked(make_story(campaign), request="person")
    response = client.post(answer_url(story), {})
    assert response.status_code == 400
    assert "Please add a photo of you holding your sign." in text(response)
    assert unchanged(story)


def test_a_too_short_answer_gets_the_forms_own_words_and_changes_nothing(client, campaign):
    story = asked(make_story(campaign), request="answer", note="")
    response = client.post(answer_url(story), {"answer": "Yes."})
    assert response.status_code == 400
    page = text(response)
    assert "Your answer is a little short. Please write at least" in page
    assert 'href="#id_answer"' in page  # the summary links to the field
    assert unchanged(story)


def test_consent_asked_for_is_given_in_the_answering_form(client, campaign):
    story = asked(email_story(campaign), request="consent", note="")
    page = text(client.get(status_path.url(story)))
    assert f'action="{answer_url(story)}"' in page and 'name="age_confirmed"' in page
    assert "/consent/" not in page and page.count('name="age_confirmed"') == 1  # one form asks for it all

    refused = client.post(answer_url(story), {"consent_website": "on"})
    assert refused.status_code == 400 and "We can only take stories from adults." in text(refused)
    assert unchanged(story) and not story.consents.exists()

    assert client.post(answer_url(story), {"age_confirmed": "on", "consent_website": "on"}).status_code == 302
    story.refresh_from_db()
    assert story.age_confirmed and story.status == Status.RECEIVED
    assert {c.scope: c.state for c in Consent.objects.filter(story=story)} == {
        "website": "given", "instagram": "not_given"}
    assert AuditEvent.objects.filter(story=story, verb="consent.confirmed", actor_label="contributor").exists()
    assert AuditEvent.objects.get(story=story, verb="story.info_given").data["request"] == "consent"


def test_a_story_that_arrived_without_its_photo_asks_for_it(client, campaign):
    story = email_story(campaign, with_photo=False)
    assert story.status == Status.NEEDS_INFO
    page = text(client.get(status_path.url(story)))
    assert "We couldn't find a photo with your story." in page
    assert client.post(answer_url(story), {"age_confirmed": "on", "consent_instagram": "on"}).status_code == 400
    assert unchanged(story)
    response = client.post(answer_url(story), {"photo": new_photo(), "age_confirmed": "on",
                                               "consent_instagram": "on"})
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.status == Status.RECEIVED and story.photos.count() == 1 and story.answer == NEW_ANSWER


@pytest.mark.parametrize("make", [make_story, lambda c: reviewed(make_story(c))])
def test_a_story_not_waiting_on_its_contributor_has_no_form_and_refuses_a_post(client, campaign, make):
    story = make(campaign)
    page = text(client.get(status_path.url(story)))
    assert "/answer/" not in page and 'name="photo"' not in page
    response = client.post(answer_url(story), {"photo": new_photo(), "answer": NEW_ANSWER})
    assert response.status_code == 409
    assert "There's nothing we need from you right now" in text(response)
    assert unchanged(story)
    assert not Submission.objects.filter(channel="status_page").exists()


def test_the_same_answer_twice_counts_once(client, campaign):
    story = asked(make_story(campaign), request="answer", note="")
    assert client.post(answer_url(story), {"answer": NEW_ANSWER}).status_code == 302
    assert client.post(answer_url(story), {"answer": NEW_ANSWER}).status_code == 409  # a double click
    assert story.submissions.filter(channel="status_page").count() == 1
    assert AuditEvent.objects.filter(story=story, verb="story.info_given").count() == 1


def test_answering_is_rate_limited_like_the_form(client, campaign, settings):
    settings.STORYDESK_SUBMIT_TRY_RATE = "2/h"
    story = asked(make_story(campaign), request="answer", note="")
    for _ in range(2):
        assert client.post(answer_url(story), {"answer": "No."}, REMOTE_ADDR="198.51.100.4").status_code == 400
    limited = client.post(answer_url(story), {"answer": NEW_ANSWER}, REMOTE_ADDR="198.51.100.4")
    assert limited.status_code == 429 and "Please wait an hour" in text(limited)
    assert unchanged(story)
    assert AuditEvent.objects.filter(story=story, verb="story.info_rate_limited").exists()
    assert client.post(answer_url(story), {"answer": NEW_ANSWER}, REMOTE_ADDR="198.51.100.5").status_code == 302


def test_what_was_asked_is_in_the_pages_language(client, campaign):
    story = asked(make_story(campaign))
    french = campaign.spec.in_language("fr").info_requests["sign"].format(sign_tag="#HeForShe")
    assert french != campaign.spec.info_requests["sign"].format(sign_tag="#HeForShe")
    page = text(client.get(status_path.url(story), HTTP_ACCEPT_LANGUAGE="fr"))
    assert french in page
    english = text(client.get(status_path.url(story), HTTP_ACCEPT_LANGUAGE="en"))
    assert "We couldn't read the #HeForShe sign in your photo." in english
    assert Story.objects.count() == 1
