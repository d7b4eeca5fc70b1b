"""Is the From address proven? Our own mail server's verdict in Authentication-Results (RFC 8601) says so:
DMARC passed for the From domain, or a DKIM signature by the From domain (or a domain it belongs to) passed.

Only the topmost Authentication-Results header whose authserv-id is ours (STORYDESK_MAIL_AUTHSERV_ID) counts:
our server adds its header above those the message came with, so a lower one, even one naming us, may be forged.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from email.message import Message
from email.utils import getaddresses

_COMMENT = re.compile(r"\([^()]*\)")
_QUOTED = r'"(?:[^"\\]|\\.)*"'
# A result's pieces: ";" between results, name=value (the value maybe quoted), or a bare word.
_TOKEN = re.compile(rf'(;|[^\s;="]+=(?:{_QUOTED}|[^\s;"]*)|{_QUOTED}|[^\s;"]+)')


@dataclass(frozen=True)
class MethodResult:
    method: str  # dkim, dmarc, spf, …
    result: str  # pass, fail, none, …
    properties: dict[str, str] = field(default_factory=dict)  # "header.d" → "example.org"


def sender_verified(msg: Message, address: str, authserv_id: str) -> bool:
    """True when our server's verdict proves `address`, the message's one From address, is the sender's."""
    ours = authserv_id.strip().lower()
    if not ours or _from_addresses(msg) != [address.lower()] or "@" not in address:
        return False  # several From addresses: which one the server checked is unknown
    results = our_results(msg, ours)
    domain = address.rsplit("@", 1)[1].lower()
    return any(_proves(result, domain) for result in results)


def our_results(msg: Message, authserv_id: str) -> tuple[MethodResult, ...]:
    """The results in the topmost Authentication-Results header our server wrote; () when there is none."""
    for name, value in msg.raw_items():
        if name.lower() == "authentication-results":
            server, results = parse_results(str(value))
            if server == authserv_id:
                return results
    return ()


def parse_results(value: str) -> tuple[str, tuple[MethodResult, ...]]:
    """('mx.example.org', results) from 'mx.example.org 1; dkim=pass (good) header.d=example.org; …'."""
    text, previous = value, None
    while text != previous:  # comments nest: take them off from the innermost out
        previous, text = text, _COMMENT.sub(" ", text)
    statements: list[list[str]] = [[]]
    for token in _TOKEN.findall(text):
        if token == ";":
            statements.append([])
        else:
            statements[-1].append(token)
    head = statements[0]
    server = head[0].strip('"').lower() if head else ""
    results = []
    for tokens in statements[1:]:
        if not tokens or "=" not in tokens[0]:
            continue  # "none": no results
        method, result = tokens[0].split("=", 1)
        properties = {}
        for token in tokens[1:]:
            if "=" in token:
                name, _, item = token.partition("=")
                properties[name.lower()] = item.strip('"').lower()
        results.append(MethodResult(method.split("/", 1)[0].lower(), result.strip('"').lower(), properties))
    return server, tuple(results)


def _proves(result: MethodResult, domain: str) -> bool:
    if result.result != "pass":
        return False
    if result.method == "dmarc":
        return result.properties.get("header.from", "") == domain
    if result.method == "dkim":
        signer = result.properties.get("header.d", "").strip(".")
        return bool(signer) and (domain == signer or domain.endswith("." + signer))  # relaxed alignment
    return False  # spf proves the envelope sender, which the reader never sees


def _from_addresses(msg: Message) -> list[str]:
    values = [str(v) for k, v in msg.raw_items() if k.lower() == "from"]
    return [address.strip().lower() for _, address in getaddresses(values) if address.strip()]
