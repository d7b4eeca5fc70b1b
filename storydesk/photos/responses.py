"""A stored photo file as an HTTP response: 404 while it has not been made (or is gone), never its storage path."""
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def photo_response(field: FieldFile, *, cache: str, content_type: str = "image/jpeg") -> FileResponse:
    if not field:
        raise Http404("no copy yet")
    try:
        response = FileResponse(field.open("rb"), content_type=content_type)
    except FileNotFoundError:
        raise Http404("no such photo") from None
    response["Cache-Control"] = cache
    response["X-Content-Type-Options"] = "nosniff"
    return response
