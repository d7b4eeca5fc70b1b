"""Serving photos: public copies by their unguessable key to everyone while their story is public, and to staff
before and after; originals only to staff. (A contributor sees their own through their status link.) Storage
paths are never exposed."""
from django.http import FileResponse, Http404, HttpRequest, HttpResponseGone
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from storydesk.actions.base import Actor
from storydesk.desk.access import staff_required
from storydesk.models import Photo
from storydesk.photos.responses import photo_response
from storydesk.publishing.public_set import is_public

_FORMAT_MIME = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "HEIF": "image/heic"}


@require_GET
def public_copy(request: HttpRequest, key: str, size: str = "") -> FileResponse:
    photo = Photo.objects.select_related("story").filter(public_key=key).first()
    if photo is None:
        raise Http404("no such photo")
    if is_public(photo.story):
        # Short cache: a withdrawn story's photo must stop being served soon after.
        return photo_response(_copy(photo, size), cache="public, max-age=300")
    if request.user.is_authenticated and Actor.staff(request.user).may("view_desk"):
        return photo_response(_copy(photo, size), cache="private, no-store")
    raise Http404("no such photo")  # not public (yet, or any more): the same answer as a key that never was


def _copy(photo: Photo, size: str):
    return photo.thumbnail if size == "thumb" else photo.public


@staff_required("view_desk")
@require_GET
def original(request: HttpRequest, photo_id: int) -> FileResponse | HttpResponseGone:
    photo = get_object_or_404(Photo, pk=photo_id)
    if not photo.original:  # deleted after the retention period (actions/retention.py): the desk says so
        return HttpResponseGone("This photo's original was deleted after the retention period; its public copy "
                                "stays.", content_type="text/plain; charset=utf-8")
    content_type = _FORMAT_MIME.get(photo.format, "application/octet-stream")
    response = FileResponse(photo.original.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    return response
