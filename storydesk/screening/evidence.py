"""What each screening step found, as one frozen type per step (the table EVIDENCE), and the facts other
layers need from a story's verdicts (Screening: personal-data spans, sign and face boxes, duplicate_of…).

A type writes the JSON its step has always stored (`to_json`, the keys the exports promise) and reads any
stored verdict back tolerantly (`from_json`: a missing key takes its default, an unknown key is ignored,
a value of the wrong type is treated as missing), so verdicts stored by older versions still read.
`explain()` says it in words a moderator understands; `boxes()` is what the desk draws over the photo.
Nothing here imports a model or an engine: any layer may read evidence."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, ClassVar, Protocol, TypeVar


@dataclass(frozen=True)
class Box:
    """A region screening found, in the lead photo's public-copy pixels."""

    kind: str  # "sign" | "face"
    label: str
    x0: int
    y0: int
    x1: int
    y1: int

    @classmethod
    def of(cls, kind: str, label: str, coords) -> Box | None:
        """The box from stored [x0, y0, x1, y1]; None when they aren't four numbers around some area."""
        try:
            x0, y0, x1, y1 = (int(round(float(c))) for c in coords)
        except (TypeError, ValueError):
            return None
        return cls(kind, label, x0, y0, x1, y1) if x1 > x0 and y1 > y0 else None

    @property
    def corners(self) -> tuple[int, int, int, int]:
        return self.x0, self.y0, self.x1, self.y1

    # What an SVG <rect> takes.
    @property
    def x(self) -> int:
        return self.x0

    @property
    def y(self) -> int:
        return self.y0

    @property
    def width(self) -> int:
        return self.x1 - self.x0

    @property
    def height(self) -> int:
        return self.y1 - self.y0


class Unexplained(ValueError):
    """The stored evidence lacks a fact its words need (an older or partial shape): show it as recorded."""


def _known(value):
    if value is None:
        raise Unexplained("a fact is missing from the stored evidence")
    return value


class Evidence(Protocol):
    def to_json(self) -> dict: ...

    def explain(self) -> list[str]:
        """In a moderator's words; raises Unexplained when the stored shape lacks what the words need."""
        ...

    def boxes(self) -> list[Box]: ...


# --- tolerant reading of stored JSON ------------------------------------------------------------------

def _dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


def _number(value, default=None):
    """The number as stored (an int stays an int, so the JSON written back is the same)."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def _int(value, default=None):
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def _str(value, default: str = "") -> str:
    return value if isinstance(value, str) else default


def _coords(value) -> tuple | None:
    return tuple(value) if isinstance(value, (list, tuple)) else None


def _coords_json(value: tuple | None) -> list | None:
    return list(value) if value is not None else None


def _pct(value) -> str:
    return f"{float(value) * 100:.0f} %" if isinstance(value, (int, float)) else "?"


def _sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def _optional(**pairs) -> dict:
    """Keys a step writes only in some cases (a problem, a below-threshold list), left out when unset."""
    return {key: value for key, value in pairs.items() if value not in (None, "")}


# --- image_integrity ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PhotoFile:
    position: int = 0
    format: str | None = None
    width: int | None = None
    height: int | None = None
    bytes: int = 0

    @classmethod
    def from_json(cls, data) -> PhotoFile:
        d = _dict(data)
        return cls(_int(d.get("position"), 0), d.get("format") if isinstance(d.get("format"), str) else None,
                   _int(d.get("width")), _int(d.get("height")), _number(d.get("bytes"), 0))

    def to_json(self) -> dict:
        return {"position": self.position, "format": self.format, "width": self.width, "height": self.height,
                "bytes": self.bytes}


@dataclass(frozen=True)
class ImageIntegrityEvidence:
    step: ClassVar[str] = "image_integrity"
    photos: tuple[PhotoFile, ...] = ()
    problem: str = ""

    @classmethod
    def from_json(cls, data) -> ImageIntegrityEvidence:
        d = _dict(data)
        return cls(tuple(map(PhotoFile.from_json, _list(d.get("photos")))), _str(d.get("problem")))

    def to_json(self) -> dict:
        return {"photos": [p.to_json() for p in self.photos], **_optional(problem=self.problem)}

    def explain(self) -> list[str]:
        lines = [f"Photo {p.position + 1}: {p.format} {p.width}×{p.height} px, {p.bytes / 1024:.0f} kB, "
                 "decodes completely." for p in self.photos]
        return lines + ([f"Problem: {self.problem}."] if self.problem else [])

    def boxes(self) -> list[Box]:
        return []


# --- sign_check ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReadText:
    text: str | None = None
    confidence: float | None = None

    @classmethod
    def from_json(cls, data) -> ReadText:
        d = _dict(data)
        return cls(d.get("text") if isinstance(d.get("text"), str) else None, _number(d.get("confidence")))

    def to_json(self) -> dict:
        return {"text": self.text, "confidence": self.confidence}


@dataclass(frozen=True)
class SignEvidence:
    step: ClassVar[str] = "sign_check"
    found: bool = False
    text: str = ""
    confidence: float = 0.0
    box: tuple | None = None  # x0, y0, x1, y1 of the tag's word, public-copy pixels
    read: tuple[ReadText, ...] = ()  # every word OCR read (the first 40)
    tag: str = ""
    edits: int | None = None  # 0 exact, 1 a one-letter slip (only when found)
    problem: str = ""

    @classmethod
    def from_json(cls, data) -> SignEvidence:
        d = _dict(data)
        return cls(found=bool(d.get("found")), text=_str(d.get("text")),
                   confidence=_number(d.get("confidence"), 0.0), box=_coords(d.get("box")),
                   read=tuple(map(ReadText.from_json, _list(d.get("read")))), tag=_str(d.get("tag")),
                   edits=_int(d.get("edits")), problem=_str(d.get("problem")))

    def to_json(self) -> dict:
        return {"found": self.found, "text": self.text, "confidence": self.confidence,
                "box": _coords_json(self.box), "read": [r.to_json() for r in self.read], "tag": self.tag,
                **_optional(edits=self.edits, problem=self.problem)}

    def explain(self) -> list[str]:
        if self.found:
            slip = " (one letter off — a handwriting or reading slip)" if self.edits else ""
            return [f"Read “{self.text}” on the sign{slip}, {_pct(self.confidence)} sure."]
        read = ", ".join(f"“{_known(r.text)}”" for r in self.read[:12])
        return [f"No {self.tag or 'the sign tag'} sign read"
                + (f"; the text read was {read}." if read else ": no text was read at all.")]

    def boxes(self) -> list[Box]:
        box = Box.of("sign", f"sign: {self.text}", self.box) if self.box else None
        return [box] if box else []


# --- person_check and nudity_check (NudeNet detections) -----------------------------------------------

@dataclass(frozen=True)
class Detected:
    """One thing the detector saw: its class (e.g. FACE_MALE), score and box."""

    label: str | None = None
    score: float | None = None
    box: tuple | None = None

    @classmethod
    def from_json(cls, data) -> Detected:
        d = _dict(data)
        return cls(d.get("class") if isinstance(d.get("class"), str) else None, _number(d.get("score")),
                   _coords(d.get("box")))

    def face_json(self) -> dict:  # person_check's order
        return {"box": _coords_json(self.box), "score": self.score, "class": self.label}

    def part_json(self) -> dict:  # nudity_check's order
        return {"class": self.label, "score": self.score, "box": _coords_json(self.box)}


@dataclass(frozen=True)
class PersonEvidence:
    step: ClassVar[str] = "person_check"
    faces: tuple[Detected, ...] = ()  # counted faces, best first
    threshold: float | None = None
    below_threshold: tuple[Detected, ...] | None = None  # faces half seen (only when none counted)
    problem: str = ""

    @classmethod
    def from_json(cls, data) -> PersonEvidence:
        d = _dict(data)
        below = d.get("below_threshold")
        return cls(tuple(map(Detected.from_json, _list(d.get("faces")))), _number(d.get("threshold")),
                   tuple(map(Detected.from_json, below)) if isinstance(below, list) else None,
                   _str(d.get("problem")))

    def to_json(self) -> dict:
        below = None if self.below_threshold is None else [f.face_json() for f in self.below_threshold]
        return {"faces": [f.face_json() for f in self.faces], "threshold": self.threshold,
                **({"below_threshold": below} if below is not None else {}), **_optional(problem=self.problem)}

    def explain(self) -> list[str]:
        if self.faces:
            best = max(0 if f.score is None else f.score for f in self.faces)
            n = len(self.faces)
            return [f"{n} face{'s' if n != 1 else ''} found (best {_pct(best)}; counted from {_pct(self.threshold)})."]
        near = self.below_threshold or ()
        return ["No person found." + (f" The detector half saw {len(near)} face(s), best {_pct(near[0].score)}, "
                                      "too unsure to count." if near else "")]

    def boxes(self) -> list[Box]:
        return [b for b in (Box.of("face", f"face {_pct(f.score)}", f.box) for f in self.faces) if b]


@dataclass(frozen=True)
class NudityEvidence:
    step: ClassVar[str] = "nudity_check"
    unsafe: tuple[Detected, ...] = ()  # what fails the story
    recorded: tuple[Detected, ...] = ()  # seen, never held against it
    threshold: float | None = None
    classes: tuple[str, ...] = ()
    problem: str = ""

    @classmethod
    def from_json(cls, data) -> NudityEvidence:
        d = _dict(data)
        return cls(tuple(map(Detected.from_json, _list(d.get("unsafe")))),
                   tuple(map(Detected.from_json, _list(d.get("recorded")))), _number(d.get("threshold")),
                   tuple(c for c in _list(d.get("classes")) if isinstance(c, str)), _str(d.get("problem")))

    def to_json(self) -> dict:
        return {"unsafe": [u.part_json() for u in self.unsafe], "recorded": [r.part_json() for r in self.recorded],
                "threshold": self.threshold, "classes": list(self.classes), **_optional(problem=self.problem)}

    def explain(self) -> list[str]:
        if self.unsafe:
            return ["Exposed nudity: " + ", ".join(f"{_known(u.label).replace('_', ' ').lower()} "
                                                   f"{_pct(_known(u.score))}" for u in self.unsafe) + "."]
        if self.problem:
            return [f"Not checked: {self.problem}."]
        return ["Nothing unsafe found."]

    def boxes(self) -> list[Box]:
        return []  # the desk never draws these over the photo


# --- text_check ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LanguageCandidate:
    language: str = ""
    confidence: float = 0.0

    @classmethod
    def from_json(cls, data) -> LanguageCandidate:
        d = _dict(data)
        return cls(_str(d.get("language")), _number(d.get("confidence"), 0.0))

    def to_json(self) -> dict:
        return {"language": self.language, "confidence": self.confidence}


@dataclass(frozen=True)
class PersonalDataSpan:
    """A piece of personal data in the answer: answer[start:end] == text when the answer hasn't changed."""

    kind: str = "personal data"  # phone | email | address | profile_link
    start: int = 0
    end: int = 0
    text: str | None = None

    @classmethod
    def from_json(cls, data) -> PersonalDataSpan:
        d = _dict(data)
        return cls(_str(d.get("kind"), "personal data"), _int(d.get("start"), 0), _int(d.get("end"), 0),
                   d.get("text") if isinstance(d.get("text"), str) else None)

    def to_json(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}


@dataclass(frozen=True)
class SpamSignalFound:
    signal: str = ""
    detail: str = ""

    @classmethod
    def from_json(cls, data) -> SpamSignalFound:
        d = _dict(data)
        return cls(_str(d.get("signal")), _str(d.get("detail")))

    def to_json(self) -> dict:
        return {"signal": self.signal, "detail": self.detail}


@dataclass(frozen=True)
class TextEvidence:
    step: ClassVar[str] = "text_check"
    length: int = 0
    min_chars: int | None = None
    max_chars: int | None = None
    language: str = ""  # ISO 639-1, or "und" when unsure
    confidence: float | None = None
    alternatives: tuple[LanguageCandidate, ...] = ()
    profanity: float = 0.0
    leetspeak: bool = False
    threat: str | None = None
    personal_data: tuple[PersonalDataSpan, ...] = ()
    spam_signals: tuple[SpamSignalFound, ...] = ()
    flags: tuple[str, ...] = ()  # each problem in words

    @classmethod
    def from_json(cls, data) -> TextEvidence:
        d = _dict(data)
        return cls(length=_int(d.get("length"), 0), min_chars=_int(d.get("min_chars")),
                   max_chars=_int(d.get("max_chars")), language=_str(d.get("language")),
                   confidence=_number(d.get("confidence")),
                   alternatives=tuple(map(LanguageCandidate.from_json, _list(d.get("alternatives")))),
                   profanity=_number(d.get("profanity"), 0.0), leetspeak=bool(d.get("leetspeak")),
                   threat=d.get("threat") if isinstance(d.get("threat"), str) else None,
                   personal_data=tuple(map(PersonalDataSpan.from_json, _list(d.get("personal_data")))),
                   spam_signals=tuple(map(SpamSignalFound.from_json, _list(d.get("spam_signals")))),
                   flags=tuple(f for f in _list(d.get("flags")) if isinstance(f, str)))

    def to_json(self) -> dict:
        return {"length": self.length, "min_chars": self.min_chars, "max_chars": self.max_chars,
                "language": self.language, "confidence": self.confidence,
                "alternatives": [a.to_json() for a in self.alternatives], "profanity": self.profanity,
                "leetspeak": self.leetspeak, "threat": self.threat,
                "personal_data": [p.to_json() for p in self.personal_data],
                "spam_signals": [s.to_json() for s in self.spam_signals], "flags": list(self.flags)}

    @property
    def language_code(self) -> str:
        """The language the story is in, "" when unsure."""
        return "" if self.language == "und" else self.language

    def explain(self) -> list[str]:
        length = f"{self.length:,} characters"
        if self.min_chars is not None and self.max_chars is not None:
            length += f" (the campaign asks for {self.min_chars:,}–{self.max_chars:,})"
        lines = [length + "."]
        if self.language and self.language != "und":
            how_sure = f" ({_pct(self.confidence)} sure)." if self.confidence else "."
            lines.append(f"Language: {self.language}" + how_sure)
        lines += [_sentence(flag) for flag in self.flags if flag]
        if not self.flags:
            lines.append("No offensive words, personal data or spam signals found.")
        return lines

    def boxes(self) -> list[Box]:
        return []


# --- duplicate_check ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PhotoMatch:
    story: int
    photo: int | None = None
    distance: int | None = None  # Hamming distance of the 64-bit pHashes

    @classmethod
    def from_json(cls, data) -> PhotoMatch | None:
        d = _dict(data)
        story = _int(d.get("story"))
        return None if story is None else cls(story, _int(d.get("photo")), _number(d.get("distance")))

    def to_json(self) -> dict:
        return {"story": self.story, "photo": self.photo, "distance": self.distance}


@dataclass(frozen=True)
class TextMatch:
    story: int
    kind: str = "similar"  # "exact" (the same words) | "similar" (the same meaning)
    cosine: float | None = None

    @classmethod
    def from_json(cls, data) -> TextMatch | None:
        d = _dict(data)
        story = _int(d.get("story"))
        return None if story is None else cls(story, _str(d.get("kind"), "similar"), _number(d.get("cosine")))

    def to_json(self) -> dict:
        return {"story": self.story, "kind": self.kind, "cosine": self.cosine}


@dataclass(frozen=True)
class DuplicateEvidence:
    step: ClassVar[str] = "duplicate_check"
    photo_matches: tuple[PhotoMatch, ...] = ()
    text_matches: tuple[TextMatch, ...] = ()
    duplicate_of: int | None = None  # the story this one most likely repeats

    @classmethod
    def from_json(cls, data) -> DuplicateEvidence:
        d = _dict(data)
        photos = (PhotoMatch.from_json(m) for m in _list(d.get("photo_matches")))
        texts = (TextMatch.from_json(m) for m in _list(d.get("text_matches")))
        return cls(tuple(m for m in photos if m), tuple(m for m in texts if m), _int(d.get("duplicate_of")))

    def to_json(self) -> dict:
        return {"photo_matches": [m.to_json() for m in self.photo_matches],
                "text_matches": [m.to_json() for m in self.text_matches], "duplicate_of": self.duplicate_of}

    def explain(self) -> list[str]:
        lines = [f"The same photo as story {m.story} ({_known(m.distance)} of 64 bits differ)."
                 for m in self.photo_matches[:5]]
        lines += [f"{'The same words as' if m.kind == 'exact' else 'Words very like those of'} story {m.story}"
                  f" ({_pct(m.cosine)} alike)." for m in self.text_matches[:5]]
        return lines or ["Not a repeat of any earlier story."]

    def boxes(self) -> list[Box]:
        return []


# --- theme_tagging ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ThemeScore:
    name: str
    score: float | None = None

    @classmethod
    def from_json(cls, data) -> ThemeScore | None:
        d = _dict(data)
        name = _str(d.get("name"))
        return cls(name, _number(d.get("score"))) if name else None

    def to_json(self) -> dict:
        return {"name": self.name, "score": self.score}


def _themes(value) -> tuple[ThemeScore, ...]:
    return tuple(t for t in map(ThemeScore.from_json, _list(value)) if t)


@dataclass(frozen=True)
class ThemeEvidence:
    step: ClassVar[str] = "theme_tagging"
    themes: tuple[ThemeScore, ...] = ()  # the story's tags, best first
    top: str | None = None
    scores: tuple[ThemeScore, ...] | None = None  # every theme, best first; None when the answer is empty
    problem: str = ""

    @classmethod
    def from_json(cls, data) -> ThemeEvidence:
        d = _dict(data)
        scores = d.get("scores")
        return cls(_themes(d.get("themes")), d.get("top") if isinstance(d.get("top"), str) else None,
                   _themes(scores) if isinstance(scores, list) else None, _str(d.get("problem")))

    def to_json(self) -> dict:
        scores = {} if self.scores is None else {"scores": [s.to_json() for s in self.scores]}
        return {"themes": [t.to_json() for t in self.themes], "top": self.top, **scores,
                **_optional(problem=self.problem)}

    def explain(self) -> list[str]:
        spoken = "; ".join(f"{t.name} ({_known(t.score):.2f})" for t in self.themes)
        return ([f"Speaks to {spoken}."] if self.themes else []) + ([_sentence(self.problem)] if self.problem else [])

    def boxes(self) -> list[Box]:
        return []


# --- not a step's own evidence ------------------------------------------------------------------------

@dataclass(frozen=True)
class Crashed:
    """The step raised: the story is parked as errored for a person."""

    error: str = ""

    def to_json(self) -> dict:
        return {"error": self.error}

    def explain(self) -> list[str]:
        return [f"The step crashed: {self.error}"]

    def boxes(self) -> list[Box]:
        return []


@dataclass(frozen=True)
class Unrecognised:
    """Evidence of a step this version doesn't know (or a campaign's own step): shown as recorded."""

    data: Mapping[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict:
        return dict(self.data)

    def explain(self) -> list[str]:
        return [f"{key.replace('_', ' ')}: {value}" for key, value in self.data.items()]

    def boxes(self) -> list[Box]:
        return []


EVIDENCE: dict[str, type] = {kind.step: kind for kind in (
    ImageIntegrityEvidence, SignEvidence, PersonEvidence, NudityEvidence, TextEvidence, DuplicateEvidence,
    ThemeEvidence)}


def load(step: str, data) -> Evidence:
    """A stored verdict's evidence as its step's type, whatever version stored it."""
    if isinstance(data, dict) and "error" in data:
        return Crashed(str(data["error"]))
    kind = EVIDENCE.get(step)
    if kind is None:
        return Unrecognised(dict(_dict(data)))
    return kind.from_json(data)


def typed(step: str, evidence) -> Evidence:
    """A step's evidence as its type; a step may hand back plain JSON, read as if it had been stored."""
    return load(step, evidence) if isinstance(evidence, dict) else evidence


def as_json(evidence) -> dict:
    """What to store: plain JSON as the step gave it, or its type's JSON."""
    return evidence if isinstance(evidence, dict) else evidence.to_json()


E = TypeVar("E")


@dataclass(frozen=True)
class Screening:
    """A story's verdicts read through their steps' types, and the facts other layers take from them."""

    evidence: Mapping[str, Evidence]  # step name -> evidence, in the pipeline's order

    @classmethod
    def of(cls, verdicts: Iterable) -> Screening:
        """From stored verdicts (anything with .step and .evidence as stored)."""
        return cls({v.step: load(v.step, v.evidence) for v in verdicts})

    @classmethod
    def of_rows(cls, rows: Iterable[tuple[str, Any]]) -> Screening:
        """From (step, evidence as stored) pairs, e.g. a values_list."""
        return cls({step: load(step, data) for step, data in rows})

    def get(self, kind: type[E]) -> E | None:
        found = self.evidence.get(getattr(kind, "step", ""))
        return found if isinstance(found, kind) else None

    @property
    def sign_read(self) -> bool:
        sign = self.get(SignEvidence)
        return bool(sign and sign.found)

    @property
    def face_found(self) -> bool:
        person = self.get(PersonEvidence)
        return bool(person and person.faces)

    @property
    def personal_data(self) -> tuple[PersonalDataSpan, ...]:
        text = self.get(TextEvidence)
        return text.personal_data if text else ()

    @property
    def duplicate_of(self) -> int | None:
        duplicates = self.get(DuplicateEvidence)
        return duplicates.duplicate_of if duplicates else None

    @property
    def duplicates(self) -> DuplicateEvidence:
        return self.get(DuplicateEvidence) or DuplicateEvidence()

    def boxes(self) -> list[Box]:
        """Every box the steps found (the sign's, the faces'), in the order the steps ran."""
        return [box for evidence in self.evidence.values() for box in evidence.boxes()]
