"""Template context every page gets: the campaign it belongs to, in the page's language, and the language
switcher's links back to the page."""
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from storydesk import language_choice
from storydesk.actions.campaign import current_campaign


def campaign(request):
    return {"campaign": SimpleLazyObject(lambda: current_campaign().spec.in_language(get_language()))}


def languages(request):
    def links():
        query = request.GET.copy()
        query.pop(language_choice.QUERY, None)
        here = language_choice.without_prefix(request.path_info) + (f"?{query.urlencode()}" if query else "")
        return language_choice.switcher(here, get_language())
    return {"languages": SimpleLazyObject(links)}
