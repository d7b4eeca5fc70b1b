"""How a contributor reaches their story without an account: the private status link (a random token per story,
signed so forgeries fail before any lookup), and whether the story still waits for their consent."""
from django.core import signing
from django.urls import reverse

from storydesk.models import Status, Story

_SALT = "storydesk.status-link"


class _StatusPath:
    def sign(self, story: Story) -> str:
        return signing.Signer(salt=_SALT).sign(story.status_token)

    def url(self, story: Story) -> str:
        return reverse("status_page:status", kwargs={"token": self.sign(story)})

    def story_for(self, signed: str) -> Story | None:
        try:
            token = signing.Signer(salt=_SALT).unsign(signed)
        except signing.BadSignature:
            return None
        story = Story.objects.select_related("campaign").filter(status_token=token).first()
        # A merged story's link shows (and withdraws) the story it now lives on in.
        return story.surviving() if story is not None else None


status_path = _StatusPath()


def awaiting_consent(story: Story) -> bool:
    """True while the contributor has not yet confirmed their age and said where we may publish."""
    return story.status != Status.WITHDRAWN and (not story.age_confirmed or not story.consents.exists())
