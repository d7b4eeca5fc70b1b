"""A desk full of what breaks layouts: very long theme names (one without a space), many themes on every
story, long answers with unbroken words, names and addresses without spaces, long errors and feeds."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.test import override_settings
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.calendar import plan_days
from storydesk.actions.decisions import decide
from storydesk.actions.guards import version_of
from storydesk.actions.story_edits import set_caption
from storydesk.models import MailMessage, MailReply, Slot, SocialProblem, SocialSource
from storydesk.screening.result import StepResult
from tests.desk.conftest import NO_SIGN, personal_data_result, screen_with
from tests.publishing.factories import approved_story
from tests.stories import make_story

UNBROKEN = "Equalitymattersbecauseeveryonedeservesthesamechancesandthesamerespectateveryage" * 2  # 160 letters
THEMES = [
    "fathers who share the unpaid care work at home, every day and every night, without being asked to",
    "speaking up at work when a colleague is interrupted, talked over or passed over for promotion",
    "Brotherhoodofallieswhostandupforequalpayandequalrespectineveryworkplaceandeveryhome",
    "educating sons and nephews about consent, respect and the everyday sexism they will meet online",
    "ending violence against women and girls in every community, in every country, in every generation",
    "equal representation in politics, business leadership, science, sport and the arts",
    "challenging harmful stereotypes of masculinity in media, advertising and popular culture",
    "supporting girls' education and the right to finish school in safety",
]
NAME = "Bartholomew-Oluwaseun-Christopher-Maximilian-Alexandros"  # 56 characters, no space
EMAIL = "bartholomew.oluwaseun.christopher.maximilian.alexandros@a-very-long-organisation-name.example.org"
ANSWER = (
    "Gender equality matters to me because I grew up watching my mother work two jobs and still do every "
    "chore at home, while nobody thought that was strange. " * 4
    + UNBROKEN + " And here is a link nobody will wrap: https://example.org/" + UNBROKEN + " "
    + "I want my daughters to live in a world where their ambitions are taken as seriously as my sons'. " * 3
)
STAFF = "campaign-manager-with-a-very-long-username-" + "x" * 40  # 83 characters, no space


@dataclass
class StressedDesk:
    story: int  # in review, flagged, personal data marked, a duplicate beside it, every theme
    slot: int  # a planned Instagram slot whose story has a long display name
    unplanned: int  # approved and consented, on no slot: its page offers publish now
    month: str  # YYYY-MM of the planned slots
    theme: str  # the longest theme name, for the queue's filter
    email: str  # a contributor's address, for the personal-data page
    staff: str  # the admin's username (with every menu item), no space in it


def stressed_desk(campaign, staff_user) -> StressedDesk:
    config = dict(campaign.config)
    config["name"] = campaign.name = "#YearOfMaleAllyship: why gender equality matters to you, in your own words"
    config["themes"] = list(config.get("themes", [])) + [
        {"name": name, "description": f"Stories about {name}."} for name in THEMES]
    campaign.config = config
    campaign.save()
    all_themes = [t.name for t in campaign.spec.themes]
    tagged = StepResult("pass", 0.4, {"themes": [{"name": n, "score": 0.4} for n in all_themes],
                                      "top": all_themes[0], "scores": []})

    admin = staff_user("admin", STAFF)
    admin.email = f"{STAFF}@{EMAIL.split('@')[1]}"
    admin.save()
    for role in ("manager", "moderator", "viewer"):
        user = staff_user(role, f"{role}-{NAME}")
        user.email = f"{role}.{EMAIL}"
        user.save()

    original = screen_with(make_story(campaign, n=1, channel="email", answer=ANSWER, first_name=NAME,
                                      email=EMAIL), theme_tagging=tagged)
    pieces = personal_data_result(ANSWER, ("email", UNBROKEN))
    flagged = screen_with(
        make_story(campaign, n=2, base="coffee", answer=ANSWER, first_name=NAME, email=f"two.{EMAIL}"),
        sign_check=NO_SIGN, text_check=pieces, theme_tagging=tagged,
        duplicate_check=StepResult("flag", 0.98, {
            "photo_matches": [], "duplicate_of": original.pk,
            "text_matches": [{"story": original.pk, "kind": "exact", "cosine": 1.0}]}))
    for n in range(3, 15):
        screen_with(make_story(campaign, n=n, base=("astronaut", "rocket", "chelsea")[n % 3], answer=ANSWER,
                               first_name=NAME, email=f"n{n}.{EMAIL}", channel=("web", "email")[n % 2]),
                    theme_tagging=tagged)
    manager = Actor.staff(admin)
    set_caption(original.pk, ANSWER[:600], actor=manager, seen_version=version_of(original))
    asked = screen_with(make_story(campaign, n=15, channel="email", answer=ANSWER, first_name=NAME,
                                   email=f"asked.{EMAIL}"), theme_tagging=tagged)
    decide(asked.pk, "needs_info", actor=manager, seen_version=version_of(asked), request="sign")

    for n in range(6):
        approved_story(campaign, country=("GH", "IN", "BR", "FR", "KE", "MX")[n], themes=THEMES[:4],
                       display_name=f"{NAME}{n}", public_caption=ANSWER[:400], waited_days=10 - n,
                       answer=ANSWER, first_name=NAME)
    # Planned while Instagram was set up; it is not now, so the calendar says so and its slots would park.
    with override_settings(STORYDESK_INSTAGRAM_ACCESS_TOKEN="token", STORYDESK_INSTAGRAM_ACCOUNT_ID="17841400000"):
        plan_days(campaign, target="instagram", days=6, actor=manager)
    plan_days(campaign, target="gallery", days=6, actor=manager)
    slot = campaign.slots.filter(target="instagram", story__isnull=False).order_by("starts_at").first()
    for _ in range(2):  # left over: the slot's page offers them
        unplanned = approved_story(campaign, themes=THEMES[2:], display_name=f"{NAME}-{UNBROKEN[:40]}", answer=ANSWER,
                       public_caption=UNBROKEN + ANSWER[:200], first_name=NAME)

    MailMessage.objects.create(campaign=campaign, source_key="<broken@example.org>", origin="imap:INBOX/" + UNBROKEN,
                               sender=EMAIL, subject=UNBROKEN, outcome="failed",
                               error="the photo could not be read: " + UNBROKEN + " truncated JPEG " * 10)
    source = SocialSource.objects.create(campaign=campaign, channel="mastodon",
                                         feed=f"https://mastodon.{UNBROKEN[:60]}.example #YearOfMaleAllyship",
                                         last_error="the server answered 503: " + UNBROKEN)
    SocialProblem.objects.create(campaign=campaign, source=source, channel="mastodon", kind="server",
                                 message="The server refused: " + UNBROKEN, detail='{"error": "' + UNBROKEN + '"}',
                                 post_url=f"https://mastodon.example/@{NAME}/{UNBROKEN}")
    return StressedDesk(story=flagged.pk, slot=slot.pk, unplanned=unplanned.pk, month=slot.starts_at.strftime("%Y-%m"),
                        theme=THEMES[2], email=EMAIL, staff=STAFF)


def in_trouble(desk: StressedDesk) -> None:
    """What the banner of what needs a person warns about, in long words: a slot parked by the platform's long
    error, and a message to a contributor that failed to go out."""
    parked = Slot.objects.filter(target="instagram").exclude(pk=desk.slot).order_by("starts_at").first()
    parked.state, parked.error = Slot.State.PARKED, "Instagram said: " + UNBROKEN
    parked.save()
    MailReply.objects.update(last_error="ConnectionRefusedError: " + UNBROKEN)


def desk_pages(desk: StressedDesk) -> list[tuple[str, str]]:
    """(name, address) of every desk page, with the stress data in view."""
    since = (timezone.now() - dt.timedelta(days=30)).date().isoformat()
    until = timezone.now().date().isoformat()
    filtered = (f"/desk/?status=in_review&channel=web&theme={desk.theme}&country=GH&sort=newest"
                f"&since={since}&until={until}")
    return [
        ("queue", "/desk/"),
        ("queue with many filters", filtered),
        ("story", f"/desk/stories/{desk.story}/"),
        ("calendar month", f"/desk/calendar/?month={desk.month}"),
        ("slot", f"/desk/calendar/slots/{desk.slot}/"),
        ("insights", "/desk/insights/"),
        ("audit", "/desk/audit/"),
        ("mail", "/desk/mail/"),
        ("social", "/desk/social/"),
        ("staff", "/desk/staff/"),
        ("personal data", f"/desk/personal-data/?email={desk.email}"),
    ]
