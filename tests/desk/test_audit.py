"""The audit trail at /desk/audit/: every decision with who, when, what, before → after; filtered, paged, and
exported as CSV by managers."""
import csv
import io
import re

import pytest
from django.urls import reverse

from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.actions.guards import version_of


@pytest.fixture
def decided(in_review, staff_user):
    mo = staff_user("moderator", username="mo")
    a, b = in_review(n=1), in_review(n=2)
    decide(a.pk, "approve", actor=Actor.staff(mo), seen_version=version_of(a))
    decide(b.pk, "reject", actor=Actor.staff(mo), seen_version=version_of(b), reason="off_topic", note="an ad")
    return a, b


def test_the_trail_shows_who_what_and_before_after(client, login, decided):
    login("viewer")
    a, b = decided
    page = client.get(reverse("desk:audit"), {"verb": "story.rej"}).content.decode()
    rows = re.findall(r"<tr><td><time.*?</tr>", page, re.S)
    # What happened in words; the verb (what the filter takes) in its title.
    assert len(rows) == 1 and '<td title="story.reject">Rejected</td>' in rows[0]
    assert '<td>mo</td><td title="story.reject">Rejected</td>' in rows[0]
    assert f'<a href="/desk/stories/{b.pk}/">{b.pk}</a>' in rows[0]
    assert "<td>In Review</td><td>Rejected</td>" in rows[0] and "in_review" not in rows[0].split("<details>")[0]
    by_story = client.get(reverse("desk:audit"), {"story": a.pk}).content.decode()
    assert '<td title="story.approve">Approved</td>' in by_story and 'title="story.reject"' not in by_story


def test_managers_export_the_trail_as_csv(client, login, decided):
    login("manager")
    response = client.get(reverse("desk:audit-csv"), {"actor": "mo"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [r["verb"] for r in rows] == ["story.reject", "story.approve"]
    assert [r["what"] for r in rows] == ["rejected", "approved"]  # the codes stay; the words come last
    reject = rows[0]
    assert (reject["actor"], reject["before"], reject["after"]) == ("mo", "in_review", "rejected")
    assert '"note": "an ad"' in reject["data"] and reject["story"] == str(decided[1].pk)


def test_viewers_may_read_the_trail_but_not_export_it(client, login, decided):
    login("viewer")
    assert client.get(reverse("desk:audit")).status_code == 200
    assert client.get(reverse("desk:audit-csv")).status_code == 403
    assert reverse("desk:audit-csv") not in client.get(reverse("desk:audit")).content.decode()


def test_the_csv_neutralises_cells_a_spreadsheet_would_run(client, login, in_review, staff_user):
    moderator = staff_user("moderator", username="@mo")  # a valid Django username, and a formula to Excel
    story = in_review(n=1)
    decide(story.pk, "approve", actor=Actor.staff(moderator), seen_version=version_of(story))
    login("manager")
    response = client.get(reverse("desk:audit-csv"), {"verb": "story.approve"})
    (row,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))
    assert row["actor"] == "'@mo"


def test_the_trail_pages_from_an_event_without_counting_them_all(client, login, decided, monkeypatch):
    from storydesk.desk import audit
    from storydesk.models import AuditEvent

    monkeypatch.setattr(audit, "PAGE_SIZE", 2)
    login("viewer")
    newest = list(AuditEvent.objects.order_by("-created_at", "-id").values_list("pk", flat=True))
    assert len(newest) > 2
    first = client.get(reverse("desk:audit")).content.decode()
    assert f'href="?after={newest[1]}" rel="next"' in first and 'rel="prev"' not in first
    second = client.get(reverse("desk:audit"), {"after": newest[1]}).content.decode()
    assert len(re.findall(r"<tr><td><time", second)) == min(2, len(newest) - 2)
    assert f'href="?before={newest[2]}" rel="prev"' in second
    assert client.get(reverse("desk:audit"), {"after": "nonsense"}).content.decode().count("<tr><td><time") == 2
