"""Template context every page gets: the campaign it belongs to, in the page's language."""
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from storydesk.actions.campaign import current_campaign
from storydesk.mail.undelivered import undelivered


def campaign(request):
    return {"campaign": SimpleLazyObject(lambda: current_campaign().spec.in_language(get_language()))}


def undelivered_mail(request):
    """The desk's banner: asked only by the pages that show it (lazy), so public pages never pay for it."""
    return {"undelivered_mail": SimpleLazyObject(undelivered)}
