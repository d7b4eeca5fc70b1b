"""/desk/calendar/: the publishing calendar for managers — a month of slots per target, filling a slot by
picking a story, locking, clearing, retrying parked slots, "fill the next N days", and the Instagram posts
a person must remove by hand. The rules are in actions.calendar."""
from __future__ import annotations

import calendar as month_grid
import datetime as dt
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from storydesk.actions import calendar as actions
from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.publish_now import read_plan
from storydesk.desk.access import staff_required
from storydesk.desk.keyset import keyset_page
from storydesk.desk.responses import SeeOther
from storydesk.desk.slot_reading import reading
from storydesk.models import Photo, Publication, Slot, Status, Story, Target
from storydesk.plural import counted
from storydesk.publishing import cadence
from storydesk.publishing.config import PublishingSpec
from storydesk.publishing.eligibility import TARGET_LABELS, facts_of, placeable
from storydesk.publishing.targets import not_set_up, set_up

PICKER_PAGE = 20
_LEADS = Prefetch("story__photos", queryset=Photo.objects.filter(position=0).order_by("id"), to_attr="leads")


def _month_of(value: str, fallback: dt.date) -> dt.date:
    try:
        return dt.datetime.strptime(value, "%Y-%m").date()
    except (TypeError, ValueError):
        return fallback.replace(day=1)


@staff_required("plan_calendar")
@require_GET
def month(request):
    """The month as it stands, and writes nothing: the days from today show every slot of the cadence, those
    not written yet as open slots that opening (a POST) writes."""
    campaign = current_campaign()
    spec, publishing = campaign.spec, PublishingSpec.of(campaign)
    zone, now = ZoneInfo(spec.time_zone), timezone.now()
    today = cadence.today(spec, now)
    first = _month_of(request.GET.get("month"), today)
    last = first.replace(day=month_grid.monthrange(first.year, first.month)[1])
    start, end = cadence.day_span(first, last, spec)
    slots = list(Slot.objects.filter(campaign=campaign, starts_at__gte=start, starts_at__lt=end)
                 .select_related("story").prefetch_related(_LEADS))
    ready = set_up(publishing.targets)
    if last >= today:
        slots = _as_laid_out(campaign, slots, max(first, today), last, ready)
    by_day: dict[dt.date, list[Slot]] = {}
    for slot in sorted(sorted(slots, key=lambda s: s.target, reverse=True), key=lambda s: s.starts_at):
        slot.local = slot.starts_at.astimezone(zone)
        slot.reads = reading(slot, now=now, not_set_up=slot.target not in ready,
                             target_label=TARGET_LABELS[slot.target].capitalize())
        by_day.setdefault(slot.local.date(), []).append(slot)
    weeks = [[(day, day.month == first.month, day == today, by_day.get(day, [])) for day in week]
             for week in month_grid.Calendar().monthdatescalendar(first.year, first.month)]
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    return render(request, "storydesk/desk/calendar_month.html", {
        "weeks": weeks, "first": first, "previous": previous, "next": last + dt.timedelta(days=1),
        "weekdays": [month_grid.day_abbr[d] for d in range(7)], "time_zone": spec.time_zone,
        "targets": [(t, TARGET_LABELS[t]) for t in ready], "plan_days": publishing.plan_days,
        # Targets the campaign names but that can't publish yet: nothing is planned there, and how to turn them on.
        "not_set_up": [(TARGET_LABELS[t].capitalize(), not_set_up(t)) for t in publishing.targets if t not in ready],
        "parked": Slot.objects.filter(campaign=campaign, state=Slot.State.PARKED).select_related("story")
        .order_by("starts_at")[:50],
        "removals": _removals(campaign).count(),
        "outside_campaign": last < spec.start or first > spec.end, "campaign_spec": spec,
    })


def _as_laid_out(campaign, slots: list[Slot], first_day: dt.date, last_day: dt.date, targets) -> list[Slot]:
    """The slots as actions.calendar.lay_out_slots would leave them from first_day to last_day, unsaved: the
    missing ones of the set-up `targets` as open slots without an id, the stale open ones left out."""
    start, _ = cadence.day_span(first_day, last_day, campaign.spec)
    layout = cadence.layout(campaign, first_day, last_day, [s for s in slots if s.starts_at >= start],
                            targets=targets)
    stale = {s.pk for s in layout.stale}
    return ([s for s in slots if s.pk not in stale]
            + [Slot(campaign=campaign, target=target, starts_at=moment) for target, moment in layout.missing])


@staff_required("plan_calendar")
@require_POST
def open_slot(request):
    """A slot the month shows but hasn't written yet: lay out its day, then show the slot."""
    campaign = current_campaign()
    try:
        starts_at = dt.datetime.fromisoformat(request.POST.get("starts_at", ""))
        if starts_at.tzinfo is None:
            raise ValueError("no time zone")
        slot = actions.open_slot(campaign, request.POST.get("target", ""), starts_at,
                                 actor=Actor.staff(request.user))
    except ValueError:
        messages.error(request, "No such slot.")
    except actions.SlotRefused as refused:
        messages.error(request, str(refused))
    else:
        return SeeOther(reverse("desk:calendar-slot", args=[slot.pk]))
    return SeeOther(reverse("desk:calendar"))


@staff_required("plan_calendar")
@require_POST
def plan(request):
    campaign = current_campaign()
    publishing = PublishingSpec.of(campaign)
    wanted = request.POST.get("target", "all")
    # "Every target" is every one that is set up; naming one that isn't gets plan_days's refusal, which says how.
    targets = set_up(publishing.targets) if wanted == "all" else [wanted]
    try:
        days = int(request.POST.get("days", publishing.plan_days))
        for target in targets:
            result = actions.plan_days(campaign, target=target, days=days, actor=Actor.staff(request.user))
            messages.success(request, f"{TARGET_LABELS[result.target].capitalize()}: "
                                      f"{counted(result.filled, 'slot')} filled, {result.left_open} left open, "
                                      f"{result.kept} kept as they were.")
    except (ValueError, KeyError):
        messages.error(request, "Choose a target and a number of days.")
    except actions.SlotRefused as refused:
        messages.error(request, str(refused))
    return SeeOther(reverse("desk:calendar"))


@staff_required("plan_calendar")
@require_GET
def slot_page(request, slot_id: int):
    campaign = current_campaign()
    slot = get_object_or_404(Slot.objects.select_related("story", "story__contributor"), pk=slot_id, campaign=campaign)
    publication = (Publication.objects.filter(story_id=slot.story_id, target=slot.target).first()
                   if slot.story_id else None)
    query, country = request.GET.get("q", "").strip(), request.GET.get("country", "").strip().upper()
    candidates = placeable(campaign, slot.target)
    if query:
        words = Q(public_caption__icontains=query) | Q(display_name__icontains=query) | Q(answer__icontains=query)
        candidates = candidates.filter(words | Q(pk=int(query)) if query.isdigit() else words)
    if country:
        candidates = candidates.filter(country=country)
    # Keyset pages, no count: at a million stories, counting the approved ones took 0.7–1.2 s (bench desk).
    page = keyset_page(candidates.prefetch_related(Prefetch("photos", queryset=Photo.objects.filter(position=0),
                                                            to_attr="leads")), ("created_at", "id"),
                       PICKER_PAGE, request.GET)
    facts = {f.story_id: f for f in facts_of(Story.objects.filter(pk__in=[s.pk for s in page]))}
    rows = [(story, facts.get(story.pk)) for story in page]
    now, missing = timezone.now(), not_set_up(slot.target)
    return render(request, "storydesk/desk/calendar_slot.html", {
        "slot": slot, "publication": publication, "target_label": TARGET_LABELS[slot.target],
        "changeable": slot.state in actions.CHANGEABLE and slot.starts_at > now and not missing,
        "page": page, "rows": rows, "query": query, "country": country, "now": now,
        "time_zone": campaign.spec.time_zone, "not_set_up": missing,
        "reads": reading(slot, now=now, not_set_up=bool(missing), target_label=TARGET_LABELS[slot.target].capitalize()),
        "now_plan": _publish_now_offer(slot, now),
    })


def _publish_now_offer(slot: Slot, now: dt.datetime):
    """What publish now would do with the slot's story, when it would do anything (else the page offers nothing)."""
    if slot.story is None or slot.story.status != Status.APPROVED:
        return None
    plan = read_plan(slot.story, now)
    return plan if plan.going else None


def _slot_action(request, slot_id: int, change, said: str):
    try:
        change(Actor.staff(request.user))
    except Slot.DoesNotExist:
        messages.error(request, "No such slot.")
        return SeeOther(reverse("desk:calendar"))
    except Story.DoesNotExist:
        messages.error(request, "No such story in this campaign.")
    except actions.SlotRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, said)
    return SeeOther(reverse("desk:calendar-slot", args=[slot_id]))


@staff_required("plan_calendar")
@require_POST
def place(request, slot_id: int):
    story_id = request.POST.get("story", "")
    if not story_id.isdigit():
        messages.error(request, "Choose a story to place.")
        return SeeOther(reverse("desk:calendar-slot", args=[slot_id]))
    return _slot_action(request, slot_id, lambda actor: actions.place_story(slot_id, int(story_id), actor=actor),
                        f"Story {story_id} placed and locked in this slot.")


@staff_required("plan_calendar")
@require_POST
def clear(request, slot_id: int):
    return _slot_action(request, slot_id, lambda actor: actions.clear_slot(slot_id, actor=actor), "Slot cleared.")


@staff_required("plan_calendar")
@require_POST
def lock(request, slot_id: int):
    locked = request.POST.get("locked") == "1"
    return _slot_action(request, slot_id, lambda actor: actions.set_locked(slot_id, locked, actor=actor),
                        "Slot locked: re-planning keeps it." if locked else "Slot unlocked: re-planning may change it.")


@staff_required("plan_calendar")
@require_POST
def retry(request, slot_id: int):
    return _slot_action(request, slot_id, lambda actor: actions.retry_slot(slot_id, actor=actor),
                        "Retrying: it goes out within a minute, resuming where it stopped.")


def _removals(campaign):
    return Publication.objects.filter(story__campaign=campaign, state=Publication.State.REMOVAL_NEEDED)


@staff_required("plan_calendar")
@require_GET
def removals(request):
    campaign = current_campaign()
    rows = _removals(campaign).select_related("story").order_by("updated_at", "id")
    return render(request, "storydesk/desk/calendar_removals.html", {
        "rows": rows, "instagram": Target.INSTAGRAM,
        "done": Publication.objects.filter(story__campaign=campaign, state=Publication.State.REMOVED,
                                           target=Target.INSTAGRAM).select_related("story")
        .order_by("-removed_at")[:20],
    })


@staff_required("plan_calendar")
@require_POST
def removed(request, publication_id: int):
    try:
        publication = actions.mark_removed(publication_id, actor=Actor.staff(request.user))
    except Publication.DoesNotExist:
        messages.error(request, "No such post.")
    except actions.SlotRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, f"Recorded: story {publication.story_id}'s post is gone from Instagram.")
    return SeeOther(reverse("desk:calendar-removals"))
