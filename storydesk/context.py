"""Template context every page gets: the campaign it belongs to, in the page's language, the language
switcher's links back to the page, and (for the desk's banner) whether mail to contributors is stuck."""
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from storydesk import language_choice
from storydesk.actions.campaign import current_campaign
from storydesk.mail.undelivered import undelivered


def campaign(request):
    return {"campaign": SimpleLazyObject(lambda: current_campaign().spec.in_language(get_language()))}


def undelivered_mail(request):
    """The desk's banner: asked only by the pages that show it (lazy), so public pages never pay for it."""
    return {"undelivered_mail": SimpleLazyObject(undelivered)}


def languages(request):
    """The switcher's links: this page, without its ?lang=, in each language."""
    def links():
        query = request.GET.copy()
        query.pop(language_choice.QUERY, None)
        here = language_choice.without_prefix(request.path_info) + (f"?{query.urlencode()}" if query else "")
        return language_choice.switcher(here, get_language())
    return {"languages": SimpleLazyObject(links)}
