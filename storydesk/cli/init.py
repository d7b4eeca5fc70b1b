"""Prepare a desk: database, cache table, static files, campaign, roles, first admin."""
import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from storydesk.actions.base import Actor
from storydesk.actions.campaign import load_campaign
from storydesk.actions.staff import create_staff, ensure_roles

HELP = "create or upgrade the database, load the campaign and create the first admin"


def add_arguments(parser) -> None:
    parser.add_argument("--campaign", help="campaign TOML file (default: STORYDESK_CAMPAIGN or the bundled one)")
    parser.add_argument("--quiet", action="store_true")


def handle(args) -> int:
    init_desk(campaign_path=args.campaign, verbose=not args.quiet)
    return 0


def init_desk(campaign_path: str | None = None, verbose: bool = True) -> str | None:
    """Idempotent. Returns the first admin's password when it was just created (shown once)."""
    call_command("migrate", interactive=False, verbosity=0)
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    campaign = load_campaign(campaign_path)
    ensure_roles()
    password = _first_admin()
    if verbose:
        print(f"Database ready: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
              f" {settings.DATABASES['default']['NAME']}")
        print(f"Campaign: {campaign.name} ({campaign.slug})")
        if password:
            print("\nFirst admin account (shown only this once — write it down):")
            print("  username: admin")
            print(f"  password: {password}\n")
    return password


def _first_admin() -> str | None:
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12)
    create_staff(username="admin", password=password, role="admin", actor=Actor.cli())
    return password
