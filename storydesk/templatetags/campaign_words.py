"""The campaign's own words in templates, where they need an argument: a theme's label in the page's language."""
from django import template

register = template.Library()


@register.filter
def theme_label(name: str, campaign) -> str:
    """{{ theme|theme_label:campaign }}: what participants read for a theme; its name stays the filter's key."""
    return campaign.theme_label(name) if hasattr(campaign, "theme_label") else name
