"""The desk's URLs plus /bench/constant/<bytes>: the same app server returning a constant page of a given
size, through the same middleware — the framework's own floor the gallery is measured against."""
from functools import lru_cache

from django.http import HttpRequest, HttpResponse
from django.urls import path

from storydesk.urls import urlpatterns as desk_urlpatterns


@lru_cache(maxsize=8)
def _body(size: int) -> bytes:
    head = b"<!doctype html><html><body><p>"
    tail = b"</p></body></html>\n"
    return head + b"x" * max(0, size - len(head) - len(tail)) + tail


def constant(request: HttpRequest, size: int) -> HttpResponse:
    return HttpResponse(_body(min(size, 4_000_000)), content_type="text/html; charset=utf-8")


urlpatterns = [path("bench/constant/<int:size>", constant), *desk_urlpatterns]
