"""The participant's own words from a mail body: without quoted replies, forwarded-message headers,
signatures, phone footers or image placeholders that mail programs add."""
from __future__ import annotations

import re

from storydesk.text import clean_text

# "On Mon, 2 Mar 2020 at 10:15, Kofi <kofi@example.org> wrote:" and its cousins in other languages.
_REPLY_HEADERS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^on\b.{0,300}\bwrote:$",
    r"^le\b.{0,300}\ba écrit ?:$",
    r"^am\b.{0,300}\bschrieb\b.{0,200}:$",
    r"^el\b.{0,300}\bescribió ?:$",
    r"^em\b.{0,300}\bescreveu ?:$",
    r"^il giorno\b.{0,300}\bha scritto ?:$",
    r"^op\b.{0,300}\bschreef\b.{0,200}:$",
    r"^-{2,} ?original message ?-{2,}$",
))
_FORWARD_MARKERS = tuple(re.compile(p, re.IGNORECASE) for p in (
    r"^-{2,} ?forwarded message ?-{2,}$",  # Gmail, Thunderbird
    r"^begin forwarded message ?:$",  # Apple Mail
    r"^-{2,} ?(message transféré|mensaje reenviado|weitergeleitete nachricht|mensagem encaminhada) ?-{2,}$",
    r"^(début du message réexpédié|inicio del mensaje reenviado|anfang der weitergeleiteten nachricht) ?:$",
))
_HEADER_LINE = re.compile(
    r"^(from|to|cc|bcc|date|sent|subject|reply-to|de|para|à|objet|envoyé|von|an|betreff|datum|asunto"
    r"|enviado|fecha|assunto|data)\s*:", re.IGNORECASE)
_OUTLOOK_RULE = re.compile(r"^_{10,}$")
_PHONE_FOOTER = re.compile(
    r"^(sent from my \S.*|sent from (outlook|mail|yahoo mail)\b.*|get outlook for \S.*|sent via \S.*"
    r"|envoyé de mon \S.*|enviado desde mi \S.*|enviado do meu \S.*|von meinem \S.* gesendet\.?)$", re.IGNORECASE)
_IMAGE_PLACEHOLDER = re.compile(r"\[(?:image|cid|inline image)[: ][^\]\n]{0,300}\]", re.IGNORECASE)
_OBJECT_REPLACEMENT = "\ufffc"  # where Apple Mail's plain text had an inline picture
_LIST_ITEM = re.compile(r"^\s*([-*•]|\d+[.)])\s")
_WRAPPED_AT = 60  # a line this long followed by more text was most likely wrapped by the mail program


def clean_answer(text: str, *, skip_forwards_from: str = "") -> str:
    """The sender's own words, then the words of a message they forwarded (its header block removed).

    A forwarded message whose header block names `skip_forwards_from` (the desk's own address) is left out:
    that is our own reply coming back, not the participant's story.
    """
    text = _IMAGE_PLACEHOLDER.sub("", text.replace("\r\n", "\n").replace("\r", "\n").replace(_OBJECT_REPLACEMENT, ""))
    own, header, forwarded = _split_forward(text.split("\n"))
    if skip_forwards_from and any(skip_forwards_from.lower() in line.lower() for line in header):
        forwarded = []
    return "\n\n".join(words for words in (_own_words(own), _own_words(forwarded)) if words)


def unwrap_plain(text: str) -> str:
    """Join the lines a mail program wrapped (format=flowed soft breaks, or ~72-column hard wraps) back
    into paragraphs, so a caption doesn't break mid-sentence. Quotes, lists and short lines stay as they are."""
    out: list[str] = []
    for line in text.replace("\r\n", "\n").split("\n"):
        if out and _continues(out[-1], line):
            out[-1] = out[-1].rstrip() + " " + line.strip()
        else:
            out.append(line)
    return "\n".join(out)


def _continues(previous: str, line: str) -> bool:
    if not line.strip() or not previous.strip() or previous == "-- " or line.startswith((">", "-- ")):
        return False
    if previous.lstrip().startswith(">") or _LIST_ITEM.match(line):
        return False
    return previous.endswith(" ") or len(previous.rstrip()) >= _WRAPPED_AT


def _own_words(lines: list[str]) -> str:
    lines = _cut_signature(_cut_at_reply_header(lines))
    lines = [line for line in lines if not line.lstrip().startswith(">")]
    while lines and (not lines[-1].strip() or _PHONE_FOOTER.match(lines[-1].strip())):
        lines.pop()
    return clean_text("\n".join(lines))


def _split_forward(lines: list[str]) -> tuple[list[str], list[str], list[str]]:
    """(the sender's lines above a forward marker, the forwarded header block, the forwarded body)."""
    for i, line in enumerate(lines):
        if any(marker.match(line.strip()) for marker in _FORWARD_MARKERS):
            rest = [_unquote_once(line) for line in lines[i + 1:]]  # Apple Mail quotes forwarded text
            end = _header_block_end(rest)
            return lines[:i], rest[:end], rest[end:]
    return lines, [], []


def _unquote_once(line: str) -> str:
    return line[2:] if line.startswith("> ") else line[1:] if line.startswith(">") else line


def _header_block_end(lines: list[str]) -> int:
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    seen_header = False
    while i < len(lines) and (_HEADER_LINE.match(lines[i].strip())
                              or (seen_header and lines[i][:1] in (" ", "\t") and lines[i].strip())):
        seen_header = True
        i += 1
    return i


def _cut_at_reply_header(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        here = line.strip()
        joined = f"{here} {lines[i + 1].strip()}" if i + 1 < len(lines) else here  # Gmail wraps long ones
        if any(p.match(here) or p.match(joined) for p in _REPLY_HEADERS):
            return lines[:i]
        if (_OUTLOOK_RULE.match(here) or _HEADER_LINE.match(here)) and _quoted_header_follows(lines, i):
            return lines[:i]
    return lines


def _quoted_header_follows(lines: list[str], i: int) -> bool:
    """Outlook quotes with a rule or a bare 'From:' line followed by 'Sent:'/'Date:'/'To:' lines."""
    following = [line.strip() for line in lines[i:i + 7] if line.strip()]
    if following and _OUTLOOK_RULE.match(following[0]):
        following = following[1:]
    starts = following[:4]
    return bool(starts) and bool(_HEADER_LINE.match(starts[0])) and sum(map(bool, map(_HEADER_LINE.match, starts))) >= 2


def _cut_signature(lines: list[str]) -> list[str]:
    for i, line in enumerate(lines):
        if line.rstrip() == "--" or line == "-- ":
            return lines[:i]
    return lines


# What people write around a photo they send without an answer: a greeting, a sign-off, their name.
_SIGN_OFF = re.compile(
    r"^(hi|hello|hey|dear [^\n]{0,40}|bonjour|hola|olá|ola|hallo|salut|greetings|"
    r"thanks|thank you|many thanks|thx|cheers|best|regards|best regards|kind regards|warm regards|"
    r"all the best|sincerely|yours|love|merci|merci beaucoup|cordialement|bien à vous|amitiés|gracias|"
    r"saludos|un saludo|obrigado|obrigada|abraços|atenciosamente|danke|grüße|viele grüße|"
    r"here it is|here you go|see attached|photo attached|attached|(my |the )?(photo|picture|pic|selfie))"
    r"[\s,.!:;-]*$", re.IGNORECASE)
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_'’.-]*(?:['’.-][^\W\d_]+)*\.?$")


def says_nothing(answer: str, sender_name: str = "") -> bool:
    """True when what is left of a mail body is no answer at all: only greetings, sign-offs and a name
    (the sender's, or two or three capitalised words on a line of their own), as a photo sent from a phone has."""
    own = {word.lower().strip(",.") for word in sender_name.replace(",", " ").split()}
    for line in answer.splitlines():
        line = line.strip().rstrip(",.!")
        if not line or _SIGN_OFF.match(line) or _PHONE_FOOTER.match(line):
            continue
        words = re.split(r"[\s,]+", line)
        # "Thanks, Kofi" / "Thank you Kofi": a sign-off, then a name
        start = next((n for n in range(len(words), 0, -1) if _SIGN_OFF.match(" ".join(words[:n]))), 0)
        words = words[start:]
        if not words or not _is_name(words, own):
            return False
    return True


def _is_name(words: list[str], own: set[str]) -> bool:
    if not all(_NAME_WORD.match(word) for word in words):
        return False
    if all(word.lower().strip(".") in own for word in words):
        return True
    return len(words) <= 3 and all(word[0].isupper() for word in words)
