"""The evidence of the steps that look at the photo: image_integrity, sign_check, person_check, nudity_check."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from storydesk.plural import counted
from storydesk.screening.evidence.base import (
    Box,
    as_dict,
    as_list,
    coords,
    coords_json,
    integer,
    known,
    number,
    optional,
    percent,
    string,
)

# --- image_integrity ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class PhotoFile:
    position: int = 0
    format: str | None = None
    width: int | None = None
    height: int | None = None
    bytes: int = 0
    # "sha256": the stored original is the file checked at intake (same SHA-256), so this step did not decode it;
    # "" (and in evidence from before there was a choice): this step decoded it.
    matched: str = ""

    @classmethod
    def from_json(cls, data) -> PhotoFile:
        d = as_dict(data)
        return cls(integer(d.get("position"), 0), d.get("format") if isinstance(d.get("format"), str) else None,
                   integer(d.get("width")), integer(d.get("height")), number(d.get("bytes"), 0),
                   string(d.get("matched")))

    def to_json(self) -> dict:
        return {"position": self.position, "format": self.format, "width": self.width, "height": self.height,
                "bytes": self.bytes, **optional(matched=self.matched)}

    def explain(self) -> str:
        how = ("the same bytes that were checked at intake (SHA-256); decoded at intake and by the worker for its "
               "copies" if self.matched == "sha256" else "decodes completely")
        return (f"Photo {self.position + 1}: {self.format} {self.width}×{self.height} px, {self.bytes / 1024:.0f} kB, "
                f"{how}.")


@dataclass(frozen=True)
class ImageIntegrityEvidence:
    step: ClassVar[str] = "image_integrity"
    label: ClassVar[str] = "Photo file check"  # what the desk calls the step
    photos: tuple[PhotoFile, ...] = ()
    problem: str = ""
    note: str = ""  # e.g. which photos were checked from their public copy, their original deleted after retention

    @classmethod
    def from_json(cls, data) -> ImageIntegrityEvidence:
        d = as_dict(data)
        return cls(tuple(map(PhotoFile.from_json, as_list(d.get("photos")))), string(d.get("problem")),
                   string(d.get("note")))

    def to_json(self) -> dict:
        return {"photos": [p.to_json() for p in self.photos], **optional(problem=self.problem, note=self.note)}

    def explain(self) -> list[str]:
        lines = [p.explain() for p in self.photos]
        return lines + ([f"Problem: {self.problem}."] if self.problem else []) + ([self.note] if self.note else [])

    def boxes(self) -> list[Box]:
        return []


# --- sign_check ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReadText:
    text: str | None = None
    confidence: float | None = None

    @classmethod
    def from_json(cls, data) -> ReadText:
        d = as_dict(data)
        return cls(d.get("text") if isinstance(d.get("text"), str) else None, number(d.get("confidence")))

    def to_json(self) -> dict:
        return {"text": self.text, "confidence": self.confidence}


@dataclass(frozen=True)
class SignEvidence:
    step: ClassVar[str] = "sign_check"
    label: ClassVar[str] = "Sign check"  # what the desk calls the step
    found: bool = False
    text: str = ""
    confidence: float = 0.0
    box: tuple | None = None  # x0, y0, x1, y1 of the tag's word, public-copy pixels
    read: tuple[ReadText, ...] = ()  # every word OCR read (the first 40)
    tag: str = ""
    edits: int | None = None  # 0 exact, 1 a one-letter slip (only when found)
    problem: str = ""
    look: str = ""  # "first" | "second" (a closer look, ocr.read_closer); "" in evidence stored before there were two

    @classmethod
    def from_json(cls, data) -> SignEvidence:
        d = as_dict(data)
        return cls(found=bool(d.get("found")), text=string(d.get("text")),
                   confidence=number(d.get("confidence"), 0.0), box=coords(d.get("box")),
                   read=tuple(map(ReadText.from_json, as_list(d.get("read")))), tag=string(d.get("tag")),
                   edits=integer(d.get("edits")), problem=string(d.get("problem")), look=string(d.get("look")))

    def to_json(self) -> dict:
        return {"found": self.found, "text": self.text, "confidence": self.confidence,
                "box": coords_json(self.box), "read": [r.to_json() for r in self.read], "tag": self.tag,
                **optional(edits=self.edits, problem=self.problem, look=self.look)}

    def explain(self) -> list[str]:
        if self.found:
            slip = " (one letter off — a handwriting or reading slip)" if self.edits else ""
            closer = " on a second, closer look" if self.look == "second" else ""
            return [f"Read “{self.text}” on the sign{slip}{closer}, {percent(self.confidence)} sure."]
        read = ", ".join(f"“{known(r.text)}”" for r in self.read[:12])
        return [f"No {self.tag or 'the sign tag'} sign read"
                + (f"; the text read was {read}." if read else ": no text was read at all.")]

    def boxes(self) -> list[Box]:
        box = Box.of("sign", f"sign: {self.text}", self.box) if self.box else None
        return [box] if box else []


# --- person_check and nudity_check (NudeNet detections) -----------------------------------------------

# A face is a face: the detector's face classes guess a gender, which nobody asked and which is often wrong, so
# person_check stores FACE; faces stored by older versions with a gendered class read as FACE too.
FACE = "face"
GENDERED_FACES = frozenset({"FACE_MALE", "FACE_FEMALE"})


def neutral_face(label: str | None) -> str | None:
    return FACE if label in GENDERED_FACES else label


@dataclass(frozen=True)
class Detected:
    """One thing the detector saw: its class (e.g. FEMALE_BREAST_EXPOSED, or FACE), score and box."""

    label: str | None = None
    score: float | None = None
    box: tuple | None = None

    @classmethod
    def from_json(cls, data) -> Detected:
        d = as_dict(data)
        return cls(d.get("class") if isinstance(d.get("class"), str) else None, number(d.get("score")),
                   coords(d.get("box")))

    def face_json(self) -> dict:  # person_check's order
        return {"box": coords_json(self.box), "score": self.score, "class": self.label}

    def part_json(self) -> dict:  # nudity_check's order
        return {"class": self.label, "score": self.score, "box": coords_json(self.box)}


# Which detector counted the faces (person_check's second look: NudeNet closer up, on squares of the photo
# (storydesk/screening/ml/detector.py), then storydesk/screening/ml/face_cascades.py).
FOUND_BY = {"nudenet": "NudeNet", "nudenet-closer": "NudeNet looking closer, at parts of the photo",
            "opencv-frontal": "OpenCV's frontal-face cascade", "opencv-profile": "OpenCV's profile-face cascade"}


@dataclass(frozen=True)
class PersonEvidence:
    step: ClassVar[str] = "person_check"
    label: ClassVar[str] = "Person check"  # what the desk calls the step
    faces: tuple[Detected, ...] = ()  # counted faces, best first (a cascade's face has no score)
    threshold: float | None = None
    below_threshold: tuple[Detected, ...] | None = None  # faces NudeNet half saw (only when it counted none)
    problem: str = ""
    found_by: str = ""  # a FOUND_BY key when faces were counted; "" in evidence stored before it was recorded

    @classmethod
    def from_json(cls, data) -> PersonEvidence:
        d = as_dict(data)
        below = d.get("below_threshold")
        return cls(tuple(map(_face, as_list(d.get("faces")))), number(d.get("threshold")),
                   tuple(map(_face, below)) if isinstance(below, list) else None,
                   string(d.get("problem")), string(d.get("found_by")))

    @staticmethod
    def neutral_json(data):
        """Stored evidence as people may read it (the desk's record, exports): every face's class is FACE, and
        nothing else changes."""
        if not isinstance(data, dict):
            return data
        return {key: [{**f, "class": neutral_face(f.get("class"))} if isinstance(f, dict) else f for f in value]
                if key in ("faces", "below_threshold") and isinstance(value, list) else value
                for key, value in data.items()}

    def to_json(self) -> dict:
        below = None if self.below_threshold is None else [f.face_json() for f in self.below_threshold]
        return {"faces": [f.face_json() for f in self.faces], "threshold": self.threshold,
                **({"below_threshold": below} if below is not None else {}),
                **optional(found_by=self.found_by, problem=self.problem)}

    def explain(self) -> list[str]:
        near = self.below_threshold or ()
        half_saw = (f"NudeNet half saw {counted(len(near), 'face')}, best {percent(near[0].score)}, too unsure to count"
                    if near else "")
        faces = counted(len(self.faces), "face")
        if self.faces and self.found_by.startswith("opencv"):
            return [f"{faces} found by {FOUND_BY.get(self.found_by, self.found_by)} "
                    f"on a second look ({half_saw or 'NudeNet found none'})."]
        if self.faces:
            best = max(0 if f.score is None else f.score for f in self.faces)
            by = f" by {FOUND_BY.get(self.found_by, self.found_by)}" if self.found_by else ""
            return [f"{faces} found{by} (best {percent(best)}; counted from {percent(self.threshold)})."]
        return ["No person found." + (f" The detector half saw {counted(len(near), 'face')}, best "
                                      f"{percent(near[0].score)}, too unsure to count." if near else "")]

    def boxes(self) -> list[Box]:
        return [b for b in (Box.of("face", "face" if f.score is None else f"face {percent(f.score)}", f.box)
                            for f in self.faces) if b]


def _face(data) -> Detected:
    found = Detected.from_json(data)
    return Detected(neutral_face(found.label), found.score, found.box)


@dataclass(frozen=True)
class NudityEvidence:
    step: ClassVar[str] = "nudity_check"
    label: ClassVar[str] = "Nudity check"  # what the desk calls the step
    unsafe: tuple[Detected, ...] = ()  # what fails the story
    recorded: tuple[Detected, ...] = ()  # seen, never held against it
    threshold: float | None = None
    classes: tuple[str, ...] = ()
    problem: str = ""

    @classmethod
    def from_json(cls, data) -> NudityEvidence:
        d = as_dict(data)
        return cls(tuple(map(Detected.from_json, as_list(d.get("unsafe")))),
                   tuple(map(Detected.from_json, as_list(d.get("recorded")))), number(d.get("threshold")),
                   tuple(c for c in as_list(d.get("classes")) if isinstance(c, str)), string(d.get("problem")))

    def to_json(self) -> dict:
        return {"unsafe": [u.part_json() for u in self.unsafe], "recorded": [r.part_json() for r in self.recorded],
                "threshold": self.threshold, "classes": list(self.classes), **optional(problem=self.problem)}

    def explain(self) -> list[str]:
        if self.unsafe:
            return ["Exposed nudity: " + ", ".join(f"{known(u.label).replace('_', ' ').lower()} "
                                                   f"{percent(known(u.score))}" for u in self.unsafe) + "."]
        if self.problem:
            return [f"Not checked: {self.problem}."]
        return ["Nothing unsafe found."]

    def boxes(self) -> list[Box]:
        return []  # the desk never draws these over the photo
