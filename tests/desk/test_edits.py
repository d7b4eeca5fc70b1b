"""Editing a story without deciding it: the public caption (personal data removed by default, restored or
removed again one piece at a time), the display name (never an e-mail address or full name), the lead photo,
and the themes — each audited with before → after."""
import html

import pytest
from django.urls import reverse

from storydesk.actions.base import Actor
from storydesk.actions.guards import Refused, version_of
from storydesk.actions.lifecycle import withdraw_story
from storydesk.actions.story_edits import change_themes, set_display_name
from storydesk.models import AuditEvent, Contributor, Photo, StoryTheme
from storydesk.publishing import redaction
from storydesk.publishing.display_name import display_name_problem
from tests.desk.conftest import personal_data_result

ANSWER = "Call +44 7700 900123 or kofi@example.org: my sisters taught me why equality matters."


def post(client, name, story, data=None, *args):
    story.refresh_from_db()
    return client.post(reverse(f"desk:{name}", args=[story.pk, *args]), {"version": version_of(story), **(data or {})})


@pytest.fixture
def with_personal_data(in_review):
    return in_review(answer=ANSWER, results={"text_check": personal_data_result(
        ANSWER, ("phone", "+44 7700 900123"), ("email", "kofi@example.org"))})


def test_restoring_and_removing_one_piece_at_a_time(client, login, with_personal_data):
    login("moderator")
    story = with_personal_data
    assert post(client, "caption-piece", story, {"do": "restore"}, 1).status_code == 303
    story.refresh_from_db()
    assert story.public_caption == "Call [removed] or kofi@example.org: my sisters taught me why equality matters."
    page = html.unescape(client.get(reverse("desk:story", args=[story.pk])).content.decode())
    assert "The caption shows personal data: kofi@example.org." in page
    post(client, "caption-piece", story, {"do": "restore"}, 0)
    story.refresh_from_db()
    assert story.public_caption == ANSWER
    post(client, "caption-piece", story, {"do": "remove"}, 1)
    story.refresh_from_db()
    assert story.public_caption == "Call +44 7700 900123 or [removed]: my sisters taught me why equality matters."
    caption_events = AuditEvent.objects.filter(story=story, verb__startswith="story.caption")
    verbs = list(caption_events.values_list("verb", flat=True))
    assert sorted(verbs) == ["story.caption_redacted", "story.caption_restored", "story.caption_restored"]


def test_a_hand_edited_caption_is_saved_and_audited(client, login, with_personal_data):
    login("moderator")
    story = with_personal_data
    response = post(client, "caption", story, {"caption": "My sisters taught me why equality matters. [removed]"})
    assert response.status_code == 303
    event = AuditEvent.objects.get(story=story, verb="story.caption_edited")
    assert event.data["before"] == "" and event.data["after"].startswith("My sisters")
    # One [removed] mark left for two removed pieces: it stands for the first; the second has none to go back
    # into, and the desk says so rather than guess where it belongs.
    refused = post(client, "caption-piece", story, {"do": "restore"}, 1)
    assert refused.status_code == 409
    assert "edited by hand" in html.unescape(refused.content.decode())
    assert post(client, "caption-piece", story, {"do": "restore"}, 0).status_code == 303
    story.refresh_from_db()
    assert story.public_caption == "My sisters taught me why equality matters. +44 7700 900123"
    too_long = post(client, "caption", story, {"caption": "x" * 2201})
    assert too_long.status_code == 400


def test_redaction_pieces_follow_the_answer():
    answer = "Phone 0612345678, again 0612345678, and 10 Downing Street."
    spans = [{"kind": "phone", "start": 6, "end": 16, "text": "0612345678"},
             {"kind": "phone", "start": 24, "end": 34, "text": "0612345678"},
             {"kind": "address", "start": 40, "end": 57, "text": "10 Downing Street"},
             {"kind": "email", "start": 3, "end": 9, "text": "gone@x"},  # no longer in the answer: left out
             {"kind": "phone", "start": 0, "end": 5, "text": "Phone"}]  # moved: found where it is now
    pieces = redaction.redactions(answer, spans)
    assert [(p.text, p.kinds) for p in pieces] == [("Phone", ("phone",)), ("0612345678", ("phone",)),
                                                   ("0612345678", ("phone",)), ("10 Downing Street", ("address",))]
    caption = redaction.default_caption(answer, pieces)
    assert caption == "[removed] [removed], again [removed], and [removed]."
    second = redaction.restore(caption, pieces, 2)
    assert second == "[removed] [removed], again 0612345678, and [removed]."
    assert redaction.removed(second, pieces) == [True, True, False, True]
    assert redaction.remove(second, pieces, 2) == caption


def test_overlapping_finds_are_one_piece():
    answer = "Write to jo@mail.com today"
    pieces = redaction.redactions(answer, [{"kind": "email", "start": 9, "end": 20, "text": "jo@mail.com"},
                                           {"kind": "profile_link", "start": 12, "end": 24, "text": "mail.com tod"}])
    assert [(p.text, p.kinds) for p in pieces] == [("jo@mail.com tod", ("email", "profile_link"))]


def test_the_display_name_is_first_name_and_country_never_e_mail_or_full_name(client, login, in_review):
    login("moderator")
    story = in_review(email="kofi.mensah@example.org", full_name="Kofi Mensah")
    assert story.display_name == "Kofi, GH"
    for bad, why in (("kofi.mensah@example.org", "e-mail"), ("Kofi Mensah", "full name"),
                     ("K. at mail@x.io", "e-mail")):
        refused = post(client, "display-name", story, {"display_name": bad})
        assert refused.status_code == 409 and why in html.unescape(refused.content.decode())
    assert post(client, "display-name", story, {"display_name": "Kofi from Accra"}).status_code == 303
    story.refresh_from_db()
    assert story.display_name == "Kofi from Accra"
    post(client, "display-name", story, {"display_name": ""})  # empty: back to the default
    story.refresh_from_db()
    assert story.display_name == "Kofi, GH"
    events = AuditEvent.objects.filter(story=story, verb="story.display_name_changed").order_by("created_at", "id")
    assert [(e.data["before"], e.data["after"]) for e in events] == [("Kofi, GH", "Kofi from Accra"),
                                                                     ("Kofi from Accra", "Kofi, GH")]


def test_display_name_rules():
    kofi = Contributor(first_name="Kofi", full_name="Kofi Mensah", email="k@example.org")
    assert display_name_problem("Kofi, GH", kofi) == ""
    assert display_name_problem("Kofi M.", kofi) == ""
    assert "full name" in display_name_problem("kofi MENSAH", kofi)
    assert "e-mail" in display_name_problem("k@example.org", kofi)
    assert "empty" in display_name_problem("   ", kofi)


def test_choosing_the_lead_photo(client, login, in_review):
    login("moderator")
    story = in_review()
    lead = story.photos.get()
    second = Photo.objects.create(**{f.name: getattr(lead, f.name) for f in Photo._meta.fields
                                     if f.name not in ("id", "public_key", "position")}, public_key="k2", position=1)
    assert post(client, "lead-photo", story, {"photo": second.pk}).status_code == 303
    assert list(story.photos.order_by("position").values_list("pk", flat=True)) == [second.pk, lead.pk]
    event = AuditEvent.objects.get(story=story, verb="story.lead_photo_chosen")
    assert (event.data["before"], event.data["after"]) == (lead.pk, second.pk)
    assert post(client, "lead-photo", story, {"photo": 999999}).status_code == 409


def test_themes_are_added_and_removed_with_their_rows(client, login, in_review):
    login("moderator")
    story = in_review()
    assert story.themes == [{"name": "educating oneself", "score": 0.4}]
    post(client, "themes", story, {"themes": ["educating oneself", "amplifying women's voices"]})
    story.refresh_from_db()
    assert story.themes == [{"name": "educating oneself", "score": 0.4},
                            {"name": "amplifying women's voices", "score": None}]
    assert set(StoryTheme.objects.filter(story=story).values_list("name", flat=True)) == {
        "educating oneself", "amplifying women's voices"}
    post(client, "themes", story, {"themes": ["amplifying women's voices"]})
    assert list(StoryTheme.objects.filter(story=story).values_list("name", flat=True)) == ["amplifying women's voices"]
    with pytest.raises(Refused, match="Not a theme"):
        change_themes(story.pk, ["cats"], actor=Actor.system(), seen_version=None)
    event = AuditEvent.objects.filter(story=story, verb="story.themes_changed").first()
    assert event.data == {"before": ["educating oneself", "amplifying women's voices"],
                          "after": ["amplifying women's voices"]}


def test_a_merged_or_withdrawn_story_cant_be_edited(in_review):
    story = in_review()
    withdraw_story(story, actor=Actor.contributor(), via="test")
    with pytest.raises(Refused, match="withdrawn: it can't be edited"):
        set_display_name(story.pk, "Kofi", actor=Actor.system(), seen_version=None)
