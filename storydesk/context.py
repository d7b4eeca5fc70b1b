"""Template context every page gets: the campaign it belongs to, in the page's language, the language
switcher's links back to the page, and (for the desk's banner) what needs a person (storydesk.notices)."""
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from storydesk import language_choice, notices
from storydesk.actions.campaign import current_campaign


def _campaign_of(request):
    """The request's campaign row, read once however many context processors ask."""
    if not hasattr(request, "_storydesk_campaign"):
        request._storydesk_campaign = current_campaign()
    return request._storydesk_campaign


def campaign(request):
    return {"campaign": SimpleLazyObject(lambda: _campaign_of(request).spec.in_language(get_language()))}


def desk_notices(request):
    """The desk's banner: asked only by the pages that show it (lazy), so public pages never pay for it."""
    return {"desk_notices": SimpleLazyObject(
        lambda: notices.for_staff(request.user, notices.notices(_campaign_of(request))))}


def languages(request):
    """The switcher's links: this page, without its ?lang=, in each language."""
    def links():
        query = request.GET.copy()
        query.pop(language_choice.QUERY, None)
        here = language_choice.without_prefix(request.path_info) + (f"?{query.urlencode()}" if query else "")
        return language_choice.switcher(here, get_language())
    return {"languages": SimpleLazyObject(links)}
