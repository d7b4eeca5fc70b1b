"""Create (or update) a staff account with a role."""
from django.core.exceptions import ValidationError

from storydesk.actions.base import ROLES, Actor
from storydesk.actions.staff import create_staff

HELP = "create a staff account: --role admin|manager|moderator|viewer --username U --password P"


def add_arguments(parser) -> None:
    parser.add_argument("--role", required=True, choices=ROLES)
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", required=True)
    parser.add_argument("--email", default="")


def handle(args) -> int:
    try:
        user, created = create_staff(username=args.username, password=args.password, role=args.role,
                                     email=args.email, actor=Actor.cli())
    except ValidationError as invalid:
        print(f"Could not create {args.username}: {' '.join(invalid.messages)}")
        return 2
    print(f"{'Created' if created else 'Updated'} {args.role} account {user.get_username()!r}.")
    return 0
