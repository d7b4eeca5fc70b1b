"""The public form: the happy path through a real queue, every bad photo, spam, limits, repeats."""
import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from storydesk.actions.photo_copies import make_missing_copies
from storydesk.channels.web import photo_for_retry
from storydesk.models import AuditEvent, Consent, Photo, Status, Story, Submission
from storydesk.photos.inspect import PhotoRejected, inspect_photo
from tests.fixtures.waiting import wait_for
from tests.support.samples import photos

ANSWER = "Because my daughter deserves every chance my son gets, and I want both to see it at home."


def form_data(photo_bytes: bytes | None = None, name: str = "sign.jpg", **overrides) -> dict:
    data = {
        "answer": ANSWER, "first_name": "Amir", "country": "JO", "email": "Amir@Example.org",
        "social_handle": "amir_allyship", "age_confirmed": "on", "consent_website": "on", "website": "",
    }
    if photo_bytes is not None:
        data["photo"] = SimpleUploadedFile(name, photo_bytes)
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def sign_jpeg():
    return photos.jpeg_bytes(photos.person_with_sign("camera"), orientation=6, gps=True)


def post(client, data):
    return client.post(reverse("web:submit"), data, REMOTE_ADDR="203.0.113.7")


@pytest.mark.queue
def test_a_submission_lands_and_is_screened_by_the_real_worker(client, campaign, queue_consumer, sign_jpeg):
    response = post(client, form_data(sign_jpeg))
    assert response.status_code == 302
    thanks = client.get(response["Location"])
    assert b"Your private link" in thanks.content
    story = Story.objects.get()
    assert story.contributor.email == "amir@example.org"
    assert story.display_name == "Amir, JO"
    assert story.age_confirmed
    submission = Submission.objects.get()
    assert submission.channel == "web" and len(submission.source_key) == 64
    assert {c.scope: c.state for c in Consent.objects.all()} == {"website": "given", "instagram": "not_given"}

    story = wait_for(lambda: Story.objects.filter(pk=story.pk, status=Status.IN_REVIEW).first())
    verdict = story.verdicts.get(step="image_integrity")
    assert verdict.outcome == "pass"
    assert verdict.evidence["photos"][0]["format"] == "JPEG"


def test_the_form_page_asks_the_question_and_explains_how(client, campaign):
    page = client.get(reverse("web:submit")).content.decode()
    assert "Why does gender equality matter to you?" in page
    assert "#HeForShe" in page
    for field in ("photo", "answer", "first_name", "country", "email", "social_handle", "age_confirmed",
                  "consent_website", "consent_instagram", "website"):
        assert f'name="{field}"' in page
    assert '<label for="id_photo">' in page  # every field is labelled


@pytest.mark.parametrize(("address", "headers", "language"), [
    ("/fr/submit/", {}, "fr"),
    ("/submit/", {"HTTP_ACCEPT_LANGUAGE": "ar-EG,ar;q=0.9"}, "ar"),
    ("/submit/", {}, "en"),
])
def test_the_story_records_the_language_the_form_was_read_in(client, campaign, sign_jpeg, address, headers,
                                                              language):
    response = client.post(address, form_data(sign_jpeg), REMOTE_ADDR="203.0.113.7", **headers)
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{language}/submit/thanks/" if language != "en" else "/submit/thanks/")
    assert Story.objects.get().participant_language == language


def test_the_answer_and_name_inputs_take_their_writers_direction(client, campaign):
    page = client.get("/ar/submit/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page
    assert re.search(r'<textarea name="answer"[^>]*dir="auto"', page)
    assert re.search(r'<input type="text" name="first_name"[^>]*dir="auto"', page)


BAD_PHOTOS = [
    ("text", lambda: photos.text_bytes(), "unsupported_type"),
    ("random", lambda: photos.random_bytes(5000), "not_an_image"),
    ("truncated", lambda: photos.truncated_jpeg(photos.scene("coffee")), "damaged"),
    ("corrupt", lambda: photos.corrupt_jpeg_bytes(), "damaged"),
    ("oversized", lambda: photos.oversized_jpeg_bytes(), "too_large"),
    ("bomb", lambda: photos.bomb_png_bytes(), "too_many_pixels"),
    ("tiny", lambda: photos.tiny_photo(), "too_small"),
    ("svg", lambda: photos.svg_bytes(), "unsupported_type"),
    ("pdf", lambda: photos.pdf_bytes(), "unsupported_type"),
    ("html", lambda: photos.html_bytes(), "unsupported_type"),
    ("gif", lambda: photos.gif_bytes(photos.scene("coffee")), "unsupported_type"),
]


@pytest.mark.parametrize("label,make,code", BAD_PHOTOS, ids=[b[0] for b in BAD_PHOTOS])
def test_a_bad_photo_gets_a_specific_message_and_leaves_nothing_behind(client, campaign, label, make, code):
    data = make()
    with pytest.raises(PhotoRejected) as expected:
        inspect_photo(data)
    assert expected.value.code == code
    response = post(client, form_data(data, name=f"upload.{label}"))
    assert response.status_code == 400
    page = response.content.decode()
    assert expected.value.message.split(".")[0].replace("'", "&#x27;") in page  # the specific message is shown
    photo_input = re.search(r'<input type="file"[^>]*>', page).group(0)
    assert 'id="id_photo-error"' in page and "id_photo-error" in photo_input and 'aria-invalid="true"' in photo_input
    assert "Amir" in page and ANSWER in page  # everything typed is kept
    assert not Story.objects.exists() and not Photo.objects.exists()
    assert AuditEvent.objects.filter(verb="intake.rejected", data__problems__photo=[code]).exists()


def test_every_accepted_format_lands(client, campaign):
    img = photos.person_with_sign("astronaut", size=(900, 1200))
    for encode in (photos.jpeg_bytes, photos.png_bytes, photos.webp_bytes, photos.heic_bytes):
        response = post(client, form_data(encode(img), answer=f"{ANSWER} ({encode.__name__})"))
        assert response.status_code == 302, encode.__name__
    assert sorted(Photo.objects.values_list("format", flat=True)) == ["HEIF", "JPEG", "PNG", "WEBP"]


def test_missing_fields_get_plain_messages_and_the_valid_photo_is_kept(client, campaign, sign_jpeg):
    response = post(client, form_data(sign_jpeg, answer="Hi", age_confirmed=None, country="XX"))
    assert response.status_code == 400
    page = response.content.decode()
    assert "a little short" in page
    assert "18 or older" in page
    assert "choose your country" in page.lower()
    assert "We kept your photo" in page
    kept = response.context["form"].data["kept_photo"]
    # The second try sends no file: the kept photo stands in.
    again = post(client, form_data(None, kept_photo=kept))
    assert again.status_code == 302
    assert Story.objects.get().photos.count() == 1


def test_a_forged_kept_photo_token_is_refused(client, campaign):
    response = post(client, form_data(None, kept_photo="forged:token"))
    assert response.status_code == 400
    assert "Please add a photo" in response.content.decode()


def test_public_copy_is_upright_and_has_no_metadata(client, campaign, sign_jpeg, staff_user):
    post(client, form_data(sign_jpeg))
    photo = Photo.objects.get()
    make_missing_copies(photo.story)  # the worker's first move when it screens the story
    client.force_login(staff_user("viewer"))  # not public yet: staff may look
    public = client.get(photo.public_path())
    assert public.status_code == 200
    body = b"".join(public.streaming_content)
    image = Image.open(io.BytesIO(body))
    assert image.format == "JPEG"
    # Orientation 6 stored the pixels sideways: the public copy is upright (portrait).
    assert image.height > image.width
    assert not image.getexif() and "icc_profile" not in image.info and "exif" not in image.info
    for marker in (b"Exif", b"GPS", b"xmp", b"http://ns.adobe.com"):
        assert marker not in body
    assert max(image.size) <= 2048
    thumb = Image.open(io.BytesIO(b"".join(client.get(photo.thumbnail_path()).streaming_content)))
    assert max(thumb.size) <= 400
    assert len(photo.phash) == 16


def test_the_original_is_never_served_publicly(client, campaign, sign_jpeg, staff_user):
    post(client, form_data(sign_jpeg))
    photo = Photo.objects.get()
    original_name = photo.original.name
    for url in (f"/media/{original_name}", f"/photos/{original_name}", f"/static/{original_name}",
                reverse("photo-original", args=[photo.pk])):
        assert client.get(url).status_code in (302, 404), url
    client.force_login(staff_user("viewer"))
    original = client.get(reverse("photo-original", args=[photo.pk]))
    assert original.status_code == 200
    assert b"".join(original.streaming_content) == sign_jpeg  # staff get the untouched original


def test_honeypot_is_discarded_quietly_and_recorded(client, campaign, sign_jpeg):
    response = post(client, form_data(sign_jpeg, website="http://spam.example"))
    assert response.status_code == 200
    assert b"Thank you" in response.content
    assert not Story.objects.exists()
    assert AuditEvent.objects.filter(verb="intake.spam_discarded").count() == 1


def test_resubmitting_the_same_photo_and_answer_returns_the_same_story(client, campaign, sign_jpeg):
    first = post(client, form_data(sign_jpeg))
    second = post(client, form_data(sign_jpeg, answer="  " + ANSWER.upper() + "  "))
    assert first["Location"] == second["Location"]
    assert Story.objects.count() == 1 and Submission.objects.count() == 1


@pytest.mark.clock
def test_rate_limit_per_address(client, campaign, settings):
    settings.STORYDESK_SUBMIT_RATE = "2/h"

    cache.clear()
    img = photos.scene("coffee", size=(600, 800))
    for i in range(2):
        assert post(client, form_data(photos.jpeg_bytes(img), answer=f"{ANSWER} {i}")).status_code == 302
    limited = post(client, form_data(photos.jpeg_bytes(img), answer=f"{ANSWER} 3"))
    assert limited.status_code == 429
    assert "wait an hour" in limited.content.decode()
    assert ANSWER in limited.content.decode()  # what they typed is still there
    # Another address is not limited.
    other = client.post(reverse("web:submit"), form_data(photos.jpeg_bytes(img), answer=f"{ANSWER} 4"),
                        REMOTE_ADDR="198.51.100.9")
    assert other.status_code == 302
    settings.STORYDESK_SUBMIT_RATE = "0"
    assert post(client, form_data(photos.jpeg_bytes(img), answer=f"{ANSWER} 5")).status_code == 302


def test_a_request_bigger_than_any_photo_is_refused_before_reading(client, campaign):
    response = client.post(reverse("web:submit"), data=b"x", content_type="application/octet-stream",
                           CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert b"under 20 MB" in response.content


@pytest.mark.clock
def test_kept_photos_nobody_came_back_for_are_deleted(campaign, sign_jpeg):
    token = photo_for_retry.keep("sign.jpg", sign_jpeg)
    assert photo_for_retry.take(token) == ("sign.jpg", sign_jpeg)
    assert photo_for_retry.forget_stale() == 0
    assert photo_for_retry.forget_stale(now=timezone.now() + dt.timedelta(hours=7)) == 1
    assert photo_for_retry.take(token) is None
