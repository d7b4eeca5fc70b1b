"""Create (or update) a staff account with a role; the password is asked for, or read from standard input."""
import getpass
import sys

from django.core.exceptions import ValidationError

from storydesk.actions.base import ROLES, Actor
from storydesk.actions.staff import create_staff

HELP = "create a staff account: --role admin|manager|moderator|viewer --username U (asks for the password)"


def add_arguments(parser) -> None:
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--username", required=True)
    source = parser.add_mutually_exclusive_group()
    source.add_argument("--password-stdin", action="store_true",
                        help="read the password from the first line of standard input")
    source.add_argument("--password", help="other users of this machine may see it: prefer the prompt or "
                                           "--password-stdin")
    parser.add_argument("--email", default="")


def _password(args) -> str | None:
    if args.password is not None:
        return args.password
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass(f"Password for {args.username}: ")
    return first if getpass.getpass("The same again: ") == first else ""


def handle(args) -> int:
    password = _password(args)
    if not password:
        print(f"Could not create {args.username}: no password given (or the two didn't match). Run it on a "
              "terminal to be asked, or pass --password-stdin and send the password on standard input.")
        return 2
    try:
        user, created = create_staff(username=args.username, password=password, role=args.role,
                                     email=args.email, actor=Actor.cli())
    except ValidationError as invalid:
        print(f"Could not create {args.username}: {' '.join(invalid.messages)}")
        return 2
    print(f"{'Created' if created else 'Updated'} {args.role} account {user.get_username()!r}.")
    return 0
