"""A campaign file as a typed, validated value."""
from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

DEFAULT_CAMPAIGN_FILE = Path(__file__).with_name("year_of_male_allyship.toml")


class CampaignFileError(ValueError):
    """A campaign file that cannot be used, with the reason."""


@dataclass(frozen=True)
class Theme:
    name: str
    description: str
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class CampaignSpec:
    slug: str
    name: str
    organiser: str
    handle: str
    sign_tag: str
    post_tags: tuple[str, ...]
    question: str
    start: dt.date
    end: dt.date
    stories_per_day: int
    publish_time: dt.time
    time_zone: str
    colour: str
    site_name: str
    answer_min_chars: int
    answer_max_chars: int
    how_to_take_part: tuple[str, ...]
    themes: tuple[Theme, ...]
    screening: tuple[tuple[str, str], ...] = ()  # (step name, "reject" | "hold"), in order
    reject_reasons: dict[str, str] = field(default_factory=dict)
    info_requests: dict[str, str] = field(default_factory=dict)  # [needs_info_requests]: key → words
    info_labels: dict[str, str] = field(default_factory=dict)  # [needs_info_labels]: key → the desk's menu words
    messages: dict[str, str] = field(default_factory=dict)
    report: dict[str, str] = field(default_factory=dict)  # [report]: the year-in-review's intro and closing
    # What a participant is told when a story isn't published: [rejections], by reject_reasons key.
    rejections: dict[str, str] = field(default_factory=dict)
    privacy: dict[str, str] = field(default_factory=dict)  # [privacy]: the notice's facts and words
    # What participants read for each theme in this language (its name stays the key everywhere else).
    theme_names: dict[str, str] = field(default_factory=dict, compare=False)
    # [privacy] keep_originals_days: a decided story's private original (which may carry GPS) goes this long after.
    keep_originals_days: int = 30
    language: str = "en"  # the language the file's own words are in, and the fallback for every other
    # [wording.<language>]: the same words in another language; anything missing keeps the default's.
    wording: dict[str, dict] = field(default_factory=dict, compare=False, repr=False)
    raw: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def from_dict(cls, data: dict) -> CampaignSpec:
        try:
            themes = tuple(
                Theme(t["name"], t["description"], tuple(t.get("examples", ()))) for t in data.get("themes", ())
            )
            spec = cls(
                slug=data["slug"],
                name=data["name"],
                organiser=data["organiser"],
                handle=data.get("handle", ""),
                sign_tag=data["sign_tag"],
                post_tags=tuple(data.get("post_tags", ())),
                question=data["question"],
                start=_date(data["start"]),
                end=_date(data["end"]),
                stories_per_day=int(data.get("stories_per_day", 1)),
                publish_time=dt.time.fromisoformat(str(data.get("publish_time", "10:00"))),
                time_zone=data.get("time_zone", "UTC"),
                colour=data.get("colour", "#333333"),
                site_name=data.get("site_name", data["name"]),
                answer_min_chars=int(data.get("answer", {}).get("min_chars", 1)),
                answer_max_chars=int(data.get("answer", {}).get("max_chars", 2000)),
                how_to_take_part=tuple(data.get("how_to_take_part", {}).get("steps", ())),
                themes=themes,
                screening=tuple((row["name"], row.get("on_fail", "hold"))
                                for row in data.get("screening", {}).get("steps", ())),
                reject_reasons=dict(data.get("reject_reasons", {})),  # dict() of a dict or of [key, words] pairs
                info_requests=dict(data.get("needs_info_requests", {})),
                info_labels=_words(data.get("needs_info_labels", {})),
                messages=dict(data.get("messages", {})),
                report={k: str(v) for k, v in data.get("report", {}).items()},
                rejections=_words(data.get("rejections", {})),
                privacy=_words(data.get("privacy", {})),
                keep_originals_days=int(data.get("privacy", {}).get("keep_originals_days", 30)),
                language=str(data.get("language", "en")).lower(),
                wording={str(code).lower(): words for code, words in data.get("wording", {}).items()},
                raw=data,
            )
        except KeyError as missing:
            raise CampaignFileError(f"the campaign file has no {missing.args[0]!r}") from None
        except (TypeError, ValueError) as bad:
            raise CampaignFileError(f"the campaign file has a bad value: {bad}") from None
        spec._check()
        return spec

    def _check(self) -> None:
        if self.end < self.start:
            raise CampaignFileError("the campaign ends before it starts")
        try:
            ZoneInfo(self.time_zone)
        except (ZoneInfoNotFoundError, ValueError):
            raise CampaignFileError(f"unknown time zone {self.time_zone!r}") from None
        if not self.sign_tag.strip():
            raise CampaignFileError("sign_tag is empty")
        if self.keep_originals_days < 1:
            raise CampaignFileError("[privacy] keep_originals_days must be 1 or more")
        for code, words in self.wording.items():
            if not isinstance(words, dict):
                raise CampaignFileError(f"[wording.{code}] must be a table of the campaign's words")
        for name, on_fail in self.screening:
            if on_fail not in ("reject", "hold"):
                raise CampaignFileError(f"screening step {name}: on_fail must be \"reject\" or \"hold\"")

    def message(self, key: str, default: str = "") -> str:
        return self.messages.get(key, default)

    def info_label(self, key: str) -> str:
        """What the desk's menu calls a [needs_info_requests] key; without a [needs_info_labels] entry, the key
        as words ("more_photos" → "More photos")."""
        return self.info_labels.get(key) or key.replace("_", " ").capitalize()

    @property
    def info_menu(self) -> dict[str, str]:
        """The desk's "ask the contributor for" menu: each [needs_info_requests] key, in order, with its words."""
        return {key: self.info_label(key) for key in self.info_requests}

    def theme_label(self, name: str) -> str:
        return self.theme_names.get(name, name)

    def in_language(self, code: str | None) -> CampaignSpec:
        """The campaign with its participant-facing words in `code` (e.g. "fr", "zh-hans"): each word the
        file has in that language, the default language's for the rest, so nothing is ever empty."""
        code = (code or "").lower()
        if code == self.language or code not in self.wording:
            return self
        cache = self.__dict__.setdefault("_in_language", {})
        if code not in cache:
            own = self.wording[code]
            cache[code] = replace(
                self,
                name=str(own.get("name") or self.name),
                site_name=str(own.get("site_name") or self.site_name),
                question=str(own.get("question") or self.question),
                how_to_take_part=tuple(own.get("how_to_take_part") or self.how_to_take_part),
                messages=self.messages | _words(own.get("messages", {})),
                info_requests=self.info_requests | _words(own.get("needs_info_requests", {})),
                rejections=self.rejections | _words(own.get("rejections", {})),
                privacy=self.privacy | _words(own.get("privacy", {})),
                theme_names=_words(own.get("themes", {})),
                language=code,
            )
        return cache[code]


def _words(table) -> dict[str, str]:
    """A table of words; blank entries are left out, so they fall back rather than show nothing. Ordered
    tables arrive as [key, words] pairs (ORDERED_TABLES)."""
    return {str(k): str(v) for k, v in dict(table).items() if str(v).strip()}


def _date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))


def read_campaign_file(path: str | Path | None = None) -> tuple[CampaignSpec, dict]:
    """Parse a campaign TOML file (the bundled default when path is empty)."""
    path = Path(path) if path else DEFAULT_CAMPAIGN_FILE
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CampaignFileError(f"no campaign file at {path}") from None
    except tomllib.TOMLDecodeError as bad:
        raise CampaignFileError(f"{path} is not valid TOML: {bad}") from None
    data = _jsonable(data)
    return CampaignSpec.from_dict(data), data


# Tables whose order the desk shows as written (the reasons in a menu). PostgreSQL's jsonb keeps a
# table's keys in its own order, so these are stored as [key, words] pairs, which keep theirs.
ORDERED_TABLES = ("reject_reasons", "needs_info_requests")


def _jsonable(value, *, top: bool = True):
    """TOML dates become ISO strings, so the parsed file can live in a JSONField."""
    if isinstance(value, dict):
        return {k: [[key, _jsonable(v, top=False)] for key, v in value[k].items()]
                if top and k in ORDERED_TABLES and isinstance(value[k], dict) else _jsonable(value[k], top=False)
                for k in value}
    if isinstance(value, list):
        return [_jsonable(v, top=False) for v in value]
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    return value
