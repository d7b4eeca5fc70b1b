"""Screening evidence in plain words for moderators, and the boxes to draw over the photo.

One explainer per step (the explicit table EXPLAINERS); a step without one is shown as its evidence's keys
and values, so a new step is never hidden."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from storydesk.models import Verdict


@dataclass(frozen=True)
class Box:
    kind: str  # "sign" | "face"
    label: str
    x: int
    y: int
    width: int
    height: int


def _pct(value) -> str:
    return f"{float(value) * 100:.0f} %" if isinstance(value, (int, float)) else "?"


def _image_integrity(e: dict) -> list[str]:
    lines = [f"Photo {p.get('position', 0) + 1}: {p.get('format')} {p.get('width')}×{p.get('height')} px, "
             f"{p.get('bytes', 0) / 1024:.0f} kB, decodes completely." for p in e.get("photos", [])]
    return lines + ([f"Problem: {e['problem']}."] if e.get("problem") else [])


def _sign_check(e: dict) -> list[str]:
    tag = e.get("tag", "the sign tag")
    if e.get("found"):
        slip = " (one letter off — a handwriting or reading slip)" if e.get("edits") else ""
        return [f"Read “{e.get('text')}” on the sign{slip}, {_pct(e.get('confidence'))} sure."]
    read = ", ".join(f"“{r['text']}”" for r in e.get("read", [])[:12])
    return [f"No {tag} sign read" + (f"; the text read was {read}." if read else ": no text was read at all.")]


def _person_check(e: dict) -> list[str]:
    faces = e.get("faces", [])
    if faces:
        best = max(f.get("score", 0) for f in faces)
        return [f"{len(faces)} face{'s' if len(faces) != 1 else ''} found (best {_pct(best)}; "
                f"counted from {_pct(e.get('threshold'))})."]
    near = e.get("below_threshold", [])
    return ["No person found." + (f" The detector half saw {len(near)} face(s), best {_pct(near[0].get('score'))}, "
                                  "too unsure to count." if near else "")]


def _nudity_check(e: dict) -> list[str]:
    if e.get("unsafe"):
        return ["Exposed nudity: " + ", ".join(f"{u['class'].replace('_', ' ').lower()} {_pct(u['score'])}"
                                               for u in e["unsafe"]) + "."]
    if e.get("problem"):
        return [f"Not checked: {e['problem']}."]
    return ["Nothing unsafe found."]


def _text_check(e: dict) -> list[str]:
    length = f"{e.get('length', 0):,} characters"
    if isinstance(e.get("min_chars"), int) and isinstance(e.get("max_chars"), int):
        length += f" (the campaign asks for {e['min_chars']:,}–{e['max_chars']:,})"
    lines = [length + "."]
    language = e.get("language")
    if language and language != "und":
        how_sure = f" ({_pct(e.get('confidence'))} sure)." if e.get("confidence") else "."
        lines.append(f"Language: {language}" + how_sure)
    lines += [flag[0].upper() + flag[1:] + "." for flag in e.get("flags", [])]
    if not e.get("flags"):
        lines.append("No offensive words, personal data or spam signals found.")
    return lines


def _duplicate_check(e: dict) -> list[str]:
    lines = [f"The same photo as story {m['story']} ({m['distance']} of 64 bits differ)."
             for m in e.get("photo_matches", [])[:5]]
    lines += [f"{'The same words as' if m.get('kind') == 'exact' else 'Words very like those of'} story {m['story']}"
              f" ({_pct(m.get('cosine'))} alike)." for m in e.get("text_matches", [])[:5]]
    return lines or ["Not a repeat of any earlier story."]


def _theme_tagging(e: dict) -> list[str]:
    themes = e.get("themes", [])
    lines = ["Speaks to " + "; ".join(f"{t['name']} ({t['score']:.2f})" for t in themes) + "."] if themes else []
    return lines + ([e["problem"][0].upper() + e["problem"][1:] + "."] if e.get("problem") else [])


EXPLAINERS: dict[str, Callable[[dict], list[str]]] = {
    "image_integrity": _image_integrity,
    "sign_check": _sign_check,
    "person_check": _person_check,
    "nudity_check": _nudity_check,
    "text_check": _text_check,
    "duplicate_check": _duplicate_check,
    "theme_tagging": _theme_tagging,
}


def explain(verdict: Verdict) -> list[str]:
    evidence = verdict.evidence if isinstance(verdict.evidence, dict) else {}
    if "error" in evidence:
        return [f"The step crashed: {evidence['error']}"]
    explainer = EXPLAINERS.get(verdict.step)
    try:
        return explainer(evidence) if explainer else _plain(evidence)
    except (KeyError, TypeError, ValueError, AttributeError):
        return _plain(evidence)  # evidence of an older shape: shown as it is rather than hidden


def _plain(evidence: dict) -> list[str]:
    return [f"{key.replace('_', ' ')}: {value}" for key, value in evidence.items()]


def photo_boxes(verdicts) -> list[Box]:
    """The sign's box and the faces' boxes, in the lead photo's public-copy pixels (where screening found them)."""
    boxes = []
    for verdict in verdicts:
        evidence = verdict.evidence if isinstance(verdict.evidence, dict) else {}
        if verdict.step == "sign_check" and evidence.get("box"):
            boxes.append(_box("sign", f"sign: {evidence.get('text', '')}", evidence["box"]))
        if verdict.step == "person_check":
            for face in evidence.get("faces", []):
                boxes.append(_box("face", f"face {_pct(face.get('score'))}", face.get("box")))
    return [b for b in boxes if b is not None]


def _box(kind: str, label: str, coords) -> Box | None:
    try:
        x0, y0, x1, y1 = (int(round(float(c))) for c in coords)
    except (TypeError, ValueError):
        return None
    if x1 <= x0 or y1 <= y0:
        return None
    return Box(kind, label, x0, y0, x1 - x0, y1 - y0)
