"""Everything the story page shows, gathered in a fixed number of queries: the photo with its boxes, the
verdicts in plain words, the answer with personal data marked, the caption and its removed pieces,
duplicates beside it, the consent ledger, the decisions and audit trail, the claim and the forms."""
from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from storydesk.actions.assignment import deciders
from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.claims import Claim, current_claim
from storydesk.actions.guards import version_of
from storydesk.actions.outbox import messenger_for, why_unreachable
from storydesk.actions.story_edits import caption_of, pieces_of
from storydesk.desk import evidence
from storydesk.desk.forms import CaptionForm, DisplayNameForm, NeedsInfoForm, RejectForm, ThemesForm
from storydesk.desk.queue import QueueFilters, neighbours
from storydesk.desk.social import social_panel
from storydesk.models import AuditEvent, Photo, Status, Story, Submission, Verdict
from storydesk.models.story import FINAL
from storydesk.publishing import redaction
from storydesk.publishing.config import PublishingSpec
from storydesk.publishing.display_name import default_display_name
from storydesk.publishing.publish_now import plan_now
from storydesk.publishing.standing import standing_of
from storydesk.screening.evidence import PersonalDataSpan, Screening

HISTORY = 100


@dataclass(frozen=True)
class Segment:
    text: str
    kinds: str = ""  # personal data kinds when this piece of the answer is personal data


@dataclass(frozen=True)
class Piece:
    index: int
    text: str
    kinds: str
    removed: bool


def stories_with_details():
    return Story.objects.select_related("contributor", "claimed_by", "assigned_to").prefetch_related(
        Prefetch("photos", queryset=Photo.objects.order_by("position", "id")),
        Prefetch("verdicts", queryset=Verdict.objects.order_by("position", "id")),
        Prefetch("submissions", queryset=Submission.objects.order_by("received_at", "id")),
    )


def render_story_page(request, story_id: int, *, claim: Claim | None = None, refusal: str = "", status: int = 200,
                      bound: dict | None = None, claim_on_load: bool = False):
    """bound: forms to show as the moderator sent them (with their errors), by name. claim_on_load: the page
    was opened (a GET), so it asks for the claim once loaded when the moderator may take it."""
    campaign = current_campaign()
    story = get_object_or_404(stories_with_details().select_related("merged_into", "duplicate_of"), pk=story_id)
    actor = Actor.staff(request.user)
    spec = campaign.spec
    filters = QueueFilters.from_query(request.GET)
    before, after = neighbours(filters, Story.objects.filter(campaign=campaign), story, user=request.user)
    version = version_of(story)
    verdicts = list(story.verdicts.all())
    events = list(AuditEvent.objects.filter(story=story).select_related("actor")[:HISTORY])
    photos = list(story.photos.all())
    pieces = pieces_of(story)
    caption = caption_of(story)
    gone = redaction.removed(caption, pieces)
    may = {p: actor.may(p) for p in ("decide_story", "edit_story", "merge_story", "reverse_decision", "assign_story",
                                     "plan_calendar")}
    editable = story.status not in FINAL
    claim = claim or current_claim(story.pk)
    bound = bound or {}
    initial = {"version": version}
    consents = list(story.consents.order_by("scope"))
    publications = list(story.publications.select_related("slot").order_by("target"))
    all_slots = list(story.slots.order_by("starts_at"))
    context = {
        "story": story,
        "version": version,
        "filters": filters,
        "queue_query": filters.as_query(),
        "previous_id": before,
        "next_id": after,
        "claim": claim,
        "claim_on_load": claim_on_load and may["decide_story"] and editable and _claimable(claim, request.user),
        "refusal": refusal,
        "may": may,
        "editable": editable,
        "photos": photos,
        "verdicts": [(v, evidence.explain(v)) for v in verdicts],
        "boxes": evidence.photo_boxes(verdicts),
        "boxes_photo_id": screened_photo_id(photos, events),
        "answer_segments": segments(story.answer, pieces),
        "caption": caption,
        "caption_saved": bool(story.public_caption),
        "caption_warnings": redaction.personal_data_left(caption, public_handles=[spec.handle] if spec.handle else []),
        "pieces": [Piece(p.index, p.text, _kinds(p.kinds), g) for p, g in zip(pieces, gone)],
        "default_display_name": default_display_name(story.contributor, story.country),
        "channels": sorted({s.channel for s in story.submissions.all()}),
        "consents": consents,
        # Where it is published or planned; a withdrawn story's Instagram post says what a person must do.
        "publications": publications,
        "slots": [s for s in all_slots if s.state != "published"],
        **_publishing_now(story, campaign, consents, publications, all_slots),
        "decisions": list(story.decisions.select_related("actor")[:20]),
        "events": events,
        "duplicates": duplicates_of(story),
        "reach": _reach(story),
        "reject_reasons": spec.reject_reasons,
        "info_requests": spec.info_requests,
        "forms": {
            "reject": bound.get("reject") or RejectForm(initial=initial, reasons=spec.reject_reasons),
            "needs_info": bound.get("needs_info") or NeedsInfoForm(initial=initial, requests=spec.info_menu),
            "caption": bound.get("caption") or CaptionForm(initial={**initial, "caption": caption}),
            "display_name": bound.get("display_name") or DisplayNameForm(
                initial={**initial, "display_name": story.display_name}),
            "themes": bound.get("themes") or ThemesForm(
                initial={**initial, "themes": [t["name"] for t in story.themes]},
                names=[t.name for t in spec.themes]),
        },
        "assignees": list(deciders()) if may["assign_story"] else [],
        "social": social_panel(story, actor),
    }
    return render(request, "storydesk/desk/story_detail.html", context, status=status)


def _publishing_now(story: Story, campaign, consents, publications, slots) -> dict:
    """Where an approved (or published) story stands on each target, and what "publish now" would do."""
    if story.status != Status.APPROVED and not publications:
        return {"standing": [], "now_plan": None}
    now = timezone.now()
    targets = PublishingSpec.of(campaign).targets
    facts = {"targets": targets, "publications": publications, "slots": slots, "consents": consents, "now": now}
    return {"standing": standing_of(**facts, time_zone=campaign.spec.time_zone), "now_plan": plan_now(story, **facts)}


def render_claim_box(request, story_id: int, claim: Claim, *, status: int = 200):
    """The claim box alone (_claim.html), for the page's own claim request (htmx, target #claim)."""
    story = get_object_or_404(Story.objects.only("pk", "status"), pk=story_id)
    context = {
        "story": story,
        "claim": claim,
        "may": {"decide_story": Actor.staff(request.user).may("decide_story")},
        "editable": story.status not in FINAL,
        "q": QueueFilters.from_query(request.GET).as_query(),
    }
    return render(request, "storydesk/desk/_claim.html", context, status=status)


def _kinds(kinds) -> str:
    return ", ".join(PersonalDataSpan.kind_label(kind) for kind in kinds)


def _claimable(claim: Claim, user) -> bool:
    """Nobody holds it, or the moderator does (opening it again renews the claim)."""
    return not claim.live or claim.held_by(user)


def screened_photo_id(photos: list[Photo], events: list[AuditEvent]) -> int | None:
    """The photo screening looked at (its boxes are in that photo's pixels): the lead at the last screening,
    which a moderator may have changed since."""
    if not photos:
        return None
    screened_lead, screened = None, False
    for event in reversed(events):  # oldest first
        if event.verb == "screening.finished":
            screened_lead, screened = None, True
        elif event.verb == "story.lead_photo_chosen" and screened and screened_lead is None:
            screened_lead = event.data.get("before")
    return screened_lead if screened_lead in {p.pk for p in photos} else photos[0].pk


def segments(answer: str, pieces: list[redaction.Redaction]) -> list[Segment]:
    """The answer cut into plain text and personal data, to mark the latter."""
    out, cursor = [], 0
    for piece in pieces:
        if piece.start > cursor:
            out.append(Segment(answer[cursor:piece.start]))
        out.append(Segment(piece.text, _kinds(piece.kinds)))
        cursor = piece.end
    if cursor < len(answer):
        out.append(Segment(answer[cursor:]))
    return out


@dataclass(frozen=True)
class Duplicate:
    story: Story
    how: str  # in words: "same photo", "same words", …
    version: str
    mergeable: bool
    pair: tuple[Story, Story]  # this story and the duplicate, to show side by side


def duplicates_of(story: Story) -> list[Duplicate]:
    """Stories this one may repeat (screening's matches, its duplicate_of, the story its unproven mail would
    have completed) and those marked as repeating it or as mail that would have completed it."""
    hows: dict[int, list[str]] = {}
    matches = Screening.of(story.verdicts.all()).duplicates
    for photo_match in matches.photo_matches:
        hows.setdefault(photo_match.story, []).append("same photo")
    for text_match in matches.text_matches:
        how = "same words" if text_match.kind == "exact" else "very similar words"
        hows.setdefault(text_match.story, []).append(how)
    if story.duplicate_of_id:
        hows.setdefault(story.duplicate_of_id, []).append("marked as its original")
    if story.would_complete_id:
        hows.setdefault(story.would_complete_id, []).append("the story it would have completed (sender not proven)")
    later = Story.objects.filter(Q(duplicate_of=story) | Q(would_complete=story)).values_list(
        "pk", "duplicate_of_id", "would_complete_id")[:10]
    for pk, copy_of, would_complete in later:
        if copy_of == story.pk:
            hows.setdefault(pk, []).append("a later copy of this story")
        if would_complete == story.pk:
            hows.setdefault(pk, []).append("later mail that would have completed this story (sender not proven)")
    hows.pop(story.pk, None)
    if not hows:
        return []
    others = stories_with_details().select_related("merged_into").filter(pk__in=list(hows)[:10])
    return [Duplicate(other, ", ".join(dict.fromkeys(hows[other.pk])), version_of(other),
                      story.status not in FINAL and other.status not in FINAL, (story, other))
            for other in sorted(others, key=lambda s: s.pk)]


@dataclass(frozen=True)
class Reach:
    channel: str
    address: str
    why_not: str


def _reach(story: Story) -> Reach:
    messenger = messenger_for(story)
    if messenger is None:
        return Reach("", "", why_unreachable(story))
    return Reach(messenger.channel, messenger.address(story), "")
