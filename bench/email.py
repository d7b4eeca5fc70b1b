"""`storydesk bench email`: messages per second from a real IMAP inbox, and memory as the inbox grows.

For each inbox size (default 100, then 1,000 messages), Gmail-shaped messages with a ~2 MB photo are
appended to a throwaway Dovecot; one poll then reads them all into a throwaway desk, in a fresh process
whose peak RSS is its own. Replies go to a local SMTP sink, as they would go to a real server.
Flat memory means the peak is the same for 100 messages as for 1,000: one message is in memory at a time.
"""
from __future__ import annotations

import os
import time
from dataclasses import dataclass

from bench.files import forget_photos
from bench.memory import run_alone

# Only the standard library up here: the ingesting process imports this module before Django is set up.
_VARIANTS = 4  # distinct photos, reused round-robin (each message still has its own Message-ID)


@dataclass(frozen=True)
class Sample:
    read: int
    seconds: float
    rss_mb: float
    peak_rss_mb: float


def run_email_bench(*, sizes: list[int], photo_mb: float = 2.0, batch_size: int = 25, every: int = 100,
                    processes: list[int] | None = None, report=print) -> dict:
    """`processes`: STORYDESK_INTAKE_PROCESSES values to compare, each on an inbox of its own (0: one per core)."""
    from storydesk.cli.init import init_desk
    from tests.support.mailserver import SmtpSink, ThrowawayDovecot

    init_desk(verbose=False)
    report(f"Generating {_VARIANTS} photos of about {photo_mb:g} MB …")
    templates = [_message_template(_photo(i, photo_mb), i) for i in range(_VARIANTS)]
    processes = processes or [0]
    server, sink = ThrowawayDovecot.start(accounts=len(sizes) * len(processes)), SmtpSink.start()
    os.environ.update({  # the ingesting process reads its settings from the environment, like a real desk
        "STORYDESK_SMTP_HOST": "127.0.0.1", "STORYDESK_SMTP_PORT": str(sink.port),
        "STORYDESK_FROM_EMAIL": "HeForShe <stories@heforshe.example>",
        "STORYDESK_IMAP_HOST": "127.0.0.1", "STORYDESK_IMAP_PORT": str(server.port),
        "STORYDESK_IMAP_SECURITY": "none", "STORYDESK_IMAP_BATCH_SIZE": str(batch_size),
    })
    results: dict = {"photo_bytes": len(templates[0][1]), "message_bytes": len(templates[0][0]),
                     "batch_size": batch_size, "runs": []}
    try:
        for size in sizes:
            for count in processes:
                user, password = server.new_account()
                report(f"Appending {size} messages ({size * len(templates[0][0]) / 1e9:.1f} GB) to a throwaway "
                       "Dovecot …")
                appended = _append(server.port, user, password, templates, size,
                                   offset=sum(r["messages"] for r in results["runs"]))
                report(f"Reading {size} messages in a fresh process, STORYDESK_INTAKE_PROCESSES={count} …")
                os.environ["STORYDESK_INTAKE_PROCESSES"] = str(count)
                run = _ingest_in_fresh_process(user, password, every)
                run.update(messages=size, processes=count or os.cpu_count(), append_seconds=round(appended, 1),
                           replies_received=len(sink.received()))
                sink.clear()
                results["runs"].append(run)
                report(f"  {size} messages, {run['processes']} processes: {run['messages_per_s']:.2f} messages/s, "
                       f"peak RSS {run['peak_rss_mb']:.0f} MB (+ {run['pool_peak_rss_mb']:.0f} MB in the pool)")
    finally:
        sink.stop()
        server.remove()
        forget_photos()
    _print(results, report)
    return results


def _photo(variant: int, megabytes: float) -> bytes:
    """A phone-sized JPEG of a person with a sign, with sensor-like grain so it weighs what phone photos weigh."""
    from bench.grainy import grainy_photo, jpeg_at_most

    return jpeg_at_most(grainy_photo(variant, (2448, 3264), grain=9), megabytes * 1024 * 1024, 50, 95)


def _message_template(photo: bytes, variant: int) -> tuple[bytes, bytes]:
    import base64

    body = (
        "MIME-Version: 1.0\r\nFrom: Bench Sender {n} <sender{sender}@bench.example>\r\n"
        "Date: Mon, 2 Mar 2020 10:15:49 +0000\r\nMessage-ID: <bench-{n}@bench.example>\r\n"
        "Subject: My #HeForShe story\r\nTo: stories@heforshe.example\r\n"
        "Content-Type: multipart/mixed; boundary=\"000000000000b5c1a9059fdc4a1e\"\r\n\r\n"
        "--000000000000b5c1a9059fdc4a1e\r\nContent-Type: text/plain; charset=\"UTF-8\"\r\n\r\n"
        f"Equality matters to me because every child deserves the same chances. (photo {variant})\r\n\r\n"
        "--000000000000b5c1a9059fdc4a1e\r\nContent-Type: image/jpeg; name=\"IMG_{n}.jpg\"\r\n"
        "Content-Disposition: attachment; filename=\"IMG_{n}.jpg\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
    ).encode()
    encoded = base64.encodebytes(photo).replace(b"\n", b"\r\n")
    return body + encoded + b"--000000000000b5c1a9059fdc4a1e--\r\n", photo


def _append(port: int, user: str, password: str, templates, count: int, offset: int) -> float:
    from imap_tools import MailBoxUnencrypted

    started = time.perf_counter()
    with MailBoxUnencrypted("127.0.0.1", port).login(user, password) as box:
        for i in range(count):
            n = offset + i
            template = templates[n % len(templates)][0]
            head, rest = template.split(b"\r\n\r\n", 1)
            head = head.replace(b"{n}", str(n).encode()).replace(b"{sender}", str(n % 200).encode())
            rest = rest.replace(b"{n}", str(n).encode(), 2)
            box.append(head + b"\r\n\r\n" + rest, "INBOX")
    return time.perf_counter() - started


def _ingest_in_fresh_process(user: str, password: str, every: int) -> dict:
    from django.db import connections

    connections.close_all()
    os.environ.update({"STORYDESK_IMAP_USER": user, "STORYDESK_IMAP_PASSWORD": password})
    return run_alone(_ingest, every)  # its own interpreter: its peak RSS is the poll's alone


def _ingest(queue, every: int) -> None:
    try:
        import django

        django.setup()
        queue.put(_poll_and_sample(every))
    except BaseException as error:  # report it to the parent instead of leaving it waiting
        import traceback

        queue.put({"error": "".join(traceback.format_exception(error))})


def _poll_and_sample(every: int) -> dict:
    from storydesk.actions.base import Actor
    from storydesk.actions.campaign import current_campaign
    from storydesk.channels.email.poll import poll_inbox
    from storydesk.models import MailMessage, Story

    campaign = current_campaign()
    rss_before = _rss_mb()
    samples: list[Sample] = []
    read = [0]
    started = time.perf_counter()

    def sample(_result) -> None:
        read[0] += 1
        if read[0] % every == 0:
            samples.append(Sample(read[0], round(time.perf_counter() - started, 1), _rss_mb(), _peak_rss_mb()))

    report = poll_inbox(campaign=campaign, actor=Actor.cli(), on_result=sample)
    elapsed = time.perf_counter() - started
    return {
        "seconds": round(elapsed, 1), "messages_per_s": round(report.read / elapsed, 2),
        "processed": report.processed, "failed": report.failed, "interrupted": report.interrupted,
        "stories_total": Story.objects.count(), "mail_records_total": MailMessage.objects.count(),
        "rss_after_setup_mb": rss_before, "peak_rss_mb": _peak_rss_mb(), "pool_peak_rss_mb": _children_peak_mb(),
        "samples": [s.__dict__ for s in samples],
    }


def _rss_mb() -> float:
    from bench.memory import rss_mb

    return rss_mb()


def _peak_rss_mb() -> float:
    from bench.memory import peak_rss_mb

    return peak_rss_mb()


def _children_peak_mb() -> float:
    """The largest peak RSS of one pool process that has ended (getrusage keeps the largest child's)."""
    import resource

    return round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1)


def _print(results: dict, report) -> None:
    report("")
    report(f"photo {results['photo_bytes'] / 1024 / 1024:.2f} MB, message "
           f"{results['message_bytes'] / 1024 / 1024:.2f} MB (base64), IMAP batch {results['batch_size']}")
    report("| inbox | processes | messages/s | seconds | RSS after setup | peak RSS | peak RSS of a pool process |")
    report("|---:|---:|---:|---:|---:|---:|---:|")
    for run in results["runs"]:
        report(f"| {run['messages']} | {run['processes']} | {run['messages_per_s']:.2f} | {run['seconds']:.0f} | "
               f"{run['rss_after_setup_mb']:.0f} MB | {run['peak_rss_mb']:.0f} MB | {run['pool_peak_rss_mb']:.0f} MB |")
    largest = results["runs"][-1]
    if largest["samples"]:
        report("")
        report(f"While reading the {largest['messages']}-message inbox:")
        report("| read | seconds | RSS | peak RSS so far |")
        report("|---:|---:|---:|---:|")
        for s in largest["samples"]:
            report(f"| {s['read']} | {s['seconds']:.0f} | {s['rss_mb']:.0f} MB | {s['peak_rss_mb']:.0f} MB |")
