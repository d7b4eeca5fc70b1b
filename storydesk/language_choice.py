"""Which language a participant reads a public page in, and the switcher that lets them choose it.

In order: the language they chose with the switcher (kept in a cookie), the link they followed (/fr/submit/,
?lang=fr), their browser's Accept-Language, the campaign's own language. Staff pages are in the default one.

This replaces Django's LocaleMiddleware, whose order is link, cookie, browser. An address still resolves in
the language of its prefix (i18n_patterns matches only the active language's prefix), so the chosen
language is switched on once the view is known: /fr/stories/3/ for a reader who chose English is the
English page, and its links lead to English addresses."""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_safe

from storydesk.actions.campaign import default_language
from storydesk.languages import LANGUAGES, supported

# The URL groups participants read (i18n_patterns in storydesk/urls.py); everything else is staff's.
PUBLIC_NAMESPACES = frozenset({"gallery", "web", "status_page"})
QUERY = "lang"  # ?lang=fr on a link
MAX_BROWSER_LANGUAGES = 20  # an Accept-Language header is the visitor's to make as long as they like


def path_language(path: str) -> str:
    """The language prefix of `path` ("/fr/submit/" → "fr"), or ""."""
    return translation.get_language_from_path(path) or ""


def without_prefix(path: str) -> str:
    """`path` as the default language's address ("/fr/submit/" → "/submit/")."""
    prefix = path_language(path)
    return path[len(prefix) + 1:] or "/" if prefix else path


def from_browser(header: str) -> str:
    """The first of the browser's languages (by weight) that we speak, or ""."""
    ranked = []
    for position, part in enumerate(header.split(",")[:MAX_BROWSER_LANGUAGES]):
        code, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                weight = 0.0
        if weight > 0:
            ranked.append((-weight, position, code))
    for _, _, code in sorted(ranked):
        if ours := supported(code):
            return ours
    return ""


def chosen(request: HttpRequest) -> str:
    """The language this visitor reads the public pages in."""
    return (supported(request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME))
            or supported(request.GET.get(QUERY)) or path_language(request.path_info)
            or from_browser(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
            or supported(default_language()) or settings.LANGUAGE_CODE)


def is_public(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    return match is not None and bool(set(match.namespaces) & PUBLIC_NAMESPACES)


class LanguageChoiceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # The reader's language lasts as long as their request: whatever runs after it on this thread (the
        # next request, a task, a test building a link) starts from the language it had before.
        before = translation.get_language()
        try:
            return self._respond(request)
        finally:
            translation.activate(before)

    def _respond(self, request: HttpRequest) -> HttpResponse:
        # Resolve the address in its own language; process_view then switches to the reader's.
        _activate(request, path_language(request.path_info) or settings.LANGUAGE_CODE)
        response = self.get_response(request)
        if is_public(request) or response.status_code == 404:
            # The same address is a different page for another cookie or browser language.
            patch_vary_headers(response, ("Cookie", "Accept-Language"))
            response.headers.setdefault("Content-Language", request.LANGUAGE_CODE)
        return response

    def process_view(self, request: HttpRequest, view, args, kwargs) -> None:
        _activate(request, chosen(request) if is_public(request) else settings.LANGUAGE_CODE)


def _activate(request: HttpRequest, language: str) -> None:
    translation.activate(language)
    request.LANGUAGE_CODE = language


def address_in(path: str, language: str) -> str:
    """This site's `path` (with or without a language prefix and a query) as the same page's address in
    `language`; a staff page or an unknown one stays as it is, without a prefix."""
    parts = urlsplit(path)
    bare = without_prefix(parts.path)
    query = QueryDict(parts.query, mutable=True)
    query.pop(QUERY, None)
    tail = f"?{query.urlencode()}" if query else ""
    with translation.override(settings.LANGUAGE_CODE):
        try:
            match = resolve(bare)
        except Resolver404:
            return bare + tail
    if not set(match.namespaces) & PUBLIC_NAMESPACES:
        return bare + tail
    with translation.override(language):
        try:
            return reverse(match.view_name, args=match.args, kwargs=match.kwargs) + tail
        except NoReverseMatch:
            return bare + tail


@dataclass(frozen=True)
class Choice:
    code: str
    name: str
    url: str  # the switcher's address that sets this language and comes back to the page
    current: bool


def switcher(here: str, current: str) -> list[Choice]:
    """The switcher's links for the page at `here` (its address without a language prefix)."""
    url = reverse("language")
    return [Choice(code, name, f"{url}?{urlencode({'to': code, 'next': here})}", code == current)
            for code, name in LANGUAGES]


@require_safe
def choose(request: HttpRequest) -> HttpResponse:
    """GET /language/?to=fr&next=/stories/3/: keep the choice in the cookie, and go back to the page in it.
    Only this site's own pages are gone back to, so the link can't send anyone elsewhere."""
    language = supported(request.GET.get("to"))
    target = request.GET.get("next", "")
    safe = (target.startswith("/") and not target.startswith(("//", "/\\"))
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure()))
    if not safe:
        target = "/"
    if not language:
        return HttpResponseRedirect(address_in(target, settings.LANGUAGE_CODE))
    response = HttpResponseRedirect(address_in(target, language))
    response.set_cookie(settings.LANGUAGE_COOKIE_NAME, language, max_age=settings.LANGUAGE_COOKIE_AGE,
                        path=settings.LANGUAGE_COOKIE_PATH, domain=settings.LANGUAGE_COOKIE_DOMAIN,
                        secure=settings.LANGUAGE_COOKIE_SECURE or request.is_secure(),
                        httponly=settings.LANGUAGE_COOKIE_HTTPONLY, samesite=settings.LANGUAGE_COOKIE_SAMESITE)
    response["Cache-Control"] = "no-store"
    return response
