"""Template context every page gets: the campaign it belongs to, in the page's language, the language
switcher's links back to the page, and (for the desk's banner) what needs a person (storydesk.notices)."""
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from storydesk import language_choice, notices
from storydesk.accounts.two_factor import Owed, owed
from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign


def _campaign_of(request):
    """The request's campaign row, read once however many context processors ask."""
    if not hasattr(request, "_storydesk_campaign"):
        request._storydesk_campaign = current_campaign()
    return request._storydesk_campaign


def campaign(request):
    return {"campaign": SimpleLazyObject(lambda: _campaign_of(request).spec.in_language(get_language()))}


def desk_notices(request):
    """The desk's banner: asked only by the pages that show it (lazy), so public pages never pay for it. Only
    for staff through the door: not someone who has typed a password but still owes the second factor (the
    log-in and password pages leave request.user as it is), nor an account without a desk role."""
    def shown():
        user = request.user
        if (not user.is_authenticated or owed(request) is not Owed.NOTHING
                or not Actor.staff(user).may("view_desk")):
            return []
        return notices.for_staff(user, notices.notices(_campaign_of(request)))
    return {"desk_notices": SimpleLazyObject(shown)}


def languages(request):
    """The switcher's links: this page, without its ?lang=, in each language."""
    def links():
        query = request.GET.copy()
        query.pop(language_choice.QUERY, None)
        here = language_choice.without_prefix(request.path_info) + (f"?{query.urlencode()}" if query else "")
        return language_choice.switcher(here, get_language())
    return {"languages": SimpleLazyObject(links)}
