"""Plain, warm words for where a story stands, as a participant reads them."""
from dataclasses import dataclass

from django.utils.translation import gettext as _

from storydesk.models import Consent, Status, Story


@dataclass(frozen=True)
class StateWords:
    title: str
    detail: str


def status_wording(story: Story) -> StateWords:
    words = {
        Status.RECEIVED: (
            _("We have your story"),
            _("We're checking your photo and answer. This usually takes a few minutes."),
        ),
        Status.SCREENING: (
            _("We have your story"),
            _("We're checking your photo and answer. This usually takes a few minutes."),
        ),
        Status.ERRORED: (
            _("We have your story"),
            _("Our team is taking a closer look at your photo. You don't need to do anything."),
        ),
        Status.IN_REVIEW: (
            _("Our team is reading your story"),
            _("A person on our team reads every story. We'll let you know what happens."),
        ),
        Status.APPROVED: (
            _("Your story is approved"),
            _("Thank you! We'll publish it only where you said yes."),
        ),
        Status.NEEDS_INFO: (
            _("We need a little more from you"),
            _("Before we can share your story, we need one more thing from you. You can give it right here."),
        ),
        Status.REJECTED: (
            _("We can't publish this story"),
            _("Thank you for taking part. This time we can't publish your story; you're welcome to send a new one."),
        ),
        Status.MERGED: (
            _("We have your story"),
            _("You sent us this story more than once, so we keep it in one place."),
        ),
        Status.WITHDRAWN: (
            _("Your story is withdrawn"),
            story.campaign.spec.message(
                "withdrawn",
                _("Your story has been withdrawn. It won't be published, and if it was online we are taking it down."),
            ),
        ),
    }
    title, detail = words[story.status]
    return StateWords(title, detail)


def consent_wording(consent: Consent) -> str:
    place = {"website": _("the campaign's website"), "instagram": _("the campaign's Instagram")}.get(
        consent.scope, consent.scope)
    if consent.state == "given":
        return _("You said yes to %(place)s.") % {"place": place}
    if consent.state == "withdrawn":
        return _("You withdrew your permission for %(place)s.") % {"place": place}
    return _("You did not say yes to %(place)s, so we won't publish it there.") % {"place": place}
