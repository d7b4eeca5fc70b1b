"""Instagram: render the image, make a container, wait until Instagram has processed it, publish it.

Exactly once: the Publication row remembers each step before the next (container id, then "publish asked"),
so whoever resumes it — this worker on its next try, or another after this one died — never makes a second
container for a live one, and never asks to publish again before looking for the post on the account."""
from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.crypto import get_random_string

from storydesk.models import Publication
from storydesk.platforms.instagram import client as g
from storydesk.platforms.instagram.errors import GraphError
from storydesk.publishing.config import PublishingSpec
from storydesk.publishing.instagram.caption import build_alt_text, build_caption
from storydesk.publishing.instagram.image_url import image_url
from storydesk.publishing.instagram.render import RenderError, render_post, subject_boxes
from storydesk.publishing.targets.base import Lease, Outcome, Parked, Published, RetryLater, TakeDown

PROCESSING_WAIT = dt.timedelta(minutes=1)
NOT_LISTED_YET_WAIT = dt.timedelta(minutes=2)


class InstagramTarget:
    name = "instagram"

    def not_set_up(self) -> str:
        missing = g.missing_settings()
        if not missing:
            return ""
        return (f"Instagram publishing isn't set up: set {' and '.join(missing)} (the campaign account's access "
                "token and Instagram user id) and restart storydesk.")

    def publish(self, publication: Publication, lease: Lease) -> Outcome:
        missing = self.not_set_up()
        if missing:
            return Parked(f"{missing} Then press Retry.")
        graph = g.Graph.from_settings()
        try:
            return _Attempt(graph, publication, lease).run()
        except GraphError as error:
            return outcome_of(error)
        except RenderError as bad:
            return Parked(f"The post image couldn't be made: {bad}. Choose another lead photo, then press Retry.")
        finally:
            graph.close()

    def on_published(self, publication: Publication) -> None:
        pass  # nothing else listens for Instagram posts yet

    def take_down(self, publication: Publication) -> TakeDown:
        where = publication.permalink or f"the post with media id {publication.external_id}"
        return TakeDown(Publication.State.REMOVAL_NEEDED,
                        "Instagram's API can't delete posts, so a person must: open "
                        f"{where} in the Instagram app signed in as the campaign account, choose ⋯ → Delete, "
                        "then press “Removed from Instagram” on the desk's Posts to remove page (Calendar).")


def outcome_of(error: GraphError) -> Outcome:
    after = dt.timedelta(seconds=error.retry_after_seconds) if error.retry_after_seconds else None
    if error.kind == "quota":
        return RetryLater(f"Instagram's publishing limit is used up: {error.describe()}. Trying again later.",
                          after=dt.timedelta(minutes=settings.STORYDESK_INSTAGRAM_QUOTA_WAIT_MINUTES), counts=False)
    if error.kind == "rate_limit":
        return RetryLater(f"Instagram is limiting how often storydesk may call it: {error.describe()}. "
                          "Trying again later.", after=after)
    if error.kind == "transient":
        return RetryLater(f"Instagram had a passing problem: {error.describe()}. Trying again shortly.", after=after)
    return Parked(for_manager(error))


def for_manager(error: GraphError) -> str:
    """What a manager reads on a parked slot: what happened, in Instagram's words, and what to do."""
    said = error.describe()
    return {
        "token": f"Instagram refused the access token: {said}. Make a new long-lived token for the campaign's "
                 "account, set STORYDESK_INSTAGRAM_ACCESS_TOKEN, restart storydesk, then press Retry.",
        "permission": f"The access token lacks a permission Instagram needs for publishing: {said}. Grant "
                      "instagram_basic and instagram_content_publish to the app, make a new token, then press Retry.",
        "rejected": f"Instagram refused this post: {said}. Check the story's photo and caption, then press Retry, "
                    "or clear the slot and place another story.",
    }.get(error.kind, f"Instagram kept failing: {said}. Press Retry to try again.")


class _Attempt:
    def __init__(self, graph: g.Graph, publication: Publication, lease: Lease):
        self.graph, self.pub, self.lease = graph, publication, lease

    def run(self) -> Outcome:
        pub = self.pub
        if pub.external_id:  # published on an earlier try, which died before recording it
            return self._published(pub.external_id)
        if pub.publish_sent_at:
            resumed = self._after_lost_answer()
            if resumed is not None:
                return resumed
        if not pub.container_id:
            waiting = self._quota_wait()
            if waiting:
                return waiting
            self._make_container()
        status = self._wait_until_processed()
        if status.code == g.IN_PROGRESS:
            return RetryLater("Instagram is still processing the image; checking again in a minute.",
                              after=PROCESSING_WAIT, counts=False)
        if status.code in (g.ERROR, g.EXPIRED):
            return self._dead_container(status)
        if status.code == g.PUBLISHED:  # only a publish this row doesn't know of: find it, never repeat it
            found = self._find_post()
            return self._published(found.id, found) if found else RetryLater(
                "Instagram says this post is published but it isn't among the account's latest posts yet; "
                "looking again shortly.", after=NOT_LISTED_YET_WAIT)
        if status.code != g.FINISHED:
            return RetryLater(f"Instagram answered with an unknown container status “{status.code}”.")
        waiting = self._quota_wait()
        if waiting:
            return waiting
        return self._publish()

    def _after_lost_answer(self) -> Outcome | None:
        """Publish was asked before and no answer came: it may have gone out. Look before asking again."""
        found = self._find_post()
        if found:
            return self._published(found.id, found)
        status = self.graph.container_status(self.pub.container_id)
        if status.code == g.PUBLISHED:
            return RetryLater("Instagram says this post is published but it isn't among the account's latest "
                              "posts yet; looking again shortly.", after=NOT_LISTED_YET_WAIT)
        if status.code in (g.ERROR, g.EXPIRED):
            return self._dead_container(status)
        return None  # FINISHED (or still processing): it never went out, so publishing it is safe

    def _make_container(self) -> None:
        pub, story = self.pub, self.pub.story
        campaign = story.campaign
        look = PublishingSpec.of(campaign).instagram
        lead = story.lead_photo
        if lead is None:
            raise RenderError("the story has no photo")
        with lead.public.open("rb") as f:
            rendered = render_post(f.read(), subject_boxes(story), width=look.width, height=look.height,
                                   colour=campaign.spec.colour, frame=look.frame)
        spec = campaign.spec
        caption = build_caption(story, template=look.caption, credit_template=look.credit, post_tags=spec.post_tags)
        alt_text = build_alt_text(story, template=look.alt_text, sign_tag=spec.sign_tag)
        if pub.image:
            pub.image.delete(save=False)
        # A random name: the signed address names the file, so a new rendering retires the old address.
        pub.image.save(f"{pub.pk}-{get_random_string(24)}.jpg", ContentFile(rendered.jpeg), save=False)
        self.lease.save(image=pub.image.name, caption=caption, alt_text=alt_text)
        pub.caption, pub.alt_text = caption, alt_text
        container = self.graph.create_container(image_url=image_url(pub), caption=caption, alt_text=alt_text)
        now = timezone.now()
        self.lease.save(container_id=container, container_created_at=now)
        pub.container_id, pub.container_created_at = container, now

    def _wait_until_processed(self) -> g.ContainerStatus:
        deadline = time.monotonic() + settings.STORYDESK_INSTAGRAM_POLL_MAX_SECONDS
        while True:
            status = self.graph.container_status(self.pub.container_id)
            if status.code != g.IN_PROGRESS or time.monotonic() >= deadline:
                return status
            self.lease.save()  # still ours while we wait
            time.sleep(settings.STORYDESK_INSTAGRAM_POLL_SECONDS)

    def _dead_container(self, status: g.ContainerStatus) -> Parked:
        container = self.pub.container_id
        # Its status says it never went out (a published one reads PUBLISHED): Retry makes a new one.
        self.lease.save(container_id="", container_created_at=None, publish_sent_at=None)
        if status.code == g.EXPIRED:
            return Parked(f"The prepared post (container {container}) expired on Instagram before it went out: "
                          "containers last 24 hours. Press Retry to prepare it again.")
        detail = f" ({status.detail})" if status.detail else ""
        return Parked(f"Instagram couldn't process the post image (container {container}){detail}. "
                      "Check the story's photo, then press Retry.")

    def _quota_wait(self) -> RetryLater | None:
        quota = self.graph.publishing_limit()
        if quota.total > 0 and not quota.used_up:
            return None
        hours = quota.window_seconds / 3600
        return RetryLater(f"Instagram's publishing limit is used up ({quota.usage} of {quota.total} posts in "
                          f"{hours:g} h); trying again later.",
                          after=dt.timedelta(minutes=settings.STORYDESK_INSTAGRAM_QUOTA_WAIT_MINUTES), counts=False)

    def _publish(self) -> Outcome:
        self.lease.about_to_publish()
        try:
            media_id = self.graph.publish(self.pub.container_id)
        except GraphError as error:
            if not error.answered:
                return RetryLater(f"Instagram didn't answer the publish request ({error.message}). Before asking "
                                  "again storydesk looks for the post on the account, so it can't go out twice.")
            raise
        self.lease.save(external_id=media_id)  # kept at once: a crash from here on must not publish again
        return self._published(media_id)

    def _published(self, media_id: str, found: g.Media | None = None) -> Published:
        permalink = found.permalink if found else ""
        if not permalink:
            try:
                permalink = self.graph.media(media_id).permalink
            except GraphError:
                permalink = ""  # the post is out; a missing link is no reason to try again
        when = found.timestamp if found and found.timestamp else timezone.now()
        return Published(external_id=media_id, permalink=permalink, published_at=when)

    def _find_post(self) -> g.Media | None:
        """This publication's post among the account's latest media: same caption, made after its container."""
        wanted = " ".join(self.pub.caption.split())
        made = self.pub.container_created_at or self.pub.publish_sent_at or timezone.now() - dt.timedelta(days=1)
        since = made - dt.timedelta(minutes=10)  # room for clocks that disagree
        for media in self.graph.recent_media(pages=settings.STORYDESK_INSTAGRAM_RECENT_PAGES):
            if media.timestamp is not None and media.timestamp < since:
                return None  # newest first: everything further is older than this post can be
            if " ".join(media.caption.split()) == wanted:
                return media
        return None
