"""The domain, one module per noun (the names the README uses)."""
from storydesk.models.audit import AuditEvent
from storydesk.models.campaign import Campaign
from storydesk.models.consent import Consent
from storydesk.models.contributor import Contributor
from storydesk.models.decision import Decision
from storydesk.models.desk_counts import DeskCount, DeskCountDelta, DeskMark
from storydesk.models.digest import ModeratorDigest
from storydesk.models.engagement import EngagementPoll, PostEngagement
from storydesk.models.gallery import GalleryFacet, GalleryStory, GalleryTerm
from storydesk.models.insights import InsightsCount, InsightsDirtyDay
from storydesk.models.mail import MailMessage, MailReply
from storydesk.models.photo import Photo
from storydesk.models.publication import Publication, Slot, Target
from storydesk.models.similarity import EmbeddingBucket, PhotoHashBand, StoryEmbedding
from storydesk.models.social import InstagramHashtag, PermissionRequest, PlatformReads, SocialProblem, SocialSource
from storydesk.models.story import Status, Story
from storydesk.models.submission import Submission
from storydesk.models.theme import StoryTheme
from storydesk.models.verdict import Verdict
from storydesk.models.worker import WorkerHeartbeat

__all__ = [
    "AuditEvent", "Campaign", "Consent", "Contributor", "Decision", "DeskCount", "DeskCountDelta", "DeskMark",
    "EngagementPoll",
    "GalleryFacet", "GalleryStory",
    "GalleryTerm", "InsightsCount", "InsightsDirtyDay", "InstagramHashtag", "MailMessage",
    "MailReply", "ModeratorDigest", "EmbeddingBucket", "PermissionRequest", "Photo", "PhotoHashBand", "PlatformReads",
    "PostEngagement", "Publication", "Slot", "SocialProblem", "SocialSource", "Status", "Story", "StoryEmbedding",
    "StoryTheme", "Submission", "Target", "Verdict", "WorkerHeartbeat",
]
