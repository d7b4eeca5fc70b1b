"""The form against hostile uploads: tiny files declaring huge pictures, posts that are refused on purpose,
repeats of someone else's story, and kept photos that would pile up. The web request only checks a photo;
its public copies are the worker's."""
import datetime as dt
import struct
import subprocess
import sys
import threading
import time

import pytest
from django.core.cache import cache
from django.core.files.storage import storages
from PIL import Image

from storydesk.actions.base import Actor
from storydesk.actions.screening import screen_story
from storydesk.channels.web import forms as web_forms
from storydesk.channels.web import photo_for_retry
from storydesk.models import AuditEvent, Photo, Story
from storydesk.photos.decode_budget import LARGE_DECODE_PIXELS, one_large_decode_at_a_time
from storydesk.photos.inspect import PhotoRejected, check_header
from storydesk.screening.pipeline import Row
from storydesk.screening.steps import image_integrity
from tests.channels.web.test_form import ANSWER, form_data, post
from tests.support.samples import photos

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_limits():
    cache.clear()
    yield
    cache.clear()


def declaring(width: int, height: int) -> bytes:
    """A small one-colour JPEG whose frame header claims width × height: 0.001 bytes per pixel, as the
    39 KB '7000 × 7000' upload that once cost the web process 559 MB."""
    data = photos.jpeg_bytes(Image.new("RGB", (800, 800), (200, 30, 30)))
    sof = data.index(b"\xff\xc0")
    return data[:sof + 5] + struct.pack(">HH", height, width) + data[sof + 9:]


@pytest.mark.parametrize("make", [lambda: declaring(7000, 7000), lambda: photos.bomb_png_bytes(7000, 7000)],
                         ids=["jpeg-7000x7000-in-40KB", "png-49MP-one-colour"])
def test_a_file_far_too_small_for_its_pixels_is_refused_from_its_header(client, campaign, make):
    data = make()
    with pytest.raises(PhotoRejected) as caught:
        check_header(data)
    assert caught.value.code == "implausible"
    response = post(client, form_data(data))
    assert response.status_code == 400
    assert "far smaller than a photo of 7000 × 7000 pixels" in response.content.decode()
    assert not Story.objects.exists()


def test_no_pixel_is_decoded_until_the_rest_of_the_form_is_right(client, campaign, monkeypatch):
    decoded = []
    real = web_forms.inspect_photo
    monkeypatch.setattr(web_forms, "inspect_photo", lambda *a, **k: decoded.append(1) or real(*a, **k))
    # Cut short: its header is fine, its pixels are not.
    truncated = photos.truncated_jpeg(photos.scene("coffee", size=(900, 1200)))
    response = post(client, form_data(truncated, email=""))
    assert response.status_code == 400 and decoded == []
    form = response.context["form"]
    assert set(form.errors) == {"email"}  # the photo isn't judged yet: only what is wrong is said
    # With the e-mail fixed, the kept photo is decoded, found damaged, and the participant is told.
    again = post(client, form_data(None, kept_photo=form.data["kept_photo"]))
    assert again.status_code == 400 and decoded == [1]
    assert set(again.context["form"].errors) == {"photo"}
    assert not Story.objects.exists()


@pytest.mark.clock
def test_refused_posts_count_in_the_per_address_limit(client, campaign, settings):
    settings.STORYDESK_SUBMIT_TRY_RATE = "3/h"
    jpeg = photos.jpeg_bytes(photos.scene("coffee", size=(600, 800)))
    for _ in range(3):
        assert post(client, form_data(jpeg, email="")).status_code == 400
    limited = post(client, form_data(jpeg))
    assert limited.status_code == 429 and not Story.objects.exists()
    assert AuditEvent.objects.filter(verb="intake.rate_limited").count() == 1


def test_the_same_photo_and_answer_from_someone_else_never_gets_the_first_link(client, campaign):
    jpeg = photos.jpeg_bytes(photos.scene("coffee", size=(600, 800)))
    first = post(client, form_data(jpeg))
    token = first["Location"].rstrip("/").rsplit("/", 1)[-1]
    repeat = post(client, form_data(jpeg, email="someone.else@example.org"))
    assert repeat.status_code == 200
    page = repeat.content.decode()
    assert "We already have this story" in page and token not in page
    assert AuditEvent.objects.filter(verb="intake.repeat_from_another").count() == 1
    assert post(client, form_data(jpeg))["Location"] == first["Location"]  # its own sender still gets it
    assert Story.objects.count() == 1


@pytest.fixture
def no_kept_photos():
    """Kept photos that earlier tests in this process left (at other instants of the clock) are gone."""
    storage = storages["private"]
    for name in storage.listdir("pending")[1] if storage.exists("pending") else []:
        storage.delete(f"pending/{name}")


@pytest.mark.clock
def test_kept_photos_last_30_minutes_and_their_space_is_capped(campaign, settings, clock, no_kept_photos):
    jpeg = photos.jpeg_bytes(photos.scene("coffee", size=(600, 800)))
    token = photo_for_retry.keep("sign.jpg", jpeg)
    clock.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=29))
    assert photo_for_retry.take(token) == ("sign.jpg", jpeg)
    assert photo_for_retry.forget_stale() == 0
    clock.move_to(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=2))
    assert photo_for_retry.take(token) is None
    assert photo_for_retry.forget_stale() == 1
    assert storages["private"].listdir("pending")[1] == []

    settings.STORYDESK_KEPT_PHOTOS_MAX_MB = 1
    noisy = photos.jpeg_bytes(photos.scene("astronaut", size=(1200, 1600)), quality=95)
    fit = 1024 * 1024 // len(noisy)
    kept = [photo_for_retry.keep(f"{i}.jpg", noisy) for i in range(fit + 1)]
    assert all(kept[:fit]) and kept[fit] is None  # full: the participant picks the photo again


def test_the_request_only_checks_the_photo_and_the_worker_makes_its_copies(client, campaign):
    assert post(client, form_data(photos.jpeg_bytes(photos.person_with_sign("camera", size=(900, 1200))))) \
        .status_code == 302
    photo = Photo.objects.get()
    assert not photo.public and not photo.thumbnail and len(photo.phash) == 16
    screen_story(photo.story_id, actor=Actor.system(), pipeline=(Row(image_integrity, "hold"),))
    photo.refresh_from_db()
    assert photo.public and photo.thumbnail and photo.public_width == 900


def test_only_one_large_decode_runs_at_a_time():
    inside, most = [0], [0]
    lock = threading.Lock()

    def decode(pixels: int):
        with one_large_decode_at_a_time(pixels):
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.05)
            with lock:
                inside[0] -= 1

    threads = [threading.Thread(target=decode, args=(LARGE_DECODE_PIXELS,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most == [1]
    small = [threading.Thread(target=decode, args=(1_000_000,)) for _ in range(4)]
    for t in small:
        t.start()
    for t in small:
        t.join()
    assert most[0] > 1  # small ones never wait for each other


def test_a_large_jpeg_is_checked_at_reduced_scale(tmp_path):
    # A real 48-megapixel photo: decoded in full it is 144 MB of pixels; read at an eighth of each side, 2 MB.
    path = tmp_path / "big.jpg"
    photos.scene("astronaut", size=(6000, 8000)).save(path, "JPEG", quality=85)
    script = (
        "import resource, sys\n"
        "from storydesk.photos.inspect import inspect_photo\n"
        "data = open(sys.argv[1], 'rb').read()\n"
        "inspect_photo(data[:100] + b'')  if False else None\n"
        "before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "inspected = inspect_photo(data)\n"
        "grew = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before\n"
        "print(inspected.width, inspected.height, grew // 1024)\n"
    )
    out = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True)
    width, height, grew_mb = map(int, out.stdout.split())
    assert (width, height) == (6000, 8000)
    assert grew_mb < 40, f"checking the photo took {grew_mb} MB more"


def test_an_honest_photo_still_lands(client, campaign):
    response = post(client, form_data(photos.jpeg_bytes(photos.person_with_sign("rocket", size=(1080, 1350))),
                                      answer=f"{ANSWER} honest"))
    assert response.status_code == 302
    assert Story.objects.get().photos.count() == 1


def test_a_nul_or_an_extra_field_is_never_stored_and_never_a_500(client, campaign):
    # PostgreSQL refuses a NUL in text and in JSON: a boolean field takes any text, and extra names came along.
    jpeg = photos.jpeg_bytes(photos.scene("coffee", size=(600, 800)))
    response = post(client, form_data(jpeg, age_confirmed="o\x00n", consent_website="\x00", extra="\x00" * 10))
    assert response.status_code == 302
    fields = Story.objects.get().submissions.get().raw["fields"]
    assert "extra" not in fields and fields["age_confirmed"] == "on" and fields["consent_website"] == ""
