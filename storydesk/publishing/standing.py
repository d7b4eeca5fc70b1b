"""Where an approved story stands with publishing, one line per target, from rows already read (no query):
"Published on the gallery on Tue 9 Dec 2026", "Planned for Tue 9 Dec at 10:00 on Instagram", and when it is
on no calendar at all, "Not planned yet — publish now or place it on the calendar"."""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from storydesk.models import Publication, Slot
from storydesk.models.publication import CONSENT_SCOPE
from storydesk.publishing.eligibility import TARGET_LABELS
from storydesk.publishing.missed import missed
from storydesk.publishing.targets import not_set_up

NOT_PLANNED = "Not planned yet — publish now or place it on the calendar"


@dataclass(frozen=True)
class Standing:
    target: str
    text: str
    kind: str  # published, going, planned, stopped (parked or missed), not_planned, not_set_up, no_consent, taken_down
    slot_id: int | None = None  # its calendar slot, to link to
    permalink: str = ""  # the Instagram post; the gallery's page is the desk's to link


def standing_of(*, targets: Iterable[str], publications: Iterable[Publication], slots: Iterable[Slot],
                consents: Iterable, now: dt.datetime, time_zone: str) -> list[Standing]:
    """targets: the campaign's; publications, slots, consents: the story's own."""
    zone = ZoneInfo(time_zone)
    publication_of = {p.target: p for p in publications}
    slot_of = {s.target: s for s in slots}
    given = {c.scope for c in consents if c.state == "given"}
    lines = [_one(t, publication_of.get(t), slot_of.get(t), CONSENT_SCOPE[t] in given, now, zone) for t in targets]
    open_to = [s for s in lines if s.kind == "not_planned"]
    if open_to and len(open_to) == len([s for s in lines if s.kind not in ("not_set_up", "no_consent")]):
        # On no calendar anywhere it may go: one line says so, and what to do.
        return [Standing("", NOT_PLANNED, "not_planned")] + [s for s in lines if s.kind != "not_planned"]
    return lines


def _one(target: str, publication: Publication | None, slot: Slot | None, consented: bool, now: dt.datetime,
         zone: ZoneInfo) -> Standing:
    where = TARGET_LABELS[target]
    slot_id = slot.pk if slot is not None else None
    if publication is not None and publication.state == Publication.State.PUBLISHED:
        when = f" on {_day(publication.published_at.astimezone(zone))}" if publication.published_at else ""
        return Standing(target, f"Published on {where}{when}", "published", slot_id, publication.permalink)
    if publication is not None and publication.state in (Publication.State.REMOVAL_NEEDED,
                                                         Publication.State.REMOVED):
        return Standing(target, f"{publication.get_state_display()} on {where} (withdrawn after publishing)",
                        "taken_down", slot_id)
    if slot is not None and slot.state == Slot.State.PARKED:
        return Standing(target, f"Stopped on {where}: {slot.error}", "stopped", slot_id)
    if slot is not None and slot.state == Slot.State.PLANNED and missed(slot.starts_at, now):
        return Standing(target, f"Missed on {where} — not sent (is storydesk's worker running?)", "stopped", slot_id)
    if (publication is not None and publication.state == Publication.State.PUBLISHING) or (
            slot is not None and (slot.state == Slot.State.PUBLISHING
                                  or (slot.state == Slot.State.PLANNED and slot.starts_at <= now))):
        return Standing(target, f"Going out on {where} now", "going", slot_id)
    missing = not_set_up(target)
    if slot is not None and slot.state == Slot.State.PLANNED:
        local = slot.starts_at.astimezone(zone)
        text = f"Planned for {_day(local, year=False)} at {local:%H:%M} on {where}"
        return Standing(target, f"{text}, but it will stop there: {missing}" if missing else text,
                        "planned", slot_id)
    if missing:
        return Standing(target, missing, "not_set_up")
    if not consented:
        return Standing(target, f"Not for {where}: its contributor hasn't agreed to it", "no_consent")
    return Standing(target, f"Not planned yet on {where}", "not_planned")


def _day(moment: dt.datetime, *, year: bool = True) -> str:
    """"Tue 9 Dec 2026" (English: the desk is)."""
    return f"{moment:%a} {moment.day} {moment:%b}" + (f" {moment.year}" if year else "")
