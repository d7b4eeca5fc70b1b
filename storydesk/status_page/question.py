"""What the desk is waiting for from a needs-info story's contributor, and which parts of the status page's
answering form that takes: the moderator's request (a [needs_info_requests] key, with their own note), or,
for a story that arrived without its photo or its words, the missing piece."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from storydesk.campaigns.spec import CampaignSpec
from storydesk.contributor_access import awaiting_consent
from storydesk.mail.replies import campaign_text
from storydesk.models import Status, Story

PHOTO, ANSWER, CONSENT = "photo", "answer", "consent"
# What each request of the bundled campaign can be answered with; a request not listed takes every part.
PARTS: dict[str, frozenset[str]] = {
    "sign": frozenset({PHOTO}),
    "person": frozenset({PHOTO}),
    "photo": frozenset({PHOTO}),  # arrived without one
    "answer": frozenset({ANSWER}),
    "consent": frozenset({CONSENT}),
}
EVERY_PART = frozenset({PHOTO, ANSWER})  # consent joins any request while the story still lacks it


@dataclass(frozen=True)
class Question:
    request: str
    asked: str  # the campaign's words for it, in the page's language
    note: str  # the moderator's own words, as they wrote them
    parts: frozenset[str]
    photo_required: bool  # asked for a photo (or the story has none), not just offered one


def open_question(story: Story, spec: CampaignSpec) -> Question | None:
    """The question a needs-info story waits on (None for any other state). `spec`: in the page's language."""
    if story.status != Status.NEEDS_INFO:
        return None
    decision = story.decisions.first()  # newest first; only a moderator's needs-info decision leads here
    if decision is not None and decision.action == "needs_info":
        request, note = decision.reason, decision.note.strip()
        asked = campaign_text(spec, spec.info_requests.get(request, ""))
        if request == CONSENT:  # the campaign's words send the e-mail's reader to this page: here, say what to do
            asked = _("Please confirm that you are 18 or older and tell us where we may publish your story.")
    elif not story.photos.exists():
        request, note = PHOTO, ""
        asked = _("We couldn't find a photo with your story. Please add a photo of you holding your "
                  "%(sign_tag)s sign.") % {"sign_tag": spec.sign_tag}
    else:
        request, note = ANSWER, ""
        asked = campaign_text(spec, spec.info_requests.get(ANSWER, "")) or _("Please write your answer.")
    parts = PARTS.get(request, EVERY_PART)
    photo_required = parts == {PHOTO} or not story.photos.exists()  # nothing goes back to review without one
    if photo_required:
        parts |= {PHOTO}
    if awaiting_consent(story):
        parts |= {CONSENT}
    return Question(request, asked, note, parts, photo_required)
