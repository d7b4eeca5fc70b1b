"""Normalising what participants type, the same way on every channel (no storydesk imports)."""
import hashlib
import re
import unicodedata

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def clean_text(text: str) -> str:
    """NFC, no control or direction-override characters, trimmed lines, at most one blank line in a row."""
    text = _CONTROL.sub("", unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n")))
    lines = [line.strip() for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def answer_fingerprint(answer: str) -> str:
    """Case-, space- and punctuation-blind form of an answer, for spotting the same words again."""
    words = re.findall(r"\w+", unicodedata.normalize("NFKC", answer).casefold())
    return " ".join(words)


def upload_source_key(photo_bytes: bytes, answer: str) -> str:
    """Stable key of an upload: the same photo with the same words is the same submission."""
    digest = hashlib.sha256(photo_bytes)
    digest.update(b"\0" + answer_fingerprint(answer).encode())
    return digest.hexdigest()


def storable(value):
    """The value without NUL characters in any string, keys included: PostgreSQL refuses NUL in text and JSON,
    and a stranger's bytes (a header, a form field, a platform's JSON) may carry one."""
    if isinstance(value, str):
        return value.replace("\x00", "")
    if isinstance(value, dict):
        return {storable(k): storable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [storable(v) for v in value]
    return value
