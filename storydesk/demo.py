"""Sample stories for `storydesk run --demo`: drawn pictures, so no photo ships in the package."""
import io
import random

from PIL import Image, ImageDraw, ImageFont

from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.actions.intake import receive_story
from storydesk.incoming import IncomingPhoto, IncomingStory
from storydesk.text import upload_source_key

SAMPLES = [
    ("Amir", "JO", "My daughters deserve the same chances I had, and my sons need to see that this is normal."),
    ("Lucas", "BR", "Because equality is not a favour to women, it is justice for everyone."),
    ("Kofi", "GH", "I grew up watching my mother work twice as hard for half the credit. That has to end."),
    ("Jonas", "DE", "I mentor two young engineers at work; both are women and both will lead teams one day."),
    ("Ravi", "IN", "I stopped laughing at sexist jokes in our group chat and asked my friends to stop too."),
    ("Tomás", "AR", "Ser aliado significa escuchar primero y hablar después."),
    ("Minh", "VN", "Housework is my work too. I cook, I clean, and my wife has time for her studies."),
    ("Samuel", "KE", "Boys can cry, girls can lead. I teach my students to question old stereotypes."),
    ("Pierre", "FR", "L'égalité commence à la maison, avec le partage des tâches."),
    ("Daniel", "US", "I read and listen to women's experiences before assuming I know what they face."),
    ("Hiro", "JP", "Equal pay for equal work is simple fairness; I asked HR to publish our pay bands."),
    ("Mateo", "ES", "I give credit in meetings to the women whose ideas were talked over."),
]


def _picture(seed: int) -> bytes:
    rng = random.Random(seed)
    width, height = 1080, 1350
    top, bottom = [rng.randrange(60, 200) for _ in range(3)], [rng.randrange(20, 120) for _ in range(3)]
    image = Image.new("RGB", (width, height))
    draw = ImageDraw.Draw(image)
    for y in range(height):
        t = y / height
        draw.line([(0, y), (width, y)], fill=tuple(int(a + (b - a) * t) for a, b in zip(top, bottom)))
    skin = rng.choice([(241, 194, 125), (198, 134, 66), (141, 85, 36), (224, 172, 105)])
    draw.ellipse([390, 220, 690, 560], fill=skin)
    draw.rounded_rectangle([290, 560, 790, 1350], radius=120, fill=tuple(rng.randrange(30, 220) for _ in range(3)))
    draw.rectangle([250, 760, 830, 1060], fill="white", outline="black", width=6)
    font = ImageFont.load_default(size=96)
    draw.text((540, 910), "#HeForShe", fill=(20, 20, 20), font=font, anchor="mm")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=88)
    return out.getvalue()


def load_demo_stories() -> int:
    campaign = current_campaign()
    created = 0
    for i, (name, country, answer) in enumerate(SAMPLES):
        photo = _picture(i)
        received = receive_story(IncomingStory(
            channel="demo", source_key=upload_source_key(photo, answer), answer=answer,
            photos=(IncomingPhoto(photo, f"demo-{i}.jpg"),), first_name=name, country=country,
            email=f"demo{i}@example.org", age_confirmed=True, consents={"website": True, "instagram": i % 3 != 0},
        ), campaign=campaign, actor=Actor.cli())
        created += received.created
    return created
