from django.db import models


class Contributor(models.Model):
    """A participant. Email and full name are private: never on a public page, feed or API."""

    campaign = models.ForeignKey("storydesk.Campaign", on_delete=models.PROTECT, related_name="contributors")
    email = models.EmailField(blank=True, db_index=True)
    first_name = models.CharField(max_length=100, blank=True)
    full_name = models.CharField(max_length=200, blank=True)
    country = models.CharField(max_length=2, blank=True)
    social_handle = models.CharField(max_length=200, blank=True)
    profile_url = models.URLField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.first_name or self.social_handle or f"contributor {self.pk}"

    @classmethod
    def matching(cls, *, email: str = "", handle: str = ""):
        """The contributors (in every campaign) with this e-mail address or this social handle, case-blind; a
        handle matches with or without its "@"."""
        email, handle = email.strip(), handle.strip().lstrip("@")
        if not email and not handle:
            return cls.objects.none()
        found = models.Q()
        if email:
            found |= models.Q(email__iexact=email)
        if handle:
            found |= models.Q(social_handle__iexact=handle) | models.Q(social_handle__iexact=f"@{handle}")
        return cls.objects.filter(found).order_by("pk")
