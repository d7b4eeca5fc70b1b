"""What every step's evidence shares: the boxes drawn over a photo, the Evidence protocol, and the tolerant
reading of stored JSON (a missing key takes its default, a value of the wrong type is treated as missing)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol


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


def known(value):
    if value is None:
        raise Unexplained("a fact is missing from the stored evidence")
    return value


class Evidence(Protocol):
    def to_json(self) -> dict: ...

    def explain(self) -> list[str]:
        """In a moderator's words; raises Unexplained when the stored shape lacks what the words need."""
        ...

    def boxes(self) -> list[Box]: ...


# Tolerant reading of stored JSON.

def as_dict(value) -> dict:
    return value if isinstance(value, dict) else {}


def as_list(value) -> list:
    return list(value) if isinstance(value, (list, tuple)) else []


def number(value, default=None):
    """The number as stored (an int stays an int, so the JSON written back is the same)."""
    return value if isinstance(value, (int, float)) and not isinstance(value, bool) else default


def integer(value, default=None):
    return value if isinstance(value, int) and not isinstance(value, bool) else default


def string(value, default: str = "") -> str:
    return value if isinstance(value, str) else default


def coords(value) -> tuple | None:
    return tuple(value) if isinstance(value, (list, tuple)) else None


def coords_json(value: tuple | None) -> list | None:
    return list(value) if value is not None else None


def percent(value) -> str:
    return f"{float(value) * 100:.0f} %" if isinstance(value, (int, float)) else "?"


def sentence(text: str) -> str:
    return text[0].upper() + text[1:] + "."


def optional(**pairs) -> dict:
    """Keys a step writes only in some cases (a problem, a below-threshold list), left out when unset."""
    return {key: value for key, value in pairs.items() if value not in (None, "")}
