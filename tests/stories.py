"""Making stories for tests through the same action every channel uses."""
from storydesk.actions.base import Actor
from storydesk.actions.decisions import decide
from storydesk.actions.intake import receive_story
from storydesk.actions.screening import begin_screening, finish_screening
from storydesk.incoming import IncomingPhoto, IncomingStory
from tests.support.samples import photos

ANSWER = "Equality matters because my sisters should never have to fight harder than I do."


def make_story(campaign, *, n: int = 0, base: str = "camera", channel: str = "web", consents=None,
               photo_bytes: bytes | None = None, **fields):
    data = photo_bytes if photo_bytes is not None else photos.jpeg_bytes(
        photos.person_with_sign(base, size=(600, 800)))
    incoming = IncomingStory(
        channel=channel, source_key=f"test-{channel}-{n}-{base}", answer=fields.pop("answer", f"{ANSWER} #{n}"),
        photos=(IncomingPhoto(data, "sign.jpg"),), first_name=fields.pop("first_name", "Kofi"),
        email=fields.pop("email", f"kofi{n}@example.org"), country=fields.pop("country", "GH"),
        age_confirmed=True, consents=consents if consents is not None else {"website": True, "instagram": False},
        **fields,
    )
    return receive_story(incoming, campaign=campaign, actor=Actor.system()).story


def reviewed(story):
    """The story screened clean through the real screening actions (no models): in review."""
    leased = begin_screening(story.pk, actor=Actor.system())
    finish_screening(leased, [], rejecting_steps=set(), actor=Actor.system())
    story.refresh_from_db()
    return story


def approved(story):
    """The story screened clean and approved by a moderator's decision."""
    decide(reviewed(story).pk, "approve", actor=Actor.system(), seen_version=None)
    story.refresh_from_db()
    return story
