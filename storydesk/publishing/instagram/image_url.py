"""The post image's public address: signed (unguessable without the secret key), tied to the rendered
file (a new rendering ends the old address) and expiring; served only while the post is being published."""
from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.http import FileResponse, Http404
from django.urls import reverse
from django.views.decorators.http import require_GET

from storydesk.models import Publication, Status, Target

SALT = "storydesk.publishing.instagram.image"


def image_path(publication: Publication) -> str:
    token = signing.dumps({"p": publication.pk, "f": publication.image.name}, salt=SALT)
    return reverse("instagram-image", kwargs={"token": token})


def image_url(publication: Publication) -> str:
    return settings.SITE_URL + image_path(publication)


@require_GET
def serve_image(request, token: str) -> FileResponse:
    try:
        signed = signing.loads(token, salt=SALT, max_age=settings.STORYDESK_INSTAGRAM_IMAGE_URL_MINUTES * 60)
    except signing.BadSignature:  # wrong, altered or expired (SignatureExpired is a BadSignature)
        raise Http404("no such image") from None
    publication = (Publication.objects.select_related("story")
                   .filter(pk=signed.get("p"), target=Target.INSTAGRAM, state=Publication.State.PUBLISHING).first())
    if (publication is None or not publication.image or publication.image.name != signed.get("f")
            or publication.story.status == Status.WITHDRAWN):
        raise Http404("no such image")
    try:
        response = FileResponse(publication.image.open("rb"), content_type="image/jpeg")
    except FileNotFoundError:
        raise Http404("no such image") from None
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
