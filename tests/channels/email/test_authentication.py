"""A sender is proven only by our own server's verdict: the topmost Authentication-Results naming us, with DMARC
passed for the From domain or a DKIM pass signed by that domain."""
from __future__ import annotations

import pytest

from storydesk.channels.email import headers
from storydesk.channels.email.authentication import parse_results, sender_verified

OURS = "mx.heforshe.example"


def message(*results: str, sender: str = "Ama Owusu <ama@mail.example.org>") -> bytes:
    lines = "".join(f"Authentication-Results: {r}\n" for r in results)
    return (f"Received: from mail.example.org by {OURS}\n{lines}From: {sender}\nTo: stories@heforshe.example\n"
            "Subject: photo\nMessage-ID: <a@example.org>\n\nhello\n").encode()


def verified(raw: bytes, authserv_id: str = OURS) -> bool:
    msg = headers.read_message(raw)
    return sender_verified(msg, headers.sender(msg)[1], authserv_id)


@pytest.mark.parametrize("result", [
    f"{OURS}; dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=mail.example.org",
    f"{OURS}; dkim=pass (2048-bit key; unprotected) header.d=mail.example.org header.s=s1 header.b=AbC",
    f"{OURS}; dkim=pass header.d=example.org",  # a parent domain's signature is aligned (relaxed)
    f"{OURS.upper()} 1;\n\tspf=pass smtp.mailfrom=x.example;\n\tdkim=pass header.i=@mail.example.org "
    "header.d=mail.example.org",
    f"{OURS}; dkim=fail header.d=elsewhere.example; dkim=pass header.d=mail.example.org",
])
def test_our_servers_pass_proves_the_sender(result):
    assert verified(message(result))


@pytest.mark.parametrize("results", [
    pytest.param((), id="no verdict"),
    pytest.param(("mx.elsewhere.example; dmarc=pass header.from=mail.example.org",), id="another server"),
    pytest.param((f"{OURS}; dmarc=fail header.from=mail.example.org",), id="dmarc failed"),
    pytest.param((f"{OURS}; dmarc=pass header.from=attacker.example",), id="dmarc for another domain"),
    pytest.param((f"{OURS}; dmarc=pass",), id="dmarc without the domain"),
    pytest.param((f"{OURS}; dkim=pass header.d=attacker.example",), id="dkim by another domain"),
    pytest.param((f"{OURS}; dkim=pass header.d=sub.mail.example.org",), id="dkim by a subdomain"),
    pytest.param((f"{OURS}; dkim=pass header.d=ample.org",), id="dkim by a suffix that is not a parent"),
    pytest.param((f"{OURS}; spf=pass smtp.mailfrom=mail.example.org",), id="spf alone"),
    pytest.param((f"{OURS}; none",), id="none"),
    pytest.param((f"{OURS}; dmarc=fail header.from=mail.example.org",
                  f"{OURS}; dmarc=pass header.from=mail.example.org"), id="a pass below ours, forged"),
    pytest.param((f"{OURS}; dkim=pass header.d=attacker.example "
                  'header.i="x;dmarc=pass header.from=mail.example.org"@attacker.example',), id="quoted injection"),
    pytest.param((f"{OURS}; dkim=pass (header.d=mail.example.org) header.d=attacker.example",), id="comment"),
])
def test_anything_else_proves_nothing(results):
    assert not verified(message(*results))


def test_nothing_is_proven_when_our_server_is_not_named():
    assert not verified(message(f"{OURS}; dmarc=pass header.from=mail.example.org"), authserv_id="")


def test_a_message_with_two_from_addresses_is_not_proven():
    result = f"{OURS}; dmarc=pass header.from=mail.example.org"
    assert not verified(message(result, sender="ama@mail.example.org, boss@mail.example.org"))
    raw = message(result).replace(b"From: ", b"From: other@attacker.example\nFrom: ", 1)
    assert not verified(raw)


def test_the_verdict_is_read_past_comments_and_versions():
    server, results = parse_results(f"{OURS} 1; (all good) dkim/1=pass (ok (really)) header.d=Example.ORG; "
                                    'dmarc=pass reason="a; b" header.from=example.org')
    assert server == OURS
    assert [(r.method, r.result, r.properties) for r in results] == [
        ("dkim", "pass", {"header.d": "example.org"}),
        ("dmarc", "pass", {"reason": "a; b", "header.from": "example.org"})]
