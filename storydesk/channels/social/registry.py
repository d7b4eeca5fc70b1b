"""Which social platforms there are, and building the connector for one: apart from the shared types in
connector.py, which each platform's connector imports, so the platforms and this list don't import each other."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storydesk.channels.social.bluesky.connector import BlueskyConnector
from storydesk.channels.social.config import SocialConfig
from storydesk.channels.social.connector import Connector, Misconfigured, NotConfigured
from storydesk.channels.social.instagram.connector import InstagramConnector
from storydesk.channels.social.mastodon.connector import MastodonConnector
from storydesk.channels.social.x.connector import XConnector
from storydesk.models import Campaign
from storydesk.models.submission import channel_label

# The platforms, by the name `storydesk ingest social NAME` and the periodic tasks use.
CONNECTORS: dict[str, Callable[[Campaign, SocialConfig], Connector]] = {
    "mastodon": MastodonConnector.build,
    "bluesky": BlueskyConnector.build,
    "instagram": InstagramConnector.build,
    "x": XConnector.build,
}
LABELS = {name: channel_label(name) for name in CONNECTORS}  # each platform's name, from the channels' table


def build_connector(name: str, campaign: Campaign) -> Connector:
    """The connector for this platform, or NotConfigured saying why it is off."""
    if name not in CONNECTORS:
        raise NotConfigured(f"there is no social channel called {name!r} (known: {', '.join(CONNECTORS)})")
    config = SocialConfig.of(campaign)
    if not config.enabled(name):
        raise NotConfigured(f"{LABELS[name]} intake is off: the campaign file has no [social] hashtag or no "
                            f"[social.{name}] section with enabled = true")
    return CONNECTORS[name](campaign, config)


@dataclass(frozen=True)
class PlatformState:
    name: str
    label: str
    state: str  # "on", "off" or "misconfigured"
    detail: str


def platform_states(campaign: Campaign) -> list[PlatformState]:
    """Each platform's state, from the campaign file and the settings alone (nothing is asked of a server)."""
    states = []
    for name in CONNECTORS:
        try:
            connector = build_connector(name, campaign)
        except Misconfigured as wrong:
            states.append(PlatformState(name, LABELS[name], "misconfigured", str(wrong)))
            continue
        except NotConfigured as off:
            states.append(PlatformState(name, LABELS[name], "off", str(off)))
            continue
        try:
            states.append(PlatformState(name, LABELS[name], "on", connector.summary()))
        finally:
            connector.close()
    return states
