"""Template context every page gets: the campaign it belongs to."""
from django.utils.functional import SimpleLazyObject

from storydesk.actions.campaign import current_campaign


def campaign(request):
    return {"campaign": SimpleLazyObject(lambda: current_campaign().spec)}
