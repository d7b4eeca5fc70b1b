"""Refuse request bodies bigger than any valid submission before Django reads them."""
from django.conf import settings
from django.shortcuts import render
from django.utils import translation

from storydesk import language_choice
from storydesk.photos.inspect import PhotoLimits


class RequestSizeLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.STORYDESK_MAX_REQUEST_BYTES:
            # Refused before the language is chosen for the page (LanguageChoiceMiddleware): choose it here.
            with translation.override(language_choice.chosen(request)):
                return render(request, "storydesk/public/too_big.html",
                              {"limit_mb": PhotoLimits().max_bytes // (1024 * 1024)}, status=413)  # the photo's
        return self.get_response(request)
