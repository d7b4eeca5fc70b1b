"""The campaign file's [social] section: what to collect, and how to ask authors for permission."""
from __future__ import annotations

from dataclasses import dataclass, field

from storydesk.campaigns.spec import CampaignFileError
from storydesk.models import Campaign, Consent

DEFAULT_REQUEST = ("Hello {handle}, thank you for your {sign_tag} story! May {organiser} share your photo and "
                   "your words on our website and Instagram? If you are 18 or older and happy for us to, "
                   "reply {reply_keyword}.")


@dataclass(frozen=True)
class SocialConfig:
    hashtag: str  # collected, without "#"
    account: str  # the campaign's own handle, e.g. "@HeForShe": its own posts are never stories
    reply_keyword: str  # what an author replies to say yes, e.g. "#YesHeForShe"
    consent_scopes: tuple[str, ...]  # what a yes gives
    permission_request: str  # the words of the request; {handle} etc. are filled in
    platforms: dict[str, dict] = field(default_factory=dict)  # [social.mastodon], [social.bluesky], …
    campaign_words: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, campaign: Campaign) -> SocialConfig:
        data = campaign.config.get("social") or {}
        spec = campaign.spec
        hashtag = str(data.get("hashtag", "")).lstrip("#").strip()
        scopes = tuple(data.get("consent_scopes", Consent.Scope.values))
        unknown = set(scopes) - set(Consent.Scope.values)
        if unknown:
            raise CampaignFileError(f"[social] consent_scopes has unknown scope(s): {', '.join(sorted(unknown))}")
        platforms = {name: section for name, section in data.items() if isinstance(section, dict)}
        return cls(
            hashtag=hashtag,
            account=str(data.get("account", spec.handle)).strip(),
            reply_keyword=str(data.get("reply_keyword", "")).strip(),
            consent_scopes=scopes,
            permission_request=str(data.get("permission_request", DEFAULT_REQUEST)),
            platforms=platforms,
            campaign_words={"sign_tag": spec.sign_tag, "organiser": spec.organiser, "campaign": spec.name,
                            "hashtag": "#" + hashtag, "question": spec.question},
        )

    def platform(self, name: str) -> dict:
        return self.platforms.get(name, {})

    def enabled(self, name: str) -> bool:
        return bool(self.platform(name).get("enabled", False)) and bool(self.hashtag)

    def permission_message(self, handle: str) -> str:
        words = {**self.campaign_words, "handle": handle, "reply_keyword": self.reply_keyword}
        try:
            return self.permission_request.format(**words).strip()
        except (KeyError, IndexError, ValueError) as bad:
            raise CampaignFileError(f"[social] permission_request has a placeholder we can't fill: {bad}") from None

    def is_campaign_account(self, handle: str, platform: str) -> bool:
        """Is this handle ("@HeForShe@mastodon.social", "@heforshe.bsky.social") the campaign's own? A
        platform section may name the account there (`account = "@heforshe.bsky.social"`)."""
        ours = str(self.platform(platform).get("account", self.account)).lstrip("@").casefold()
        theirs = handle.lstrip("@").casefold()
        if not ours:
            return False
        # "@HeForShe" names the account on any server; "@HeForShe@mastodon.social" only that one.
        return theirs == ours or ("@" not in ours and theirs.split("@", 1)[0] == ours)
