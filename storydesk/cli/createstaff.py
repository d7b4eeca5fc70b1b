"""Create (or update) a staff account with a role; the password is asked for, or read from standard input.

With --reset-password, only a new password for an existing account (and, with --reset-two-factor, no more
two-factor): the way back in for someone who forgot their password or lost their phone."""
import getpass
import sys

from django.core.exceptions import ValidationError

from storydesk.actions.base import ROLES, Actor
from storydesk.actions.staff import create_staff, reset_password

HELP = ("create a staff account: --role admin|manager|moderator|viewer --username U (asks for the password); "
        "or --reset-password [--reset-two-factor] --username U")


def add_arguments(parser) -> None:
    parser.add_argument("--role", choices=ROLES, help="needed to create an account or change its role")
    parser.add_argument("--reset-password", action="store_true",
                        help="set a new password for an existing account (its role stays as it is)")
    parser.add_argument("--reset-two-factor", action="store_true",
                        help="with --reset-password: also remove its authenticator app and backup codes "
                             "(an admin sets up a new one at the next log-in)")
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
    if args.reset_password == bool(args.role) or (args.reset_two_factor and not args.reset_password):
        print("Give either --role (to create or update an account) or --reset-password (a new password for an "
              "existing one; --reset-two-factor goes with it).")
        return 2
    password = _password(args)
    doing = "reset the password of" if args.reset_password else "create"
    if not password:
        print(f"Could not {doing} {args.username}: no password given (or the two didn't match). Run it on a "
              "terminal to be asked, or pass --password-stdin and send the password on standard input.")
        return 2
    if args.reset_password:
        return _reset(args, password)
    try:
        user, created = create_staff(username=args.username, password=password, role=args.role,
                                     email=args.email, actor=Actor.cli())
    except ValidationError as invalid:
        print(f"Could not create {args.username}: {' '.join(invalid.messages)}")
        return 2
    print(f"{'Created' if created else 'Updated'} {args.role} account {user.get_username()!r}.")
    return 0


def _reset(args, password: str) -> int:
    try:
        user, removed = reset_password(username=args.username, password=password, actor=Actor.cli(),
                                       reset_two_factor=args.reset_two_factor)
    except LookupError:
        print(f"Could not reset the password of {args.username}: there is no such account.")
        return 2
    except ValidationError as invalid:
        print(f"Could not reset the password of {args.username}: {' '.join(invalid.messages)}")
        return 2
    print(f"New password set for {user.get_username()!r}; their other sessions are logged out.")
    if removed:
        print("Their two-factor app and backup codes are removed" +
              (": they set up a new app at their next log-in." if user.is_superuser else "."))
    elif args.reset_two_factor:
        print("They had no two-factor set up.")
    return 0
