"""The photo shows the campaign's sign: OCR reads the photo and looks for the sign tag (#HeForShe).

Matching is per OCR token (a recognised line split on whitespace), ignoring case and '#', within one
edit of the tag, so a handwriting slip ("#HeFurShe") still counts. A one-letter tolerance must not turn
an OCR slip on a decoy into a match ("#SheForHe" read "#HeForHe" is one edit from both), so a token
one edit from the tag counts only when it is read with NEAR_MATCH_CONFIDENCE and is not also within
one edit of a decoy: the tag's words in reverse order, plus any decoys the campaign lists.

A token that holds the whole tag and more ("#HeForShee", "#HeForShes") is a longer word, not a slip: the
one-letter tolerance is for a letter misread or missed, never for a word the tag is part of. (Without this
rule, 7 of the 37 photos without the tag in the field photos' tune half matched: all their #HeForShee signs.)

Two looks: the first reads the photo at OCR's usual size; only when it finds no tag does a second, closer look
read again the regions the first saw text in (ocr.read_closer), so the usual photo costs one read. The same
rules judge both looks' tokens; the evidence says which look found the tag.

Outcome: pass when found (score = OCR confidence), flag when not found (a human looks). Never fail.
"""
from __future__ import annotations

import re

from storydesk.screening.evidence import ReadText, SignEvidence
from storydesk.screening.ml import ocr
from storydesk.screening.result import StepResult

name = "sign_check"

# One-letter slips on real signs read at 0.86-0.98 in the labelled set; below 0.8 the OCR was guessing.
NEAR_MATCH_CONFIDENCE = 0.8
MAX_EDITS = 1
MAX_TOKENS_IN_EVIDENCE = 40
# Quotes, dots and dashes that OCR adds around a word; the '#' is dropped everywhere.
_EDGE_PUNCTUATION = "\"'`.,;:!?()[]{}<>-_~*|/\\"
_CAMEL_WORD = re.compile(r"[A-Z]+[a-z0-9]*|[a-z0-9]+")


def load() -> None:
    """Load the OCR models (a worker calls this once at start-up)."""
    ocr.reader()


def check(ctx) -> StepResult:
    tag = ctx.campaign.sign_tag
    if ctx.public_image is None:
        return StepResult("flag", 0.0, SignEvidence(tag=tag, problem="no photo to read"))
    image = ctx.image_array if ctx.image_array is not None else ctx.public_image
    decoys = decoys_for(tag, getattr(ctx.campaign, "sign_decoys", ()))
    first = ocr.read_text(image)
    read, match = judge(first, tag, decoys)
    look = "first"
    if not match and first:
        look = "second"
        closer, match = judge(ocr.read_closer(image, first), tag, decoys)
        read = _once(read + closer)
    read = read[:MAX_TOKENS_IN_EVIDENCE]
    if not match:
        problem = "no sign text read" if not read else f"no {tag} sign read"
        return StepResult("flag", 0.0, SignEvidence(read=read, tag=tag, problem=problem, look=look))
    evidence = SignEvidence(read=read, tag=tag, look=look, **match)
    return StepResult("pass", evidence.confidence, evidence)


def judge(lines: list[ocr.TextBox], tag: str, decoys=()) -> tuple[tuple[ReadText, ...], dict]:
    """The words read (lines read at least ocr.MIN_CONFIDENCE), and the best match among them: fewest edits,
    then the surest reading ({} when none counts)."""
    best: tuple[int, float] | None = None
    match: dict = {}
    read = []
    for line in lines:
        if line.confidence < ocr.MIN_CONFIDENCE:
            continue
        for text, start, end in tokens(line.text):
            read.append(ReadText(text, round(line.confidence, 4)))
            edits = match_token(text, tag, line.confidence, decoys)
            if edits is None or (best is not None and (edits, -line.confidence) >= best):
                continue
            best = (edits, -line.confidence)
            match = dict(found=True, text=text, confidence=round(line.confidence, 4), edits=edits,
                         box=tuple(token_box(line, start, end)))
    return tuple(read), match


def _once(read: tuple[ReadText, ...]) -> tuple[ReadText, ...]:
    """Each word read once (both looks often read it), at its surest reading, in the order first read."""
    best: dict[str, ReadText] = {}
    for r in read:
        if r.text not in best or r.confidence > best[r.text].confidence:
            best[r.text] = r
    return tuple(best.values())


# --- matching -------------------------------------------------------------------------------------

def normalise(token: str) -> str:
    """Case-folded, without '#' and without the punctuation OCR puts around words."""
    return token.replace("#", "").strip(_EDGE_PUNCTUATION).casefold()


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance: insertions, deletions and substitutions, one each."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char_a != char_b)))
        previous = current
    return previous[-1]


def decoys_for(tag: str, listed=()) -> tuple[str, ...]:
    """Signs that look like the tag but say something else: the tag's words reversed, and listed ones."""
    words = _CAMEL_WORD.findall(tag.replace("#", ""))
    reversed_words = "".join(reversed(words)) if len(words) > 1 else ""
    candidates = [reversed_words, *listed]
    target = normalise(tag)
    return tuple(dict.fromkeys(d for d in map(normalise, candidates) if d and d != target))


def match_token(token: str, tag: str, confidence: float = 1.0, decoys=()) -> int | None:
    """How many edits the token is from the tag when it counts as the tag (0 or 1), else None."""
    text, target = normalise(token), normalise(tag)
    if not text or not target or abs(len(text) - len(target)) > MAX_EDITS:
        return None
    if text == target:
        return 0
    if target in text:
        return None  # the tag and a letter more: a longer word (#HeForShee), not a slip
    normalised_decoys = [normalise(d) for d in decoys]
    if text in normalised_decoys:
        return None
    if edit_distance(text, target) > MAX_EDITS or confidence < NEAR_MATCH_CONFIDENCE:
        return None
    # One slip from a decoy as well: as likely a misread decoy as a misread tag.
    if any(edit_distance(text, decoy) <= MAX_EDITS for decoy in normalised_decoys):
        return None
    return 1


def tokens(line: str) -> list[tuple[str, int, int]]:
    """The whitespace-separated tokens of a line with their character spans."""
    return [(m.group(), m.start(), m.end()) for m in re.finditer(r"\S+", line)]


def token_box(line: ocr.TextBox, start: int, end: int) -> tuple[int, int, int, int]:
    """The token's part of the line's box, by its share of the characters (OCR boxes whole lines)."""
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = line.quad[:4]  # top-left, top-right, bottom-right, bottom-left
    length = max(len(line.text), 1)
    a, b = start / length, end / length
    points = [(x0 + (x1 - x0) * t, y0 + (y1 - y0) * t) for t in (a, b)]
    points += [(x3 + (x2 - x3) * t, y3 + (y2 - y3) * t) for t in (a, b)]
    xs, ys = [x for x, _ in points], [y for _, y in points]
    return round(min(xs)), round(min(ys)), round(max(xs)), round(max(ys))
