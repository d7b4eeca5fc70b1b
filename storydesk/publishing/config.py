"""The campaign file's [publishing] section as a typed value, checked once when it is read."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from storydesk.campaigns.spec import CampaignFileError
from storydesk.models import Target

DEFAULT_CAPTION = "{caption}\n\n— {name}, {country}{credit}\n\n{tags}"
DEFAULT_CREDIT = "\n📷 {handle}"
DEFAULT_ALT_TEXT = "{name} holds a sign that reads {sign_tag}. In their words: {answer}"
CAPTION_FIELDS = {"caption": "", "name": "", "country": "", "credit": "", "tags": ""}
ALT_TEXT_FIELDS = {"name": "", "sign_tag": "", "answer": "", "country": ""}
# Instagram's accepted shapes (as it documents them): checked here so a bad campaign file fails on loading.
MIN_WIDTH, MAX_WIDTH = 320, 1440
MIN_ASPECT, MAX_ASPECT = 4 / 5, 1.91


@dataclass(frozen=True)
class InstagramLook:
    width: int
    height: int
    frame: Path | None
    caption: str
    credit: str
    alt_text: str


@dataclass(frozen=True)
class PublishingSpec:
    targets: tuple[str, ...]
    spacing: dt.timedelta
    plan_days: int
    contributor_gap: dt.timedelta
    instagram: InstagramLook
    # [publishing.<target>] stories_per_day / publish_time, where a target differs from the campaign's cadence
    # (e.g. the gallery shows more stories a day than Instagram).
    overrides: dict = field(default_factory=dict)

    def cadence(self, target: str, spec) -> tuple[int, dt.time]:
        """(stories a day, first publish time) of one target."""
        own = self.overrides.get(target, {})
        return own.get("stories_per_day", spec.stories_per_day), own.get("publish_time", spec.publish_time)

    @classmethod
    def of(cls, campaign) -> PublishingSpec:
        return cls.from_dict(campaign.config.get("publishing", {}), source=campaign.source_path)

    @classmethod
    def from_dict(cls, data: dict, *, source: str = "") -> PublishingSpec:
        try:
            targets = tuple(data.get("targets", (Target.INSTAGRAM, Target.GALLERY)))
            unknown = set(targets) - set(Target.values)
            if unknown:
                raise CampaignFileError(f"[publishing] targets: unknown {', '.join(sorted(unknown))} "
                                        f"(choose from {', '.join(Target.values)})")
            ig = data.get("instagram", {})
            look = InstagramLook(
                width=int(ig.get("width", 1080)), height=int(ig.get("height", 1350)),
                frame=_frame_path(str(ig.get("frame", "")), source),
                caption=str(ig.get("caption", DEFAULT_CAPTION)), credit=str(ig.get("credit", DEFAULT_CREDIT)),
                alt_text=str(ig.get("alt_text", DEFAULT_ALT_TEXT)),
            )
            spec = cls(
                targets=targets,
                spacing=dt.timedelta(minutes=int(data.get("spacing_minutes", 120))),
                plan_days=int(data.get("plan_days", 14)),
                contributor_gap=dt.timedelta(days=int(data.get("contributor_gap_days", 14))),
                instagram=look,
                overrides={target: _cadence_override(data.get(target, {})) for target in Target.values
                           if _cadence_override(data.get(target, {}))},
            )
        except (TypeError, ValueError) as bad:
            raise CampaignFileError(f"[publishing] has a bad value: {bad}") from None
        spec._check()
        return spec

    def _check(self) -> None:
        look = self.instagram
        if not MIN_WIDTH <= look.width <= MAX_WIDTH:
            raise CampaignFileError(f"[publishing.instagram] width must be {MIN_WIDTH}–{MAX_WIDTH} px "
                                    f"(Instagram's range), not {look.width}")
        if not MIN_ASPECT - 1e-6 <= look.width / look.height <= MAX_ASPECT + 1e-6:
            raise CampaignFileError(f"[publishing.instagram] {look.width}×{look.height} is outside Instagram's "
                                    "aspect ratios (4:5 portrait to 1.91:1 landscape)")
        if look.frame is not None and not look.frame.is_file():
            raise CampaignFileError(f"[publishing.instagram] frame {look.frame} is not a file")
        for name, template, fields in (("caption", look.caption, {**CAPTION_FIELDS}),
                                       ("credit", look.credit, {"handle": ""}),
                                       ("alt_text", look.alt_text, ALT_TEXT_FIELDS)):
            try:
                template.format_map(fields)
            except KeyError as bad:
                raise CampaignFileError(f"[publishing.instagram] {name}: {{{bad.args[0]}}} is not a field it can "
                                        f"use (it can use {', '.join('{' + f + '}' for f in fields)})") from None
            except (IndexError, ValueError) as bad:
                raise CampaignFileError(f"[publishing.instagram] {name} is not a valid template: {bad} "
                                        "(write a literal brace as {{ or }})") from None
        if self.plan_days < 1 or self.contributor_gap < dt.timedelta(0) or self.spacing <= dt.timedelta(0):
            raise CampaignFileError("[publishing] plan_days and spacing_minutes must be positive, "
                                    "contributor_gap_days not negative")


def _cadence_override(section: dict) -> dict:
    own = {}
    if "stories_per_day" in section:
        own["stories_per_day"] = int(section["stories_per_day"])
        if own["stories_per_day"] < 1:
            raise ValueError("stories_per_day must be at least 1")
    if "publish_time" in section:
        own["publish_time"] = dt.time.fromisoformat(str(section["publish_time"]))
    return own


def _frame_path(frame: str, source: str) -> Path | None:
    if not frame:
        return None
    path = Path(frame)
    if not path.is_absolute() and source:
        path = Path(source).parent / path
    return path
