"""Any Django management command (migrate, shell, …) for operators who need it."""
from django.core.management import execute_from_command_line

HELP = "run a Django management command, e.g. `storydesk manage migrate`"


def add_arguments(parser) -> None:
    parser.add_argument("django_command", nargs="?", default="help")


def handle(args) -> int:
    execute_from_command_line(["storydesk manage", args.django_command, *args.rest])
    return 0
