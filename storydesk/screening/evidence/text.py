"""The evidence of the steps that read the answer: text_check, duplicate_check, theme_tagging."""
from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from storydesk.languages import english_name
from storydesk.screening.evidence.base import (
    Box,
    as_dict,
    as_list,
    integer,
    known,
    number,
    optional,
    percent,
    sentence,
    string,
)

# --- text_check ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LanguageCandidate:
    language: str = ""
    confidence: float = 0.0

    @classmethod
    def from_json(cls, data) -> LanguageCandidate:
        d = as_dict(data)
        return cls(string(d.get("language")), number(d.get("confidence"), 0.0))

    def to_json(self) -> dict:
        return {"language": self.language, "confidence": self.confidence}


# What the desk calls each kind of personal data.
PERSONAL_DATA_KINDS = {"phone": "phone number", "email": "e-mail address", "address": "postal address",
                       "profile_link": "profile link"}


@dataclass(frozen=True)
class PersonalDataSpan:
    """A piece of personal data in the answer: answer[start:end] == text when the answer hasn't changed."""

    kind: str = "personal data"  # phone | email | address | profile_link
    start: int = 0
    end: int = 0
    text: str | None = None

    @classmethod
    def from_json(cls, data) -> PersonalDataSpan:
        d = as_dict(data)
        return cls(string(d.get("kind"), "personal data"), integer(d.get("start"), 0), integer(d.get("end"), 0),
                   d.get("text") if isinstance(d.get("text"), str) else None)

    def to_json(self) -> dict:
        return {"kind": self.kind, "start": self.start, "end": self.end, "text": self.text}

    @staticmethod
    def kind_label(kind: str) -> str:
        return PERSONAL_DATA_KINDS.get(kind) or kind.replace("_", " ")


@dataclass(frozen=True)
class SpamSignalFound:
    signal: str = ""
    detail: str = ""

    @classmethod
    def from_json(cls, data) -> SpamSignalFound:
        d = as_dict(data)
        return cls(string(d.get("signal")), string(d.get("detail")))

    def to_json(self) -> dict:
        return {"signal": self.signal, "detail": self.detail}


@dataclass(frozen=True)
class OffensiveWordFound:
    """A word on an offensive-word list (or the campaign's own), as written in the answer."""

    kind: str = "offensive word"  # swearing | insult | slur | sexual | offensive word | campaign's word
    word: str = ""
    language: str = ""  # whose list it is on; "" for the campaign's words in every language

    @classmethod
    def from_json(cls, data) -> OffensiveWordFound:
        d = as_dict(data)
        return cls(string(d.get("kind"), "offensive word"), string(d.get("word")), string(d.get("language")))

    def to_json(self) -> dict:
        return {"kind": self.kind, "word": self.word, "language": self.language}


@dataclass(frozen=True)
class TextEvidence:
    step: ClassVar[str] = "text_check"
    label: ClassVar[str] = "Answer check"  # what the desk calls the step
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
    offensive_words: tuple[OffensiveWordFound, ...] = ()  # stored only when some were found

    @classmethod
    def from_json(cls, data) -> TextEvidence:
        d = as_dict(data)
        return cls(length=integer(d.get("length"), 0), min_chars=integer(d.get("min_chars")),
                   max_chars=integer(d.get("max_chars")), language=string(d.get("language")),
                   confidence=number(d.get("confidence")),
                   alternatives=tuple(map(LanguageCandidate.from_json, as_list(d.get("alternatives")))),
                   profanity=number(d.get("profanity"), 0.0), leetspeak=bool(d.get("leetspeak")),
                   threat=d.get("threat") if isinstance(d.get("threat"), str) else None,
                   offensive_words=tuple(map(OffensiveWordFound.from_json, as_list(d.get("offensive_words")))),
                   personal_data=tuple(map(PersonalDataSpan.from_json, as_list(d.get("personal_data")))),
                   spam_signals=tuple(map(SpamSignalFound.from_json, as_list(d.get("spam_signals")))),
                   flags=tuple(f for f in as_list(d.get("flags")) if isinstance(f, str)))

    def to_json(self) -> dict:
        data = {"length": self.length, "min_chars": self.min_chars, "max_chars": self.max_chars,
                "language": self.language, "confidence": self.confidence,
                "alternatives": [a.to_json() for a in self.alternatives], "profanity": self.profanity,
                "leetspeak": self.leetspeak, "threat": self.threat}
        if self.offensive_words:  # evidence stored before the word lists has no such key, and keeps its bytes
            data["offensive_words"] = [w.to_json() for w in self.offensive_words]
        return data | {"personal_data": [p.to_json() for p in self.personal_data],
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
            how_sure = f" ({percent(self.confidence)} sure)." if self.confidence else "."
            lines.append(f"Language: {english_name(self.language)}" + how_sure)
        lines += [sentence(flag) for flag in self.flags if flag]
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
        d = as_dict(data)
        story = integer(d.get("story"))
        return None if story is None else cls(story, integer(d.get("photo")), number(d.get("distance")))

    def to_json(self) -> dict:
        return {"story": self.story, "photo": self.photo, "distance": self.distance}


@dataclass(frozen=True)
class TextMatch:
    story: int
    kind: str = "similar"  # "exact" (the same words) | "similar" (the same meaning)
    cosine: float | None = None

    @classmethod
    def from_json(cls, data) -> TextMatch | None:
        d = as_dict(data)
        story = integer(d.get("story"))
        return None if story is None else cls(story, string(d.get("kind"), "similar"), number(d.get("cosine")))

    def to_json(self) -> dict:
        return {"story": self.story, "kind": self.kind, "cosine": self.cosine}


@dataclass(frozen=True)
class DuplicateEvidence:
    step: ClassVar[str] = "duplicate_check"
    label: ClassVar[str] = "Duplicate check"  # what the desk calls the step
    photo_matches: tuple[PhotoMatch, ...] = ()
    text_matches: tuple[TextMatch, ...] = ()
    duplicate_of: int | None = None  # the story this one most likely repeats

    @classmethod
    def from_json(cls, data) -> DuplicateEvidence:
        d = as_dict(data)
        photos = (PhotoMatch.from_json(m) for m in as_list(d.get("photo_matches")))
        texts = (TextMatch.from_json(m) for m in as_list(d.get("text_matches")))
        return cls(tuple(m for m in photos if m), tuple(m for m in texts if m), integer(d.get("duplicate_of")))

    def to_json(self) -> dict:
        return {"photo_matches": [m.to_json() for m in self.photo_matches],
                "text_matches": [m.to_json() for m in self.text_matches], "duplicate_of": self.duplicate_of}

    def explain(self) -> list[str]:
        lines = [f"The same photo as story {m.story} ({known(m.distance)} of 64 bits differ)."
                 for m in self.photo_matches[:5]]
        lines += [f"{'The same words as' if m.kind == 'exact' else 'Words very like those of'} story {m.story}"
                  f" ({percent(m.cosine)} alike)." for m in self.text_matches[:5]]
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
        d = as_dict(data)
        name = string(d.get("name"))
        return cls(name, number(d.get("score"))) if name else None

    def to_json(self) -> dict:
        return {"name": self.name, "score": self.score}


def _themes(value) -> tuple[ThemeScore, ...]:
    return tuple(t for t in map(ThemeScore.from_json, as_list(value)) if t)


@dataclass(frozen=True)
class ThemeEvidence:
    step: ClassVar[str] = "theme_tagging"
    label: ClassVar[str] = "Theme tagging"  # what the desk calls the step
    themes: tuple[ThemeScore, ...] = ()  # the story's tags, best first
    top: str | None = None
    scores: tuple[ThemeScore, ...] | None = None  # every theme, best first; None when the answer is empty
    problem: str = ""

    @classmethod
    def from_json(cls, data) -> ThemeEvidence:
        d = as_dict(data)
        scores = d.get("scores")
        return cls(_themes(d.get("themes")), d.get("top") if isinstance(d.get("top"), str) else None,
                   _themes(scores) if isinstance(scores, list) else None, string(d.get("problem")))

    def to_json(self) -> dict:
        scores = {} if self.scores is None else {"scores": [s.to_json() for s in self.scores]}
        return {"themes": [t.to_json() for t in self.themes], "top": self.top, **scores,
                **optional(problem=self.problem)}

    def explain(self) -> list[str]:
        spoken = "; ".join(f"{t.name} ({known(t.score):.2f})" for t in self.themes)
        return ([f"Speaks to {spoken}."] if self.themes else []) + ([sentence(self.problem)] if self.problem else [])

    def boxes(self) -> list[Box]:
        return []
