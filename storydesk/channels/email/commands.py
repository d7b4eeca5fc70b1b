"""`storydesk ingest imap | eml FILE… | mbox FILE`: mail in, with a progress bar and a summary line."""
from __future__ import annotations

import sys

from tqdm import tqdm

from storydesk.actions.base import Actor
from storydesk.actions.campaign import current_campaign
from storydesk.channels.email.files import eml_messages, mbox_messages
from storydesk.channels.email.imap import ImapProblem, ImapSettings
from storydesk.channels.email.poll import POLL_LOCK, poll_inbox
from storydesk.channels.email.receive import prepared_ahead, receive_mail
from storydesk.channels.poll_lease import PollRunning, poll_lease
from storydesk.channels.progress import Progress
from storydesk.plural import counted, plural


def ingest_mail(args) -> int:
    if args.source == "imap":
        return _imap(limit=args.limit, folder=args.folder)
    paths = args.files if args.source == "eml" else [args.file]
    missing = [p for p in paths if not p.is_file()]
    if missing:
        print(f"No file at {', '.join(map(str, missing))}.", file=sys.stderr)
        return 2
    if args.source == "eml":
        return _files(eml_messages(paths), Progress(desc="reading mail", unit="msg", total=len(paths)),
                      total=len(paths))
    # An mbox's messages aren't counted first (it may be many GB): the bar runs over its bytes.
    progress = Progress(desc="reading mail", unit="msg", total_bytes=paths[0].stat().st_size)
    return _files(mbox_messages(paths[0]), progress, total=None)


def _imap(*, limit: int | None, folder: str | None) -> int:
    config = ImapSettings.from_settings(folder=folder)
    if not config.configured:
        print("No inbox configured: set STORYDESK_IMAP_HOST, STORYDESK_IMAP_USER and STORYDESK_IMAP_PASSWORD.",
              file=sys.stderr)
        return 2
    bar = tqdm(desc=f"reading {config.origin}", unit="msg", file=sys.stderr, disable=None)
    try:
        with poll_lease(POLL_LOCK) as renew:
            report = poll_inbox(campaign=current_campaign(), actor=Actor.cli(), config=config, limit=limit,
                                on_result=lambda result: bar.update(), renew=renew)
    except PollRunning:
        print("Another poll of the inbox is running; try again in a minute.", file=sys.stderr)
        return 1
    except ImapProblem as problem:
        print(f"Can't read the inbox: {problem}", file=sys.stderr)
        return 1
    finally:
        bar.close()
    print(report.summary() + ".")
    return 1 if report.interrupted or report.failed else 0


def _files(messages, progress: Progress, *, total: int | None) -> int:
    campaign, actor = current_campaign(), Actor.cli()
    counts = {"processed": 0, "ignored": 0, "failed": 0, "again": 0}
    with progress:
        # Parsed and checked ahead on every core; each committed here, in the file's order.
        for (_, raw), prepared in prepared_ahead(((None, raw) for raw in messages), campaign, total=total):
            result = receive_mail(raw, campaign=campaign, actor=actor, prepared=prepared)
            counts["again" if result.again else result.outcome] += 1
            if result.outcome == "failed" and not result.again:
                progress.bar.write(f"{raw.origin}: {result.detail}", file=sys.stdout)
            progress.advance(nbytes=len(raw.data))
    print(f"{counted(sum(counts.values()), 'message')} read: {counts['processed']} became or completed "
          f"{plural('story', counts['processed'])}, "
          f"{counts['ignored']} ignored, {counts['failed']} failed, {counts['again']} already known.")
    return 1 if counts["failed"] else 0
