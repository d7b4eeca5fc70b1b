"""What on this desk needs a person now, for the banner on every desk page (and its page, /desk/attention/).

Each kind of trouble is a small function that reads a few rows through an index and returns a Notice or
nothing; NOTICES is their order on the banner. Every staff member sees every notice (a moderator should
know why nothing publishes) but the campaign's dates, which only admins can change, and each says who can
fix it; the link to the fix is given to those whose role
opens that page. Nothing is cached: a notice must go the moment its cause does, and the whole costs a
handful of indexed queries (tests/desk/test_notices.py counts them)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.campaign_dates import campaign_today, runs_bundled_campaign
from storydesk.actions.heartbeat import STALE_AFTER, last_heartbeat
from storydesk.actions.screening import stuck_in_screening
from storydesk.mail.undelivered import undelivered
from storydesk.models import Campaign, Slot, SocialProblem
from storydesk.models.submission import channel_label
from storydesk.plural import counted, plural

# How the publishing target words a refused token when it parks a slot (publishing/targets/instagram.py).
TOKEN_REFUSED = ("Instagram refused the access token", "The access token lacks a permission")
# A platform that refused our login this recently is still refusing (each poll records it again).
LOGIN_REFUSED_RECENTLY = dt.timedelta(hours=24)


@dataclass(frozen=True)
class Notice:
    key: str  # also the anchor of its entry on /desk/attention/
    text: str  # one short plain sentence
    fixer: str  # who can fix it, in a few words
    link: str = ""  # where to fix it, for those who may open it
    link_text: str = ""
    permission: str = "view_desk"  # the desk permission that opens the link
    audience: str = "view_desk"  # the desk permission that sees the notice at all


@dataclass(frozen=True)
class Reading:
    """What the notices are made from, read once per request."""
    now: dt.datetime
    campaign: Campaign


def _undelivered_mail(reading: Reading) -> Notice | None:
    late = undelivered(reading.now)
    if not late:
        return None
    return Notice("mail", f"{counted(late.count, 'message')} to contributors {plural('is', late.count)} still "
                          f"waiting to go out (the oldest waits since {late.oldest:%Y-%m-%d %H:%M} UTC).",
                  "an admin (the server's mail settings)", reverse("desk:mail"), "See why on the mail page")


def _slots(reading: Reading) -> list[Notice]:
    """Parked slots, and among them those a refused token parked: one query on the slot_due index."""
    token = Q()
    for words in TOKEN_REFUSED:
        token |= Q(error__startswith=words)
    found = Slot.objects.filter(state=Slot.State.PARKED).aggregate(parked=Count("id"),
                                                                     token=Count("id", filter=token))
    notices = []
    calendar = reverse("desk:calendar")
    if found["token"]:
        notices.append(Notice("token", "Instagram refused the campaign's access token: nothing publishes there "
                                       "until it is reconnected with a new token.",
                              "an admin (new token), then a manager (Retry)", calendar, "See the parked slots",
                              "plan_calendar"))
    if found["parked"]:
        n = found["parked"]
        notices.append(Notice("parked", f"{counted(n, 'calendar slot')} {plural('is', n)} parked and won't go out "
                                        f"until someone retries or clears {'it' if n == 1 else 'them'}.",
                              "a manager", calendar, "Open the calendar", "plan_calendar"))
    return notices


def _login_refused(reading: Reading) -> Notice | None:
    channels = sorted(set(SocialProblem.objects.filter(kind=SocialProblem.Kind.AUTH,
                                                       last_seen_at__gte=reading.now - LOGIN_REFUSED_RECENTLY)
                          .values_list("channel", flat=True)[:20]))
    if not channels:
        return None
    return Notice("login", f"{', '.join(channel_label(c) for c in channels)} refused our login: stories posted there "
                           "aren't read until the platform's credentials are renewed.",
                  "an admin (the platform's settings)", reverse("desk:social"), "See the social page")


def _worker(reading: Reading) -> Notice | None:
    beat = last_heartbeat()
    if beat is None:
        # A worker that never ran leaves no beat: then only stories long waiting for screening tell.
        if not stuck_in_screening(reading.now).exists():
            return None
        text = "No worker has run yet: stories wait for screening, and mail and posts don't go out."
    elif reading.now - beat > STALE_AFTER:
        text = (f"The worker has not run since {beat:%Y-%m-%d %H:%M} UTC: stories wait for screening, and mail "
                "and posts don't go out.")
    else:
        return None
    return Notice("worker", text, "whoever runs the server (`storydesk worker`)",
                  reverse("desk:attention") + "#worker", "What to do")


def _campaign_dates(reading: Reading) -> Notice | None:
    spec = reading.campaign.spec
    today = campaign_today(spec, reading.now)
    if spec.start <= today <= spec.end:
        return None
    if today > spec.end:
        text = f"The campaign ended on {spec.end.day} {spec.end:%B %Y}: the calendar has no more days to plan."
    else:
        text = f"The campaign starts on {spec.start.day} {spec.start:%B %Y}: the calendar plans from then."
    # Whether the install is fresh enough to offer the dated copy is the attention page's to check (a query
    # the banner needn't pay on every page). Only admins see it: an archived campaign's team would otherwise
    # read it on every page for ever, and the calendar already tells the others its days are over.
    offered = today > spec.end and runs_bundled_campaign()
    return Notice("campaign", text, "an admin (the campaign's dates)",
                  reverse("desk:attention") + "#campaign" if offered else "",
                  "Start a copy of the campaign today" if offered else "", "manage_staff", "manage_staff")

NOTICES = (_undelivered_mail, _slots, _login_refused, _worker, _campaign_dates)


def notices(campaign: Campaign, now: dt.datetime | None = None) -> list[Notice]:
    reading = Reading(now or timezone.now(), campaign)
    found: list[Notice] = []
    for notice in NOTICES:
        made = notice(reading)
        found.extend(made if isinstance(made, list) else [made] if made else [])
    return found


@dataclass(frozen=True)
class Shown:
    """A notice as one staff member sees it: the link only if their role opens it."""
    notice: Notice
    link: str

    def __getattr__(self, name):
        return getattr(self.notice, name)


def for_staff(user, found: list[Notice]) -> list[Shown]:
    actor = Actor.staff(user)
    return [Shown(n, n.link if n.link and actor.may(n.permission) else "") for n in found
            if n.audience == "view_desk" or actor.may(n.audience)]
