"""Anyone can write someone else's e-mail address: an arrival whose sender isn't proven may fill a contributor's
blank details, never replace the ones they gave."""
from __future__ import annotations

from storydesk.actions.base import Actor
from storydesk.actions.intake import receive_story
from storydesk.channels.email.receive import RawMail, receive_mail
from storydesk.incoming import IncomingStory
from storydesk.models import Contributor
from tests.channels.email import mail_files


def words(sender: str, message_id: str) -> bytes:
    return (f"From: {sender}\nTo: stories@heforshe.example\nSubject: My story\nDate: Mon, 9 Mar 2020 09:00:00 +0000\n"
            f"Message-ID: <{message_id}>\nContent-Type: text/plain; charset=utf-8\n\n"
            "Equality matters to me because my daughters deserve the same chances as my sons.\n").encode()


def receive(raw: bytes, campaign) -> None:
    assert receive_mail(RawMail(raw, "eml:test"), campaign=campaign, actor=Actor.system()).outcome == "processed"


def test_a_forged_from_does_not_rename_the_contributor(campaign, proven_senders):
    receive(words("Ama Owusu <ama@mail.example.org>", "one@example.org"), campaign)
    receive(words("Someone Else <ama@mail.example.org>", "two@example.org"), campaign)
    ama = Contributor.objects.get()
    assert (ama.first_name, ama.full_name) == ("Ama", "Ama Owusu")
    proven = mail_files.proven(words("Ama Owusu-Mensah <ama@mail.example.org>", "three@example.org"),
                               "mail.example.org")
    receive(proven, campaign)
    ama.refresh_from_db()
    assert ama.full_name == "Ama Owusu-Mensah"  # her own server vouches for her: she may change it


def test_an_unproven_arrival_fills_only_blank_details(campaign):
    receive(words("ama@mail.example.org", "one@example.org"), campaign)  # no name given
    receive(words("Ama Owusu <ama@mail.example.org>", "two@example.org"), campaign)
    ama = Contributor.objects.get()
    assert (ama.first_name, ama.full_name) == ("Ama", "Ama Owusu")


def test_an_unproven_arrival_keeps_the_country_and_handle_given(campaign):
    def arrival(n: int, country: str, handle: str) -> IncomingStory:
        return IncomingStory(channel="web", source_key=f"web-{n}", answer="Words.", photos=(), first_name="Ama",
                             email="ama@mail.example.org", country=country, social_handle=handle)

    receive_story(arrival(1, "GH", ""), campaign=campaign, actor=Actor.system())
    receive_story(arrival(2, "NG", "@ama"), campaign=campaign, actor=Actor.system())
    ama = Contributor.objects.get()
    assert (ama.country, ama.social_handle) == ("GH", "@ama")  # the blank handle is filled, the country kept
