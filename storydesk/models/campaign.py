from django.db import models

from storydesk.campaigns.spec import CampaignSpec


class Campaign(models.Model):
    """A campaign as loaded from its TOML file; `config` keeps the whole parsed file."""

    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    organiser = models.CharField(max_length=200)
    handle = models.CharField(max_length=100, blank=True)
    config = models.JSONField(default=dict)
    source_path = models.CharField(max_length=500, blank=True)
    loaded_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name

    @property
    def spec(self):
        return CampaignSpec.from_dict(self.config)
