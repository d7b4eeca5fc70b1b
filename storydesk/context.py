"""Template context every page gets: the campaign it belongs to, in the page's language."""
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from storydesk.actions.campaign import current_campaign


def campaign(request):
    return {"campaign": SimpleLazyObject(lambda: current_campaign().spec.in_language(get_language()))}
