"""The desk's banner of what needs a person (storydesk/notices.py) and its page, /desk/attention/: undelivered
mail, a refused token, parked slots, a refused login, a stopped worker, and the campaign's dates, with the
admin's button that starts a copy of the bundled campaign today. The clock is pinned (tests/clock.py): in
2027, long after the bundled campaign's year."""
from __future__ import annotations

import datetime as dt
import tomllib

import pytest
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.campaign import DATED_COPY_MARK, current_campaign
from storydesk.actions.campaign_dates import campaign_today, dated_campaign_text, year_from
from storydesk.actions.heartbeat import record_heartbeat
from storydesk.models import AuditEvent, Decision, MailReply, Slot, SocialProblem, WorkerHeartbeat
from storydesk.notices import notices
from storydesk.tasks import worker_heartbeat
from tests.stories import make_story

pytestmark = pytest.mark.django_db

ENDED = "The campaign ended on 28 February 2021"


@pytest.fixture
def copy_file(settings, tmp_path):
    """The dated copy goes to a folder of this test's own, never the run's home folder."""
    settings.HOME_CAMPAIGN_FILE = tmp_path / "campaign.toml"
    settings.CAMPAIGN = ""
    return settings.HOME_CAMPAIGN_FILE


def page_of(client, name: str = "desk:stories") -> str:
    return client.get(reverse(name)).content.decode()


def banner(page: str) -> str:
    start = page.find('<section class="notices"')
    return page[start:page.index("</section>", start)] if start >= 0 else ""


def parked(campaign, error: str, hours: int = 1) -> Slot:
    return Slot.objects.create(campaign=campaign, target="instagram", state=Slot.State.PARKED, error=error,
                               starts_at=timezone.now() - dt.timedelta(hours=hours))


@pytest.mark.clock
def test_the_banner_tells_admins_the_campaign_is_over_on_every_desk_page(client, campaign, staff_user):
    client.force_login(staff_user("admin"))
    for name in ("desk:stories", "desk:mail", "desk:audit", "desk:attention"):
        assert ENDED in banner(page_of(client, name)), name
    assert ENDED not in page_of(client, "web:submit")  # the public pages have no banner
    # The others can't change the dates, and the calendar tells them its days are over: not on every page.
    client.force_login(staff_user("viewer"))
    assert "notice-campaign" not in page_of(client)


def test_no_banner_for_someone_who_still_owes_the_second_factor(client, campaign, staff_user):
    make_story(campaign)
    MailReply.objects.update(last_error="ConnectionRefusedError")
    admin = staff_user("admin")
    client.force_login(admin, second_factor=False)  # typed the password, not yet the code
    for url in (reverse("login"), reverse("accounts:password-reset")):
        page = client.get(url).content.decode()
        assert "notice-mail" not in page and "notice-campaign" not in page, url
    client.force_login(admin)
    assert "notice-mail" in page_of(client)


def test_no_banner_for_an_account_without_a_desk_role(client, campaign, staff_user, rf):
    from django.contrib.auth import get_user_model

    from storydesk.context import desk_notices

    make_story(campaign)
    MailReply.objects.update(last_error="ConnectionRefusedError")
    nobody = get_user_model().objects.create_user("nobody", password="correct-horse-9")
    request = rf.get("/accounts/login/")
    request.user, request.session = nobody, {}
    assert list(desk_notices(request)["desk_notices"]) == []


def test_the_banner_says_when_the_campaign_starts(client, campaign, staff_user, clock):
    clock.move_to(dt.datetime(2019, 5, 1, 12, tzinfo=dt.UTC))
    client.force_login(staff_user("admin"))
    assert "The campaign starts on 1 March 2020" in banner(page_of(client))


def test_no_campaign_notice_during_the_campaign(client, campaign, staff_user, clock):
    clock.move_to(dt.datetime(2020, 6, 1, 12, tzinfo=dt.UTC))
    client.force_login(staff_user("admin"))
    assert "notice-campaign" not in page_of(client)


def test_a_failed_mail_shows_at_once_with_a_link_to_the_mail_page(client, campaign, staff_user):
    client.force_login(staff_user("moderator"))
    make_story(campaign)  # its "received" message waits to go out: not late yet
    assert "notice-mail" not in page_of(client)
    MailReply.objects.update(last_error="ConnectionRefusedError: [Errno 111] Connection refused")
    shown = banner(page_of(client))
    assert "1 message to contributors is still waiting to go out" in shown
    assert f'<a href="{reverse("desk:mail")}">See why on the mail page</a>' in shown
    assert "For an admin (the server&#x27;s mail settings)." in shown


def test_parked_slots_and_a_refused_token_link_managers_to_the_calendar(client, campaign, staff_user):
    parked(campaign, "Instagram refused the access token: Error validating access token (190). Make a new …")
    parked(campaign, "Instagram refused this post: the photo is too small.", hours=30)
    client.force_login(staff_user("manager"))
    shown = banner(page_of(client))
    assert "Instagram refused the campaign&#x27;s access token" in shown
    assert "2 calendar slots are parked" in shown
    assert f'<a href="{reverse("desk:calendar")}">See the parked slots</a>' in shown
    assert f'<a href="{reverse("desk:calendar")}">Open the calendar</a>' in shown


def test_a_moderator_sees_the_same_notices_and_who_can_fix_them_without_a_link_they_cannot_open(
        client, campaign, staff_user):
    parked(campaign, "Instagram kept failing: 500. Press Retry to try again.")
    client.force_login(staff_user("moderator"))
    shown = banner(page_of(client))
    assert "1 calendar slot is parked and won&#x27;t go out until someone retries or clears it." in shown
    assert "For a manager." in shown
    assert reverse("desk:calendar") not in shown
    assert "notice-token" not in shown  # not the token's fault


def test_a_platform_that_refused_our_login_today_shows_and_yesterdays_goes(client, campaign, staff_user, clock):
    SocialProblem.objects.create(campaign=campaign, channel="mastodon", kind=SocialProblem.Kind.AUTH,
                                 message="Mastodon refused our login.")
    client.force_login(staff_user("viewer"))
    shown = banner(page_of(client))
    assert "Mastodon refused our login" in shown and reverse("desk:social") in shown
    clock.move_to(timezone.now() + dt.timedelta(hours=25))
    assert "notice-login" not in page_of(client)


def test_a_stopped_worker_shows_and_a_beating_one_does_not(client, campaign, staff_user, clock):
    client.force_login(staff_user("viewer"))
    assert "notice-worker" not in page_of(client)  # never ran, nothing waits: a fresh desk says nothing
    worker_heartbeat.call_local()  # the periodic task, run as the consumer runs it
    assert "notice-worker" not in page_of(client)
    clock.move_to(timezone.now() + dt.timedelta(minutes=6))
    shown = banner(page_of(client))
    assert "The worker has not run since" in shown
    assert f'{reverse("desk:attention")}#worker' in shown
    record_heartbeat()
    assert "notice-worker" not in page_of(client)


def test_a_worker_that_never_ran_shows_once_stories_wait_for_screening(client, campaign, staff_user, clock):
    client.force_login(staff_user("viewer"))
    make_story(campaign)
    clock.move_to(timezone.now() + dt.timedelta(hours=2))
    assert "No worker has run yet" in banner(page_of(client))


def test_the_banner_is_a_few_queries_however_much_is_wrong(campaign, django_assert_max_num_queries):
    for n in range(5):
        make_story(campaign, n=n)
        parked(campaign, "Instagram refused the access token: expired.", hours=n + 1)
    MailReply.objects.update(last_error="SMTPServerDisconnected")
    record_heartbeat(timezone.now() - dt.timedelta(hours=1))
    with django_assert_max_num_queries(4):  # mail, slots, logins, heartbeat: the campaign is the page's own
        found = notices(campaign)
    assert {n.key for n in found} == {"mail", "token", "parked", "worker", "campaign"}
    WorkerHeartbeat.objects.all().delete()  # no beat yet: then the stories waiting for screening are asked
    with django_assert_max_num_queries(5):
        found = notices(campaign, timezone.now() + dt.timedelta(hours=2))
    assert {n.key for n in found} == {"mail", "token", "parked", "worker", "campaign"}


# The dated copy, from the desk.

def test_an_admin_on_a_fresh_install_starts_the_campaign_today(client, campaign, staff_user, copy_file):
    admin = staff_user("admin")
    client.force_login(admin)
    assert "Start a copy of the campaign today" in banner(page_of(client))
    attention = page_of(client, "desk:attention")
    assert 'action="/desk/attention/campaign-year/"' in attention and str(copy_file) in attention

    response = client.post(reverse("desk:attention-campaign-year"))
    assert response.status_code == 303 and response["Location"].endswith("/desk/attention/#campaign")
    spec = current_campaign().spec
    today = campaign_today(spec)  # the pinned clock's day in New York
    assert (spec.start, spec.end) == (today, year_from(today))
    assert tomllib.loads(copy_file.read_text())["start"] == today
    event = AuditEvent.objects.get(verb="campaign.dates_moved")
    assert event.actor == admin and event.data["before"] == {"start": "2020-03-01", "end": "2021-02-28"}
    assert event.data["file"] == str(copy_file)
    followed = client.get(response["Location"]).content.decode()
    assert "run `storydesk init --real-dates` and delete that file" in followed
    assert "notice-campaign" not in followed and "This month is outside" not in page_of(client, "desk:calendar")


def test_only_an_admin_may_start_the_copy_and_only_by_post(client, campaign, staff_user, copy_file):
    client.force_login(staff_user("manager"))
    attention = page_of(client, "desk:attention")
    assert "An admin can start a copy" in attention and "<button type=\"submit\">Start" not in attention
    assert client.post(reverse("desk:attention-campaign-year")).status_code == 403
    client.force_login(staff_user("admin"))
    assert client.get(reverse("desk:attention-campaign-year")).status_code == 405
    assert not copy_file.exists() and current_campaign().spec.start == dt.date(2020, 3, 1)


def test_a_desk_that_has_decided_stories_is_not_offered_the_copy(client, campaign, staff_user, copy_file):
    story = make_story(campaign)
    Decision.objects.create(story=story, action="reject")
    client.force_login(staff_user("admin"))
    assert "offered only on a fresh install" in page_of(client, "desk:attention")
    refused = client.post(reverse("desk:attention-campaign-year"), follow=True)
    assert "The copy was not made" in refused.content.decode()
    assert not copy_file.exists() and not AuditEvent.objects.filter(verb="campaign.dates_moved").exists()


def test_a_desk_running_its_own_campaign_file_is_not_offered_the_copy(client, campaign, staff_user, settings,
                                                                      copy_file, tmp_path):
    own = tmp_path / "own.toml"
    own.write_text(dated_campaign_text(dt.date(2019, 1, 1)))
    settings.CAMPAIGN = str(own)
    client.force_login(staff_user("admin"))
    shown = banner(page_of(client))
    assert "The campaign ended on 31 December 2019" in shown or ENDED in shown
    assert "Start a copy" not in shown
    assert "The copy was not made" in client.post(reverse("desk:attention-campaign-year"),
                                                  follow=True).content.decode()
    assert not copy_file.exists()


def test_the_dated_copy_of_a_leap_day_ends_on_28_february():
    assert year_from(dt.date(2028, 2, 29)) == dt.date(2029, 2, 28)
    assert year_from(dt.date(2027, 3, 1)) == dt.date(2028, 2, 29)
    text = dated_campaign_text(dt.date(2028, 2, 29))
    data = tomllib.loads(text)
    assert (data["start"], data["end"]) == (dt.date(2028, 2, 29), dt.date(2029, 2, 28))
    assert text.startswith(f"{DATED_COPY_MARK}\n# A copy of storydesk's bundled campaign")


def test_a_copy_that_does_not_parse_is_said_plainly_and_changes_nothing(client, campaign, staff_user, copy_file,
                                                                        monkeypatch):
    from storydesk.actions import campaign_dates

    monkeypatch.setattr(campaign_dates, "dated_campaign_text", lambda start: "start = [not toml")
    client.force_login(staff_user("admin"))
    refused = client.post(reverse("desk:attention-campaign-year"), follow=True)
    assert refused.status_code == 200 and "The copy was not made" in refused.content.decode()
    assert not copy_file.exists() and list(copy_file.parent.iterdir()) == []  # no half-written file left
    assert current_campaign().spec.start == dt.date(2020, 3, 1)


def test_the_button_never_replaces_an_operators_own_file_at_the_copys_place(client, campaign, staff_user,
                                                                            copy_file):
    own = dated_campaign_text(dt.date(2019, 1, 1)).split("\n", 1)[1]  # without the copy's first line
    copy_file.write_text(own)
    client.force_login(staff_user("admin"))
    refused = client.post(reverse("desk:attention-campaign-year"), follow=True).content.decode()
    assert "campaign file of someone&#x27;s own" in refused
    assert copy_file.read_text() == own


def test_moved_dates_survive_an_init_on_a_machine_without_the_file(client, campaign, staff_user, copy_file):
    from storydesk.actions.campaign import load_campaign

    client.force_login(staff_user("admin"))
    client.post(reverse("desk:attention-campaign-year"))
    moved = current_campaign().spec.start
    copy_file.unlink()  # another machine's home folder has no copy
    assert load_campaign(None).spec.start == moved
    assert load_campaign(None, real_dates=True).spec.start == dt.date(2020, 3, 1)  # said so: back, audited
    assert AuditEvent.objects.filter(verb="campaign.real_dates").exists()


def test_a_busy_worker_beats_from_the_tasks_it_starts_once_a_minute(campaign, monkeypatch):
    from storydesk.actions import heartbeat

    monkeypatch.setattr(heartbeat, "_busy_beat", None)
    assert heartbeat.beat_while_busy("executing", object()) is True
    first = heartbeat.last_heartbeat()
    assert first is not None
    assert heartbeat.beat_while_busy("executing", object()) is False  # the same minute: no second write
    monkeypatch.setattr(heartbeat, "_busy_beat", heartbeat._busy_beat - heartbeat.BUSY_BEAT_EVERY)
    assert heartbeat.beat_while_busy("executing", object()) is True


def test_the_busy_beat_is_a_huey_signal_handler():
    from huey.contrib.djhuey import HUEY
    from huey.signals import SIGNAL_EXECUTING

    from storydesk.actions.heartbeat import beat_while_busy

    assert beat_while_busy in HUEY._signal.receivers[SIGNAL_EXECUTING]
