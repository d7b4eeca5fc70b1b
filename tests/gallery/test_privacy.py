"""Nothing private on any public URL, and a withdrawn or unpublished story gone from all of them at once.

Unique private strings are planted in every private field, and the original photo carries EXIF, GPS, XMP and
a comment; every gallery response (and every photo it links to) is searched for them."""
import pytest
from django.urls import get_resolver, reverse

from storydesk.gallery import urls as gallery_urls
from storydesk.models import Contributor, Story
from tests.gallery.html import page
from tests.publishing.factories import approved_story
from tests.support.samples import photos

pytestmark = pytest.mark.django_db

PRIVATE = {
    "email": "hidden-mail-4c1e@example.org",
    "full_name": "Kwabena Zzyzxprivate",
    "answer": "ANSWER-ONLY-9d2f my neighbour's address is 12 Hidden Lane",
    "social_handle": "@handle_private_77",
}
ORIGINAL_MARKERS = (b"storydesk-fixture", b"Taken at home", b"GPSLatitude", b"Exif")


@pytest.fixture
def private_story(publish):
    story = publish(caption="Equality starts at home", display_name="Kwabena, GH", country="GH",
                    themes=["sharing care work"], email=PRIVATE["email"], answer=PRIVATE["answer"],
                    photo_bytes=photos.jpeg_bytes(photos.person_with_sign("camera", size=(600, 800)), gps=True))
    Contributor.objects.filter(stories=story).update(full_name=PRIVATE["full_name"],
                                                     social_handle=PRIVATE["social_handle"])
    story.refresh_from_db()
    original = story.photos.get().original
    with original.open("rb") as f:
        data = f.read()
    assert all(marker in data for marker in ORIGINAL_MARKERS)  # the planted metadata is really there
    return story


def public_urls(story, month: str) -> list[str]:
    urls = ["/", "/?q=equality", "/?q=kwabena+home", "/?country=GH", "/?theme=sharing+care+work",
            reverse("gallery:story", kwargs={"story_id": story.pk}),
            reverse("gallery:month", kwargs={"month": month}), reverse("gallery:take_part"),
            reverse("gallery:feed_rss"), reverse("gallery:feed_atom"), reverse("gallery:feed_json"),
            reverse("gallery:widget"), reverse("gallery:widget_script"), reverse("gallery:embed"),
            reverse("gallery:campaign_css"), reverse("gallery:privacy")]
    covered = {get_resolver().resolve(u.partition("?")[0]).url_name for u in urls}
    routes = {p.name for p in gallery_urls.urlpatterns} - {"month_page"}  # busy months only
    assert covered == routes, "a gallery route this test does not visit"
    return urls


def private_strings(story: Story) -> list[str]:
    photo = story.photos.get()
    return [*PRIVATE.values(), "Zzyzxprivate", "9d2f", "hidden-mail", story.status_token, photo.original.name,
            photo.sha256]


def test_no_private_field_or_original_photo_on_any_public_url(client, private_story):
    month = private_story.gallery_entry.month
    images = set()
    for url in public_urls(private_story, month):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in private_strings(private_story):
            assert secret not in body, (url, secret)
        images |= {img["src"] for img in page(response).images} if "html" in response["Content-Type"] else set()
    assert images
    public_copy = private_story.photos.get()
    for src in images:
        data = b"".join(client.get(src.removeprefix("http://127.0.0.1:8000")).streaming_content)
        assert not any(marker in data for marker in ORIGINAL_MARKERS), src
        with public_copy.original.open("rb") as f:
            original = f.read()
        assert data != original


def test_a_withdrawn_story_leaves_every_page_feed_and_widget_at_once(client, private_story, publish, withdraw):
    other = publish(caption="Another story stays", country="GH", themes=["sharing care work"])
    month = private_story.gallery_entry.month
    story_page = reverse("gallery:story", kwargs={"story_id": private_story.pk})
    photo = private_story.photos.get()
    urls = public_urls(private_story, month)
    before = {url: client.get(url).content.decode() for url in urls}  # every page now cached
    assert "Equality starts at home" in before["/"] and "Equality starts at home" in before[reverse("gallery:feed_rss")]

    withdraw(private_story)

    for url in urls:
        response = client.get(url)
        body = response.content.decode()
        assert "Equality starts at home" not in body, url
        assert photo.public_key not in body, url
        assert str(private_story.pk) not in page(response).links, url
    assert client.get(story_page).status_code == 404
    assert client.get(f"/photos/{photo.public_key}.jpg").status_code == 404
    assert "Another story stays" in client.get("/").content.decode()
    assert "Another story stays" in client.get(reverse("gallery:widget")).content.decode()
    assert client.get(reverse("gallery:story", kwargs={"story_id": other.pk})).status_code == 200
    assert ">Ghana (1)</option>" in client.get("/").content.decode()


def test_an_unpublished_story_leaves_the_gallery_at_once(client, publish, unpublish):
    story = publish(caption="Taken down by the team")
    assert "Taken down by the team" in client.get("/").content.decode()
    unpublish(story)
    for url in ("/", reverse("gallery:feed_json"), reverse("gallery:widget"), "/?q=taken"):
        assert "Taken down by the team" not in client.get(url).content.decode(), url
    assert client.get(reverse("gallery:story", kwargs={"story_id": story.pk})).status_code == 404


def test_a_story_approved_but_never_published_is_nowhere(client, campaign):
    story = approved_story(campaign)
    Story.objects.filter(pk=story.pk).update(public_caption="Approved, not yet published")
    assert "Approved, not yet published" not in client.get("/").content.decode()
    assert client.get(reverse("gallery:story", kwargs={"story_id": story.pk})).status_code == 404
