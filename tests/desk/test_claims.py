"""Two moderators never decide the same story at once: opening it claims it for a few minutes (shown to
others, renewable, released by a decision), and a decision on a story changed since it was opened is refused.
The page's GET writes nothing: the page sends the claim itself once loaded (a POST), as open_page does here."""
import datetime as dt
import html

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from storydesk.actions.base import Actor
from storydesk.actions.claims import claim_story, current_claim
from storydesk.actions.consent import confirm_consent
from storydesk.actions.guards import version_of
from storydesk.actions.story_edits import set_caption
from storydesk.models import AuditEvent, Status, Story
from tests.desk.conftest import CLAIM_ON_LOAD
from tests.desk.conftest import open_story as open_page

pytestmark = pytest.mark.clock


@pytest.fixture
def two_moderators(db, staff_user):
    clients = {}
    for name in ("ana", "ben"):
        client = Client()
        client.force_login(staff_user("moderator", username=name))
        clients[name] = client
    return clients["ana"], clients["ben"]


def open_story(client, story) -> str:
    """Open the story page as a browser does (GET, then the claim it sends); returns the version its forms carry."""
    page = open_page(client, story.pk)
    return html.unescape(page.split('name="version" value="', 1)[1].split('"', 1)[0])


def approve(client, story, version):
    return client.post(reverse("desk:approve", args=[story.pk]), {"version": version})


def test_opening_a_story_claims_it_for_five_minutes(two_moderators, in_review, settings):
    ana, _ = two_moderators
    story = in_review()
    before = timezone.now()
    open_story(ana, story)
    story.refresh_from_db()
    assert story.claimed_by.username == "ana"
    assert before + dt.timedelta(minutes=5) <= story.claimed_until <= timezone.now() + dt.timedelta(minutes=5)
    assert not AuditEvent.objects.filter(story=story, verb__startswith="claim").exists()  # opening is no decision


def test_a_viewer_opening_a_story_claims_nothing(client, login, in_review):
    login("viewer")
    story = in_review()
    page = open_page(client, story.pk)
    assert not CLAIM_ON_LOAD.search(page)  # the page asks for no claim
    assert Story.objects.get(pk=story.pk).claimed_by is None


def writes(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().split(None, 1)[0].upper() in {"INSERT", "UPDATE", "DELETE"}]


def test_the_story_page_get_writes_nothing_and_asks_for_the_claim(two_moderators, in_review):
    ana, _ = two_moderators
    story = in_review()
    url = reverse("desk:story", args=[story.pk])
    ana.get(url)  # the session's first use may write it; the page's own reads are what is checked below
    with CaptureQueriesContext(connection) as queries:
        response = ana.get(url, {"channel": "web"})
    assert response.status_code == 200
    assert writes(queries.captured_queries) == []
    assert Story.objects.get(pk=story.pk).claimed_by is None
    page = response.content.decode()
    asked = CLAIM_ON_LOAD.search(page)
    assert asked and html.unescape(asked.group(1)) == reverse("desk:claim", args=[story.pk]) + "?channel=web"
    assert "X-CSRFToken" in page.split('id="claim"', 1)[1].split(">", 1)[0]  # the POST carries the CSRF token


def test_the_pages_claim_request_gets_the_claim_box_alone(two_moderators, in_review):
    ana, ben = two_moderators
    story = in_review()
    as_htmx = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "claim"}
    taken = ana.post(reverse("desk:claim", args=[story.pk]), {"do": "renew"}, **as_htmx)
    box = html.unescape(taken.content.decode())
    assert taken.status_code == 200 and "<html" not in box and 'id="claim"' in box
    assert "Yours until" in box and "Keep it 5 more minutes" in box
    assert not CLAIM_ON_LOAD.search(box)  # the answer asks for nothing more: no loop
    assert current_claim(story.pk).holder == "ana"
    # Ben's page shows Ana's claim and asks for none; a claim sent anyway is refused with the box as it is.
    assert not CLAIM_ON_LOAD.search(ben.get(reverse("desk:story", args=[story.pk])).content.decode())
    refused = ben.post(reverse("desk:claim", args=[story.pk]), {"do": "renew"}, **as_htmx)
    assert refused.status_code == 409 and "ana is working on this story until" in html.unescape(
        refused.content.decode())
    assert current_claim(story.pk).holder == "ana"
    assert not AuditEvent.objects.filter(story=story, verb__startswith="claim").exists()


def test_others_see_the_claim_and_cant_decide(two_moderators, in_review):
    ana, ben = two_moderators
    story = in_review()
    open_story(ana, story)
    version = open_story(ben, story)
    page = html.unescape(ben.get(reverse("desk:story", args=[story.pk])).content.decode())
    assert "ana is working on this story until" in page
    refused = approve(ben, story, version)
    assert refused.status_code == 409
    assert "ana is working on story" in html.unescape(refused.content.decode())
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW
    assert approve(ana, story, version).status_code == 303  # the claim doesn't change the version


def test_a_claim_is_renewed_released_and_expires(two_moderators, in_review):
    ana, ben = two_moderators
    story = in_review()
    open_story(ana, story)
    Story.objects.filter(pk=story.pk).update(claimed_until=timezone.now() + dt.timedelta(seconds=20))
    ana.post(reverse("desk:claim", args=[story.pk]), {"do": "renew"})
    assert current_claim(story.pk).until > timezone.now() + dt.timedelta(minutes=4)
    refused = ben.post(reverse("desk:claim", args=[story.pk]), {"do": "renew"})
    assert refused.status_code == 409
    ana.post(reverse("desk:claim", args=[story.pk]), {"do": "release"})
    assert current_claim(story.pk).holder_id is None
    # An expired claim is nobody's: the next moderator takes it.
    open_story(ana, story)
    Story.objects.filter(pk=story.pk).update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    version = open_story(ben, story)
    assert current_claim(story.pk).holder == "ben"
    assert approve(ben, story, version).status_code == 303


def test_a_decision_releases_the_claim(two_moderators, in_review):
    ana, _ = two_moderators
    story = in_review()
    approve(ana, story, open_story(ana, story))
    assert Story.objects.get(pk=story.pk).claimed_by is None
    assert current_claim(story.pk).holder_id is None


def test_only_one_of_two_simultaneous_openers_gets_the_claim(staff_user, in_review):
    ana, ben = staff_user("moderator", username="ana"), staff_user("moderator", username="ben")
    story = in_review()
    first = claim_story(story.pk, actor=Actor.staff(ana))
    second = claim_story(story.pk, actor=Actor.staff(ben))
    assert first.holder == second.holder == "ana"


@pytest.mark.parametrize("change", ["caption by another moderator", "consent from the contributor", "decision"])
def test_a_decision_on_a_story_changed_since_it_was_opened_is_refused(two_moderators, in_review, change):
    ana, ben = two_moderators
    story = in_review()
    seen = open_story(ana, story)
    Story.objects.filter(pk=story.pk).update(claimed_by=None, claimed_until=None)  # ana stepped away
    if change == "caption by another moderator":
        set_caption(story.pk, "A caption of Ben's.", actor=Actor.system(), seen_version=None)
    elif change == "consent from the contributor":
        Story.objects.filter(pk=story.pk).update(age_confirmed=False)
        story.consents.all().delete()
        confirm_consent(story, scopes={"website": True}, actor=Actor.contributor())
    else:
        approve(ben, story, open_story(ben, story))
    response = ana.post(reverse("desk:reject", args=[story.pk]), {"version": seen, "reason": "no_sign"})
    assert response.status_code == 409
    page = html.unescape(response.content.decode())
    assert f"Story {story.pk} changed since you opened it" in page and "Nothing was changed" in page
    story.refresh_from_db()
    assert story.status != Status.REJECTED
    assert f'name="version" value="{version_of(story)}"' in response.content.decode()  # the page as it is now
