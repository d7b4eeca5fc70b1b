"""Bulk approval of a selection with flagged stories in it asks once, listing them and what was flagged; the
answer is checked again (flags, selection, versions, permission) and audited. Unflagged selections go through."""
import dataclasses
import html
import json
import re

from storydesk.desk.flags import flagged_among
from storydesk.models import AuditEvent, Campaign, Status, Story, Verdict
from tests.desk.conftest import NO_SIGN
from tests.desk.test_bulk import bulk, picks, said


def _stories(in_review):
    plain, other = in_review(n=0), in_review(n=1)
    no_sign = in_review(n=2, results={"sign_check": NO_SIGN})
    copy = in_review(n=3)
    Story.objects.filter(pk=copy.pk).update(duplicate_of=plain)
    return plain, other, no_sign, copy


def _statuses(*stories):
    return [Story.objects.get(pk=s.pk).status for s in stories]


def _confirm_form(page: str) -> dict[str, list[str]]:
    """The hidden fields of the confirmation page's form, as the browser would send them."""
    fields: dict[str, list[str]] = {}
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page):
        fields.setdefault(name, []).append(html.unescape(value))
    return fields


def test_an_unflagged_selection_is_approved_at_once(client, login, in_review):
    login("moderator")
    plain, other, _, _ = _stories(in_review)
    response = bulk(client, {"action": "approve", "story": picks(plain, other)})
    assert response.status_code == 303 and "Approved 2 stories." in said(client, response)
    assert not AuditEvent.objects.filter(verb="bulk.flagged_approval").exists()


def test_a_flagged_selection_asks_first_and_lists_what_was_flagged(client, login, in_review):
    login("moderator")
    plain, other, no_sign, copy = _stories(in_review)
    response = bulk(client, {"action": "approve", "note": "week 3", "story": picks(plain, other, no_sign, copy)},
                    status="in_review")
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Approve 2 flagged stories?" in page
    assert f'href="/desk/stories/{no_sign.pk}/"' in page and f'href="/desk/stories/{copy.pk}/"' in page
    assert f'data-flagged-story="{plain.pk}"' not in page
    assert "Screening step sign_check flagged it" in page and f"Marked as a duplicate of story {plain.pk}." in page
    assert "Approve all 4" in page and "Approve only the 2 unflagged" in page
    assert 'href="/desk/?status=in_review">Go back' not in page  # in_review is the default: no query
    assert ">Go back</a>" in page
    assert _statuses(plain, other, no_sign, copy) == [Status.IN_REVIEW] * 4  # nothing done yet
    form = _confirm_form(page)
    assert form["note"] == ["week 3"] and len(form["story"]) == 4
    assert sorted(map(int, form["shown_flagged"])) == sorted([no_sign.pk, copy.pk])


def test_approve_all_approves_the_flagged_too_and_audits_the_choice(client, login, in_review):
    login("moderator")
    plain, other, no_sign, copy = _stories(in_review)
    form = _confirm_form(bulk(client, {"action": "approve", "story": picks(plain, other, no_sign, copy)})
                         .content.decode())
    response = bulk(client, {**form, "confirm": "all"})
    assert response.status_code == 303 and "Approved 4 stories." in said(client, response)
    assert _statuses(plain, other, no_sign, copy) == [Status.APPROVED] * 4
    event = AuditEvent.objects.get(verb="bulk.flagged_approval")
    assert event.data["choice"] == "all" and sorted(event.data["approved"]) == sorted(
        s.pk for s in (plain, other, no_sign, copy))
    assert event.data["flagged"] == {str(no_sign.pk): [{"step": "sign_check", "outcome": "flag"}],
                                     str(copy.pk): [{"duplicate_of": plain.pk}]}
    assert sorted(event.data["shown"]) == sorted([no_sign.pk, copy.pk])
    assert {e.data["batch"] for e in AuditEvent.objects.filter(verb="story.approve")} == {event.data["batch"]}


def test_approve_only_the_unflagged_leaves_the_flagged(client, login, in_review):
    login("moderator")
    plain, other, no_sign, copy = _stories(in_review)
    form = _confirm_form(bulk(client, {"action": "approve", "story": picks(plain, other, no_sign, copy)})
                         .content.decode())
    response = bulk(client, {**form, "confirm": "unflagged"})
    page = said(client, response)
    assert "Approved 2 stories." in page and "Left 2 flagged stories in the queue to look at." in page
    assert _statuses(plain, other, no_sign, copy) == [Status.APPROVED, Status.APPROVED, Status.IN_REVIEW,
                                                      Status.IN_REVIEW]
    assert AuditEvent.objects.get(verb="bulk.flagged_approval").data["choice"] == "unflagged"


def test_a_story_flagged_since_the_page_was_shown_asks_again(client, login, in_review):
    login("moderator")
    plain, other, no_sign, _ = _stories(in_review)
    form = _confirm_form(bulk(client, {"action": "approve", "story": picks(plain, other, no_sign)})
                         .content.decode())
    Verdict.objects.filter(story=other, step="person_check").update(outcome="flag")
    response = bulk(client, {**form, "confirm": "all"})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "More stories are flagged than when you were asked" in page and f'data-flagged-story="{other.pk}"' in page
    assert _statuses(plain, other, no_sign) == [Status.IN_REVIEW] * 3


def test_a_tampered_confirmation_is_asked_again_not_obeyed(client, login, in_review):
    login("moderator")
    plain, _, no_sign, copy = _stories(in_review)
    # "confirm" sent without the flagged stories shown, or with a made-up answer: the page comes back.
    for tampered in ({"confirm": "all"}, {"confirm": "all", "shown_flagged": [str(no_sign.pk)]},
                     {"confirm": "yes", "shown_flagged": [str(no_sign.pk), str(copy.pk)]}):
        response = bulk(client, {"action": "approve", "story": picks(plain, no_sign, copy), **tampered})
        assert response.status_code == 200 and b"Approve all 3" in response.content
    assert _statuses(plain, no_sign, copy) == [Status.IN_REVIEW] * 3
    # A story id from the form that isn't a "id@version" of this campaign's story is refused, not approved.
    response = bulk(client, {"action": "approve", "story": ["999999@x", *picks(plain)], "confirm": "all"})
    assert "1 story not done: Story 999999 doesn't exist." in said(client, response)


def test_a_stale_story_in_the_confirmation_is_refused(client, login, in_review):
    login("moderator")
    plain, _, no_sign, _ = _stories(in_review)
    form = _confirm_form(bulk(client, {"action": "approve", "story": picks(plain, no_sign)}).content.decode())
    Story.objects.get(pk=no_sign.pk).save(update_fields=["updated_at"])  # it changed meanwhile
    page = said(client, bulk(client, {**form, "confirm": "all"}))
    assert "Approved 1 story." in page and f"Story {no_sign.pk} changed since you opened it" in page


def test_a_viewer_cant_confirm(client, login, in_review):
    login("viewer")
    plain, _, no_sign, _ = _stories(in_review)
    response = bulk(client, {"action": "approve", "story": picks(plain, no_sign), "confirm": "all",
                             "shown_flagged": [str(no_sign.pk)]})
    assert response.status_code == 403
    assert _statuses(plain, no_sign) == [Status.IN_REVIEW] * 2


# What a sign's photo said: the contributor's words, a link, a mention. The page shows them; the audit never.
WORDS = "call me at https://spam.example/kofi @kofi_real"


def test_the_audit_keeps_the_flags_as_codes_never_what_was_found(client, login, in_review):
    login("moderator")
    plain = in_review(n=0)
    said_sign = dataclasses.replace(NO_SIGN, evidence={**NO_SIGN.evidence, "read": [{"text": WORDS,
                                                                                      "confidence": 0.9}]})
    worded = in_review(n=1, results={"sign_check": said_sign})
    page = bulk(client, {"action": "approve", "story": picks(plain, worded)}).content.decode()
    assert WORDS in html.unescape(page)  # the moderator sees them
    bulk(client, {**_confirm_form(page), "confirm": "all"})
    event = AuditEvent.objects.get(verb="bulk.flagged_approval")
    stored = json.dumps(event.data)
    assert "spam.example" not in stored and "kofi" not in stored and "HELLO" not in stored
    assert Story.objects.get(pk=worded.pk).answer not in stored
    assert event.data["flagged"] == {str(worded.pk): [{"step": "sign_check", "outcome": "flag"}]}


def test_only_the_unflagged_records_the_stories_shown_even_if_unflagged_since(client, login, in_review):
    login("moderator")
    plain, other, no_sign, _ = _stories(in_review)
    form = _confirm_form(bulk(client, {"action": "approve", "story": picks(plain, other, no_sign)})
                         .content.decode())
    Verdict.objects.filter(story=no_sign).update(outcome="pass")  # screening re-run meanwhile: no flag now
    Story.objects.filter(pk=no_sign.pk).update(flagged=False)
    response = bulk(client, {**form, "confirm": "unflagged"})
    assert "Approved 2 stories." in said(client, response)
    assert _statuses(no_sign) == [Status.IN_REVIEW]  # shown as flagged: left, as the moderator chose
    event = AuditEvent.objects.get(verb="bulk.flagged_approval")
    assert event.data["choice"] == "unflagged" and event.data["flagged"] == {}
    assert event.data["shown"] == [no_sign.pk]


def test_no_choice_is_recorded_without_an_answer_the_page_offered(client, login, in_review):
    login("moderator")
    plain, other, _, _ = _stories(in_review)
    # Nothing flagged now, a "shown" list from some old form, no answer: approved, but no choice to record.
    response = bulk(client, {"action": "approve", "story": picks(plain, other), "shown_flagged": [str(other.pk)]})
    assert "Approved 2 stories." in said(client, response)
    assert not AuditEvent.objects.filter(verb="bulk.flagged_approval").exists()


def test_a_story_of_another_campaign_is_refused_not_approved_unseen(client, login, in_review, campaign):
    login("moderator")
    plain, _, no_sign, _ = _stories(in_review)
    other = Campaign.objects.create(slug="bulk-other", name="Other", organiser="O")
    Story.objects.filter(pk=no_sign.pk).update(campaign=other)  # flagged, but not where the desk looks
    for action in ({"action": "approve"}, {"action": "approve", "confirm": "all",
                                           "shown_flagged": [str(no_sign.pk)]}):
        page = said(client, bulk(client, {**action, "story": picks(plain, no_sign)}))
        assert f"Story {no_sign.pk} isn't in the current campaign." in page
    assert _statuses(plain, no_sign) == [Status.APPROVED, Status.IN_REVIEW]


def test_flagged_among_is_two_queries_whatever_the_selection(in_review, campaign, django_assert_max_num_queries):
    stories = [in_review(n=n, results={"sign_check": NO_SIGN} if n % 2 else {}) for n in range(12)]
    Story.objects.filter(pk__in=[s.pk for s in stories[:4:2]]).update(duplicate_of=stories[-1])
    with django_assert_max_num_queries(2):
        flagged = flagged_among([s.pk for s in stories], campaign)
        said = [(f.codes, f.concerns) for f in flagged.values()]  # read in the same two queries
    assert sorted(flagged) == sorted([s.pk for s in stories[1::2]] + [stories[0].pk, stories[2].pk])
    assert all(codes and concerns for codes, concerns in said)
