"""Bulk actions on the queue's selection: approve, reject with a reason, assign — each story decided on its
own, with the same checks; what is refused is said, and the rest is done."""
import html

import pytest
from django.test import Client
from django.urls import reverse

from storydesk.actions.guards import version_of
from storydesk.models import AuditEvent, Decision, Status, Story
from tests.desk.conftest import open_story


def picks(*stories):
    out = []
    for story in stories:
        story.refresh_from_db()
        out.append(f"{story.pk}@{version_of(story)}")
    return out


def bulk(client, data, **query):
    url = reverse("desk:bulk") + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    return client.post(url, data)


def said(client, response) -> str:
    return html.unescape(client.get(response["Location"]).content.decode())


def test_bulk_approve_decides_each_story_and_reports_the_refused(client, login, staff_user, in_review):
    mo = login("moderator", "mo")
    a, b, stale, held = (in_review(n=i) for i in range(4))
    chosen = picks(a, b, stale, held)
    Story.objects.filter(pk=stale.pk).update(display_name="Changed")
    Story.objects.get(pk=stale.pk).save(update_fields=["updated_at"])
    omar = Client()
    omar.force_login(staff_user("moderator", username="omar"))
    open_story(omar, held.pk)  # omar opens it: he holds it
    response = bulk(client, {"action": "approve", "story": chosen}, status="in_review")
    assert response.status_code == 303 and response["Location"] == "/desk/"
    assert {s.pk: s.status for s in Story.objects.all()} == {
        a.pk: Status.APPROVED, b.pk: Status.APPROVED, stale.pk: Status.IN_REVIEW, held.pk: Status.IN_REVIEW}
    page = said(client, response)
    assert "Approved 2 stories." in page
    assert "2 stories not done:" in page and f"Story {stale.pk} changed since you opened it" in page
    assert "omar is working on story" in page
    batch = {e.data["batch"] for e in AuditEvent.objects.filter(verb="story.approve")}
    assert len(batch) == 1  # one selection, one batch id on every story's event
    assert Decision.objects.filter(action="approve", actor=mo).count() == 2


def test_bulk_reject_needs_a_reason(client, login, in_review):
    login("moderator")
    stories = [in_review(n=i) for i in range(3)]
    response = bulk(client, {"action": "reject", "story": picks(*stories)})
    assert "Choose a reason for the rejection." in said(client, response)
    assert set(Story.objects.values_list("status", flat=True)) == {Status.IN_REVIEW}
    response = bulk(client, {"action": "reject", "reason": "off_topic", "note": "spam run", "story": picks(*stories)})
    assert "Rejected 3 stories." in said(client, response)
    assert set(Story.objects.values_list("status", flat=True)) == {Status.REJECTED}
    assert {e.data["reason"] for e in AuditEvent.objects.filter(verb="story.reject")} == {"off_topic"}


def test_nothing_selected_is_said(client, login):
    login("moderator")
    assert "Select at least one story." in said(client, bulk(client, {"action": "approve"}))


def test_assigning_is_a_managers_act(client, login, staff_user, in_review):
    stories = [in_review(n=i) for i in range(2)]
    mo = staff_user("moderator", username="mo")
    login("moderator", "other-mo")
    assert bulk(client, {"action": "assign", "assignee": mo.pk, "story": picks(*stories)}).status_code == 403
    login("manager", "mana")
    response = bulk(client, {"action": "assign", "assignee": mo.pk, "story": picks(*stories)})
    assert "Assigned 2 stories to mo." in said(client, response)
    assert set(Story.objects.values_list("assigned_to", flat=True)) == {mo.pk}
    event = AuditEvent.objects.filter(verb="story.assigned").first()
    assert (event.data["before"], event.data["after"]) == ("nobody", "mo")
    viewer = staff_user("viewer", username="vera")
    refused = bulk(client, {"action": "assign", "assignee": viewer.pk, "story": picks(*stories)})
    assert refused.status_code == 303  # a viewer is not offered, so the form refuses the choice
    assert set(Story.objects.values_list("assigned_to", flat=True)) == {mo.pk}
    bulk(client, {"action": "assign", "assignee": "", "story": picks(*stories)})
    assert set(Story.objects.values_list("assigned_to", flat=True)) == {None}


@pytest.mark.parametrize("role", ["viewer"])
def test_a_viewer_cant_use_bulk_actions(client, login, in_review, role):
    login(role)
    story = in_review()
    assert bulk(client, {"action": "approve", "story": picks(story)}).status_code == 403
    assert Story.objects.get(pk=story.pk).status == Status.IN_REVIEW
