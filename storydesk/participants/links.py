"""The private status link: a random token per story, signed so forgeries fail before any lookup."""
from django.core import signing
from django.urls import reverse

from storydesk.models import Story

_SALT = "storydesk.status-link"


class _StatusPath:
    def sign(self, story: Story) -> str:
        return signing.Signer(salt=_SALT).sign(story.status_token)

    def url(self, story: Story) -> str:
        return reverse("participants:status", kwargs={"token": self.sign(story)})

    def story_for(self, signed: str) -> Story | None:
        try:
            token = signing.Signer(salt=_SALT).unsign(signed)
        except signing.BadSignature:
            return None
        story = Story.objects.select_related("campaign").filter(status_token=token).first()
        # A merged story's link shows (and withdraws) the story it now lives on in.
        return story.surviving() if story is not None else None


status_path = _StatusPath()
