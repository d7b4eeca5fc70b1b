"""Everything storydesk holds about one contributor, found by e-mail or social handle: export it as a zip
(data.json and their photos), or erase it. Both are audited; erasing asks for --yes."""
from __future__ import annotations

import os
import sys

from storydesk.actions.base import Actor
from storydesk.actions.erasure import erase_contributor
from storydesk.actions.guards import Refused
from storydesk.exports.contributor import write_contributor_zip
from storydesk.models import Contributor
from storydesk.plural import counted

HELP = ("a contributor's data, by --email or --handle: export it (--out FILE.zip: data.json and their photos) "
        "or erase it (--yes)")


def add_arguments(parser) -> None:
    parser.add_argument("what", choices=("export", "erase"))
    parser.add_argument("--email", default="", help="the contributor's e-mail address")
    parser.add_argument("--handle", default="", help="the contributor's social handle (with or without @)")
    parser.add_argument("--out", help="export: the zip file to write")
    parser.add_argument("--yes", action="store_true",
                        help="erase: yes, withdraw and erase every story of theirs now (it can't be undone)")


def handle(args) -> int:
    if not args.email.strip() and not args.handle.strip():
        print("Say whose data: --email ADDRESS or --handle NAME.", file=sys.stderr)
        return 2
    contributors = list(Contributor.matching(email=args.email, handle=args.handle))
    if not contributors:
        print("Nobody with that e-mail address or handle: storydesk holds nothing about them.", file=sys.stderr)
        return 1
    stories = sum(c.stories.count() for c in contributors)
    if args.what == "export":
        return _export(args, contributors)
    if not args.yes:
        print(f"This withdraws and erases {counted(stories, 'story')} of "
              f"{counted(len(contributors), 'contributor record')}, with "
              "their photos, at once; it can't be undone. Run it again with --yes to do it.", file=sys.stderr)
        return 2
    try:
        done = erase_contributor(contributors, actor=Actor.cli(), via="erasure request (cli)")
    except Refused as refused:
        print(str(refused), file=sys.stderr)
        return 1
    print(f"Erased {counted(len(done.stories), 'story')} and {counted(done.files, 'file')} of "
          f"{counted(done.contributors, 'contributor record')}. The audit trail says when, without naming them.")
    return 0


def _export(args, contributors) -> int:
    if not args.out:
        print("Say where to write the zip: --out FILE.zip", file=sys.stderr)
        return 2
    # Only the operator may read it: it holds a person's e-mail address and photos.
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        done = write_contributor_zip(contributors, out, actor=Actor.cli(), via="cli")
    print(f"Wrote {args.out}: {counted(done.stories, 'story')} and {counted(done.files, 'photo file')} of "
          f"{counted(done.contributors, 'contributor record')}.")
    return 0
