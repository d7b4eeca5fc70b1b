"""Serving photos: public copies by their unguessable key, while their story may be shown;
originals only to staff. Storage paths are never exposed."""
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from storydesk.desk.access import staff_required
from storydesk.models import Photo, Status

_FORMAT_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heic"}


@require_GET
def public_copy(request: HttpRequest, key: str, size: str = "") -> FileResponse:
    photo = Photo.objects.select_related("story").filter(public_key=key).first()
    if photo is None or photo.story.status == Status.WITHDRAWN:
        raise Http404("no such photo")
    field = photo.thumbnail if size == "thumb" else photo.public
    try:
        response = FileResponse(field.open("rb"), content_type="image/jpeg")
    except FileNotFoundError:
        raise Http404("no such photo") from None
    # Short cache: a withdrawn story's photo must stop being served soon after.
    response["Cache-Control"] = "public, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@staff_required("view_desk")
@require_GET
def original(request: HttpRequest, photo_id: int) -> FileResponse:
    photo = get_object_or_404(Photo, pk=photo_id)
    content_type = _FORMAT_MIME.get(photo.format, "application/octet-stream")
    response = FileResponse(photo.original.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
