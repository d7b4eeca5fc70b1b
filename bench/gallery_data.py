"""Stories for `storydesk bench gallery`: N published stories made in bulk, then taken into the gallery by
the same code a publish runs (gallery.entries.sync_stories)."""
from __future__ import annotations

import datetime as dt
import io
import random
import secrets
from collections.abc import Callable

from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.utils import timezone
from PIL import Image, ImageDraw

from storydesk.models import Campaign, Contributor, Photo, Publication, Status, Story, Target
from tests.support.samples.answers import LABELLED_ANSWERS

NAMES = ("Amir", "Lucas", "Kofi", "Jonas", "Ravi", "Tomás", "Minh", "Samuel", "Pierre", "Daniel", "Hiro",
         "Mateo", "Otieno", "Arjun", "Chen", "Yusuf", "Diego", "Nikolai", "Kwame", "Omar")
COUNTRIES = ("US", "GB", "IN", "NG", "KE", "GH", "BR", "MX", "FR", "DE", "ES", "JP", "CN", "ZA", "EG", "JO",
             "AR", "CA", "AU", "PH", "ID", "VN", "TR", "SE", "IT", "PK", "BD", "TZ", "UG", "CO")
CHUNK = 2000


def _jpeg(size: tuple[int, int], seed: int) -> bytes:
    rng = random.Random(seed)
    image = Image.new("RGB", size, tuple(rng.randrange(60, 200) for _ in range(3)))
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.rectangle([w // 5, h // 2, w * 4 // 5, h * 3 // 4], fill="white", outline="black", width=4)
    draw.text((w // 2, h * 5 // 8), "#HeForShe", fill="black", anchor="mm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=80)
    return out.getvalue()


def make_published_stories(campaign: Campaign, n: int, *, seed: int = 7,
                           progress: Callable[[int], None] | None = None) -> list[int]:
    """N approved stories with a gallery publication each, spread over the campaign's year; returns their ids.
    Photos share a dozen small files (each row its own key), since only their sizes and names reach pages."""
    rng = random.Random(seed)
    themes = [t.name for t in campaign.spec.themes]
    public, private = storages["default"], storages["private"]
    files = []
    for i in range(12):
        full = public.save(f"photos/bench-{i}.jpg", ContentFile(_jpeg((600, 800), i)))
        thumb = public.save(f"photos/bench-{i}-thumb.jpg", ContentFile(_jpeg((300, 400), i)))
        files.append((full, thumb))
    original = private.save("originals/bench.jpg", ContentFile(_jpeg((600, 800), 99)))
    start = dt.datetime.combine(campaign.spec.start, dt.time(15), tzinfo=dt.UTC)
    year = (campaign.spec.end - campaign.spec.start).total_seconds() + 86400
    now = timezone.now()
    ids: list[int] = []
    for offset in range(0, n, CHUNK):
        count = min(CHUNK, n - offset)
        people = Contributor.objects.bulk_create([
            Contributor(campaign=campaign, email=f"bench{offset + i}@example.invalid",
                        first_name=rng.choice(NAMES), country=rng.choice(COUNTRIES)) for i in range(count)])
        stories = Story.objects.bulk_create([Story(
            campaign=campaign, contributor=person, status=Status.APPROVED, status_changed_at=now,
            answer=(answer := rng.choice(LABELLED_ANSWERS).text), public_caption=answer,
            display_name=f"{person.first_name}, {person.country}", country=person.country, language="en",
            themes=[{"name": name, "score": 0.5} for name in rng.sample(themes, rng.randint(1, 2))],
            age_confirmed=True, status_token=secrets.token_urlsafe(24)) for person in people])
        Photo.objects.bulk_create([Photo(
            story=story, position=0, original=original, public=files[story.pk % 12][0],
            thumbnail=files[story.pk % 12][1], public_key=secrets.token_urlsafe(18), sha256="0" * 64, phash="0" * 16,
            format="JPEG", width=600, height=800, public_width=600, public_height=800, thumb_width=300,
            thumb_height=400, size_bytes=50000) for story in stories])
        Publication.objects.bulk_create([Publication(
            story=story, target=Target.GALLERY, state=Publication.State.PUBLISHED,
            published_at=start + dt.timedelta(seconds=rng.uniform(0, year))) for story in stories])
        ids += [s.pk for s in stories]
        if progress:
            progress(count)
    return ids
