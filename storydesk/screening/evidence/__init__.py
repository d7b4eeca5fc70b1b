"""What each screening step found, as one frozen type per step (the table EVIDENCE), and the facts other
layers need from a story's verdicts (Screening: personal-data spans, sign and face boxes, duplicate_of…).

A type writes the JSON its step has always stored (`to_json`, the keys the exports promise) and reads any
stored verdict back tolerantly (`from_json`: a missing key takes its default, an unknown key is ignored,
a value of the wrong type is treated as missing), so verdicts stored by older versions still read.
`explain()` says it in words a moderator understands; `boxes()` is what the desk draws over the photo.
Nothing here imports a model or an engine: any layer may read evidence.

One module per kind of step (photo.py, text.py) and their shared reading (base.py); this module is the table
and what reads a story's verdicts through it, so importers name only storydesk.screening.evidence."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from storydesk.screening.evidence.base import Box, Evidence, Unexplained, as_dict
from storydesk.screening.evidence.photo import (
    FACE,
    Detected,
    ImageIntegrityEvidence,
    NudityEvidence,
    PersonEvidence,
    PhotoFile,
    ReadText,
    SignEvidence,
)
from storydesk.screening.evidence.text import (
    DuplicateEvidence,
    LanguageCandidate,
    OffensiveWordFound,
    PersonalDataSpan,
    PhotoMatch,
    SpamSignalFound,
    TextEvidence,
    TextMatch,
    ThemeEvidence,
    ThemeScore,
)

__all__ = [
    "FACE", "Box", "Crashed", "Detected", "DuplicateEvidence", "EVIDENCE", "Evidence", "ImageIntegrityEvidence",
    "LanguageCandidate", "NudityEvidence", "OffensiveWordFound", "PersonEvidence", "PersonalDataSpan",
    "PhotoFile", "PhotoMatch", "ReadText", "Screening", "SignEvidence", "SpamSignalFound", "TextEvidence",
    "TextMatch", "ThemeEvidence", "ThemeScore", "Unexplained", "Unrecognised", "as_json", "as_shown", "load",
    "step_label", "typed",
]

# Not a step's own evidence.

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


def step_label(step: str) -> str:
    """What the desk calls a step ("sign_check" → "Sign check"); a step this version doesn't know, by its name."""
    kind = EVIDENCE.get(step)
    return kind.label if kind else step.replace("_", " ").capitalize()


def as_shown(step: str, data):
    """Stored evidence as people may read it, whole (the desk's record, exports): as stored, but faces stored
    with the detector's gendered class read as faces."""
    return PersonEvidence.neutral_json(data) if step == PersonEvidence.step else data


def load(step: str, data) -> Evidence:
    """A stored verdict's evidence as its step's type, whatever version stored it."""
    if isinstance(data, dict) and "error" in data:
        return Crashed(str(data["error"]))
    kind = EVIDENCE.get(step)
    if kind is None:
        return Unrecognised(dict(as_dict(data)))
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
