"""One public post becomes a story: its photos downloaded safely, its caption the answer, its author the
contributor, and its consent "public post — permission not asked yet". What couldn't be taken (a photo too
large, a video instead of a photo) is recorded on the story for staff, and the story is kept."""
from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlsplit

from storydesk.actions.base import Actor
from storydesk.actions.intake import receive_story
from storydesk.actions.social import record_problem
from storydesk.channels.social.config import SocialConfig
from storydesk.channels.social.download import DownloadFailed, DownloadPolicy, download
from storydesk.channels.social.post import Post, answer_text, mentions_keyword
from storydesk.channels.social.registry import LABELS
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.models import Campaign, SocialProblem, SocialSource, Submission
from storydesk.photos.inspect import InspectedPhoto, PhotoLimits, PhotoRejected, inspect_photo

MAX_PHOTOS = 4  # what Mastodon, Bluesky and X allow in one post; an Instagram carousel's first four
NOT_ASKED = "public post — permission not asked yet"


class HoldFeed(Exception):
    """A passing failure (a photo's server down): keep this post for the next poll instead of losing a photo."""

    def __init__(self, post: Post, message: str):
        super().__init__(message)
        self.post, self.message = post, message


@dataclass
class PostResult:
    outcome: str  # "received" | "known" | "skipped"
    story_id: int | None = None
    notes: list[str] = field(default_factory=list)


def receive_post(post: Post, *, campaign: Campaign, config: SocialConfig, actor: Actor,
                 source: SocialSource | None = None, policy: DownloadPolicy | None = None,
                 take_anyway: bool = False, fetched: Fetched | Exception | None = None) -> PostResult:
    """Raises HoldFeed for a photo that may download later, unless `take_anyway` (it failed too often).
    `fetched`: fetch_photos' result (or what it raised) for this post, when it was fetched ahead."""
    known = _known(post, campaign)
    if known is not None:
        return PostResult("known", known)  # read before, here or through another server: nothing to download
    if why := why_not_a_story(post, config):
        return PostResult("skipped", notes=[why])
    if isinstance(fetched, Exception):
        raise fetched
    if fetched is None:
        fetched = fetch_photos(post, policy or DownloadPolicy.from_settings(), take_anyway)
    photos, checked, notes = fetched
    incoming = IncomingStory(
        channel=post.channel, source_key=post.source_key, answer=answer_text(post.text), photos=tuple(photos),
        full_name=post.author_name, social_handle=post.author_handle, profile_url=post.profile_url,
        consents={scope: False for scope in config.consent_scopes},
        consent_evidence={"state": NOT_ASKED, "post_url": post.url},
        received_at=post.created_at, raw=_raw(post, source), participant_language=post.language,
    )
    story = receive_story(incoming, campaign=campaign, actor=actor, checked=checked).story
    flagged = [(SocialProblem.Kind.MEDIA, note) for note in notes]
    if not photos:  # kept all the same, waiting for a photo like a photo-less email (the desk shows "No photo")
        flagged.append((SocialProblem.Kind.NO_PHOTO, _no_photo(post)))
    for kind, note in flagged:
        record_problem(campaign, channel=post.channel, kind=kind, message=note, actor=actor, source=source,
                       post_key=post.key, post_url=post.url, story=story)
    return PostResult("received", story.pk, [note for _, note in flagged])


def needs_fetching(post: Post, campaign: Campaign, config: SocialConfig) -> bool:
    """Whether receive_post would download this post's photos: a hint for fetching ahead (it decides again)."""
    return _known(post, campaign) is None and not why_not_a_story(post, config)


def _known(post: Post, campaign: Campaign) -> int | None:
    return Submission.objects.filter(campaign=campaign, channel=post.channel, source_key=post.source_key) \
        .values_list("story_id", flat=True).first()


def why_not_a_story(post: Post, config: SocialConfig) -> str:
    if config.is_campaign_account(post.author_handle, post.channel):
        return "the campaign's own post"
    if post.is_reply and config.reply_keyword and mentions_keyword(post.text, config.reply_keyword):
        return "an author's answer to a permission request"  # found by the reply poll, not a story
    return ""


Fetched = tuple[list[IncomingPhoto], tuple[InspectedPhoto, ...], list[str]]


def fetch_photos(post: Post, policy: DownloadPolicy, take_anyway: bool) -> Fetched:
    """The post's usable photos, each with its check's result (passed on to intake), and notes on the rest.
    No database: it may run in a thread of its own (poll.py fetches a page's posts a few at a time)."""
    photos, checked, notes = [], [], []
    limits = PhotoLimits(max_bytes=policy.max_bytes)
    for number, media in enumerate(post.photos[:MAX_PHOTOS], 1):
        if not media.url:  # Instagram leaves media_url out of media with copyrighted music or a copyright flag
            notes.append(f"Photo {number}: the platform gave no address to download it from. Open the post to see it.")
            continue
        try:
            got = download(media.url, policy)
        except DownloadFailed as failed:
            if failed.passing and not take_anyway:
                raise HoldFeed(post, f"Photo {number} of {post.url}: {failed.message}") from None
            notes.append(f"Photo {number}: {failed.message}. Open the post to see it.")
            continue
        name = urlsplit(got.url).path.rsplit("/", 1)[-1] or f"photo-{number}"
        try:
            checked.append(inspect_photo(got.data, name, limits))
        except PhotoRejected as rejected:
            notes.append(f"Photo {number}: {rejected.message}")
            continue
        photos.append(IncomingPhoto(got.data, name))
    return photos, tuple(checked), notes


def _no_photo(post: Post) -> str:
    label = LABELS.get(post.channel, post.channel)
    kinds = {m.kind for m in post.media}
    if kinds & {"video", "gifv"}:
        return f"No photo: the {label} post has a video but no photo. Watch it on {label}; the story waits here."
    if post.photos:
        return f"No photo: none of the post's photos could be used (see above). Open the post on {label}."
    return f"No photo: the {label} post has no picture. The story waits here with its words."


def _raw(post: Post, source: SocialSource | None) -> dict:
    """The platform's JSON as it came, and what we read from it (the answer drops tags and mentions)."""
    return {
        "platform": post.channel, "post": post.raw, "url": post.url, "author": post.author_handle,
        "text": post.text, "hashtags": post.hashtags, "mentions": post.mentions, "language": post.language,
        "media": [{"kind": m.kind, "url": m.url, "description": m.description} for m in post.media],
        "feed": source.feed if source else "",
    }
