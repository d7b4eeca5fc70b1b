"""Prepare a desk: database, cache table, static files, campaign, roles, first admin.

The first admin's password is shown once on a terminal, and never otherwise: when the output goes to a log
(a service manager, a pipe), the admin is made without one, and the operator sets it with createstaff."""
import secrets
import sys

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command

from storydesk.actions.base import Actor
from storydesk.actions.campaign import DATED_COPY, load_campaign
from storydesk.actions.campaign_dates import DatedCopy, dated_copy_offered, start_campaign_year
from storydesk.actions.guards import Refused
from storydesk.actions.staff import create_staff, ensure_roles
from storydesk.catalogues import compile_catalogues
from storydesk.demo import load_demo_stories
from storydesk.models import Campaign

HELP = "create or upgrade the database, load the campaign and create the first admin"


def add_arguments(parser) -> None:
    parser.add_argument("--campaign", help="campaign TOML file (default: STORYDESK_CAMPAIGN or the bundled one)")
    parser.add_argument("--demo", action="store_true",
                        help="to try the desk: load sample stories and, when the bundled campaign's dates are "
                             "past, run a copy of it whose year starts today (written to the home folder)")
    parser.add_argument("--real-dates", action="store_true",
                        help="put the bundled campaign's real dates back after a dated copy moved them (audited); "
                             "without it, init keeps the moved dates the database holds")
    parser.add_argument("--quiet", action="store_true")


def handle(args) -> int:
    init_desk(campaign_path=args.campaign, verbose=not args.quiet, demo=args.demo, real_dates=args.real_dates)
    return 0


def init_desk(campaign_path: str | None = None, verbose: bool = True, demo: bool = False,
              real_dates: bool = False) -> str | None:
    """Idempotent. Returns the first admin's password when it was just created (shown once)."""
    compile_catalogues()
    call_command("migrate", interactive=False, verbosity=0)
    if settings.CACHES["default"]["BACKEND"].endswith("DatabaseCache"):
        call_command("createcachetable", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    campaign = load_campaign(campaign_path, real_dates=real_dates)
    ensure_roles()
    moved = _campaign_from_today(campaign) if demo and not campaign_path else None
    if moved:
        campaign = Campaign.objects.get(pk=campaign.pk)
    on_terminal = verbose and sys.stdout.isatty()
    password = _first_admin(on_terminal)
    if verbose:
        print(f"Database ready: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]}"
              f" {settings.DATABASES['default']['NAME']}")
        print(f"Campaign: {campaign.name} ({campaign.slug})")
        if moved:
            print(f"  The bundled campaign ran {moved.was_start} to {moved.was_end}; for the demo this desk now runs a "
                  f"copy of it from {moved.start} to {moved.end},\n  written to {moved.path}.\n  To go back to the "
                  "real dates: run `storydesk init --real-dates` and delete that file.")
        elif campaign.config.get(DATED_COPY):
            print(f"  with the moved dates of a dated copy ({campaign.spec.start} to {campaign.spec.end}); "
                  "`storydesk init --real-dates` goes back to the bundled campaign's real dates")
        if password:
            print("\nFirst admin account (shown only this once — write it down):")
            print("  username: admin")
            print(f"  password: {password}\n")
        elif not _an_admin_can_log_in():
            print("\nNo admin can log in yet: set the password of the account 'admin' with\n"
                  "  storydesk createstaff --role admin --username admin\n"
                  "(it asks for the password; or pass --password-stdin).\n")
    if demo:
        loaded = load_demo_stories()
        if verbose:
            print(f"Demo: {loaded} sample stories loaded.")
    return password


def _campaign_from_today(campaign) -> DatedCopy | None:
    """The bundled campaign ran 2020-21: for a demo, a copy of it whose year starts today, so the calendar
    has days to plan (actions/campaign_dates.py). A desk running its own campaign file keeps it as it is."""
    spec = campaign.spec
    if not dated_copy_offered(spec):  # the same fresh-install guard as the desk's button
        return None
    try:
        return start_campaign_year(actor=Actor.cli())
    except Refused as problem:  # e.g. a campaign file of the operator's own at the copy's place
        print(f"No dated copy of the campaign was made: {problem}")
        return None


def _first_admin(show_password: bool) -> str | None:
    """Make the first admin; the password is made and returned only when it can be shown on a terminal."""
    User = get_user_model()
    if User.objects.filter(is_superuser=True).exists():
        return None
    password = secrets.token_urlsafe(12) if show_password else None
    create_staff(username="admin", password=password, role="admin", actor=Actor.cli())
    return password


def _an_admin_can_log_in() -> bool:
    return any(user.has_usable_password() for user in get_user_model().objects.filter(is_superuser=True))
