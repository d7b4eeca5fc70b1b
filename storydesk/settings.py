"""Django settings, read from the environment only (STORYDESK_* and friends)."""
import os
import secrets
import tempfile
from pathlib import Path

import dj_database_url

PACKAGE_DIR = Path(__file__).resolve().parent
# Set when this process made a throwaway home for a test run; the test session deletes it at the end.
STORYDESK_TEMPORARY_HOME = None
if "PYTEST_VERSION" in os.environ and "STORYDESK_HOME" not in os.environ:
    # A test run never writes into a real desk's data folder.
    os.environ["STORYDESK_HOME"] = STORYDESK_TEMPORARY_HOME = tempfile.mkdtemp(prefix="storydesk-test-")
HOME = Path(os.environ.get("STORYDESK_HOME", "var")).resolve()
HOME.mkdir(parents=True, exist_ok=True)


def _env_bool(name: str, default: bool = False) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def _secret_key() -> str:
    if key := os.environ.get("STORYDESK_SECRET_KEY"):
        return key
    # Generated once and kept beside the data, so sessions and status links survive restarts.
    path = HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = _env_bool("STORYDESK_DEBUG")
SITE_URL = os.environ.get("STORYDESK_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
ALLOWED_HOSTS = [h for h in os.environ.get("STORYDESK_ALLOWED_HOSTS", "").split(",") if h] or ["*"]
CSRF_TRUSTED_ORIGINS = [SITE_URL]
CAMPAIGN = os.environ.get("STORYDESK_CAMPAIGN", "")  # a TOML path; empty = the bundled default

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "django_countries",
    "huey.contrib.djhuey",
    "storydesk",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "storydesk.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "storydesk.urls"
WSGI_APPLICATION = "storydesk.wsgi.application"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "storydesk.context.campaign",
            ],
        },
    },
]

# Database: SQLite under STORYDESK_HOME unless DATABASE_URL names another.
_sqlite_url = f"sqlite:///{HOME / 'storydesk.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL", _sqlite_url), conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE lets the web and the worker write to one file without "database is locked".
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(HOME / "test-storydesk.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Queue: SqliteHuey beside the database, or RedisHuey when REDIS_URL is set.
REDIS_URL = os.environ.get("REDIS_URL", "")
HUEY_NAME = os.environ.get("STORYDESK_QUEUE_NAME", "storydesk")
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": HUEY_NAME, "url": REDIS_URL, "immediate": False}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": HUEY_NAME}}
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "name": HUEY_NAME,
            "filename": str(HOME / "queue.sqlite3"), "immediate": False}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "storydesk_cache"}}
# Screening is CPU-bound, so workers are processes by default; each loads its models once.
HUEY["consumer"] = {"workers": int(os.environ.get("STORYDESK_WORKERS", "2")),
                    "worker_type": os.environ.get("STORYDESK_WORKER_TYPE", "process"), "periodic": True,
                    # An idle worker looks for new tasks at least this often (huey's default backs off to 10 s):
                    # the static gallery must follow a publish or a withdrawal within 5 s.
                    "max_delay": float(os.environ.get("STORYDESK_QUEUE_POLL_SECONDS", "1"))}
STORYDESK_EMBEDDER = os.environ.get("STORYDESK_EMBEDDER", "minilm-int8")
# One thread per model per process: workers are the unit of parallelism (0 = onnxruntime decides).
STORYDESK_MODEL_THREADS = int(os.environ.get("STORYDESK_MODEL_THREADS", "1"))

# Media: public copies are served by the app (checked per request); originals never are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(HOME / "media" / "public")}},
    "private": {"BACKEND": "django.core.files.storage.FileSystemStorage",
                "OPTIONS": {"location": str(HOME / "media" / "private")}},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
STATIC_URL = "/static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Requests bigger than this are cut off before the form sees them (the photo limit is 20 MB).
STORYDESK_MAX_REQUEST_BYTES = 24 * 1024 * 1024
STORYDESK_SUBMIT_RATE = os.environ.get("STORYDESK_SUBMIT_RATE", "10/h")

# Outgoing mail (acknowledgements, digests).
EMAIL_BACKEND = os.environ.get("STORYDESK_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("STORYDESK_SMTP_HOST", "127.0.0.1")
EMAIL_PORT = int(os.environ.get("STORYDESK_SMTP_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("STORYDESK_SMTP_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("STORYDESK_SMTP_PASSWORD", "")
EMAIL_USE_TLS = _env_bool("STORYDESK_SMTP_STARTTLS")
EMAIL_USE_SSL = _env_bool("STORYDESK_SMTP_SSL")
DEFAULT_FROM_EMAIL = os.environ.get("STORYDESK_FROM_EMAIL", "storydesk@localhost")

# Incoming mail: the campaign inbox, polled every N minutes (nothing is polled while the host is empty).
STORYDESK_IMAP_HOST = os.environ.get("STORYDESK_IMAP_HOST", "")
STORYDESK_IMAP_SECURITY = os.environ.get("STORYDESK_IMAP_SECURITY", "ssl").strip().lower()  # ssl | starttls | none
STORYDESK_IMAP_PORT = int(os.environ.get("STORYDESK_IMAP_PORT",
                                         "993" if STORYDESK_IMAP_SECURITY == "ssl" else "143"))
STORYDESK_IMAP_USER = os.environ.get("STORYDESK_IMAP_USER", "")
STORYDESK_IMAP_PASSWORD = os.environ.get("STORYDESK_IMAP_PASSWORD", "")  # or an app password
STORYDESK_IMAP_FOLDER = os.environ.get("STORYDESK_IMAP_FOLDER", "INBOX")
STORYDESK_IMAP_POLL_MINUTES = int(os.environ.get("STORYDESK_IMAP_POLL_MINUTES", "5"))
STORYDESK_IMAP_BATCH_SIZE = int(os.environ.get("STORYDESK_IMAP_BATCH_SIZE", "25"))
# Bigger messages are not downloaded: they are moved to storydesk/failed and listed for staff.
STORYDESK_IMAP_MAX_MESSAGE_MB = int(os.environ.get("STORYDESK_IMAP_MAX_MESSAGE_MB", "60"))

# Social intake (Mastodon, Bluesky, Instagram, X): each platform's API base is a setting so tests point at
# local servers.
# Mastodon: the server of the campaign's own account (reads the hashtag there and sends permission requests
# from it); the campaign file names more servers to read. Nothing is polled while it is empty.
STORYDESK_MASTODON_API_BASE = os.environ.get("STORYDESK_MASTODON_API_BASE", "").rstrip("/")
STORYDESK_MASTODON_ACCESS_TOKEN = os.environ.get("STORYDESK_MASTODON_ACCESS_TOKEN", "")
# Mastodon's default limit is 300 requests per 5 minutes per client; stay within it on every server.
STORYDESK_MASTODON_REQUESTS_PER_5_MIN = int(os.environ.get("STORYDESK_MASTODON_REQUESTS_PER_5_MIN", "300"))
STORYDESK_BLUESKY_API_BASE = os.environ.get("STORYDESK_BLUESKY_API_BASE", "https://bsky.social").rstrip("/")
STORYDESK_BLUESKY_IDENTIFIER = os.environ.get("STORYDESK_BLUESKY_IDENTIFIER", "")  # the account's handle
STORYDESK_BLUESKY_APP_PASSWORD = os.environ.get("STORYDESK_BLUESKY_APP_PASSWORD", "")
# Instagram: its one settings group is under Publishing below (intake uses the same account).
# X (API v2 recent search): off without a bearer token. X bills each post read, hence the daily cap.
STORYDESK_X_API_BASE = os.environ.get("STORYDESK_X_API_BASE", "https://api.x.com").rstrip("/")
STORYDESK_X_BEARER_TOKEN = os.environ.get("STORYDESK_X_BEARER_TOKEN", "")
STORYDESK_X_DAILY_READ_CAP = int(os.environ.get("STORYDESK_X_DAILY_READ_CAP", "500"))
STORYDESK_SOCIAL_POLL_MINUTES = int(os.environ.get("STORYDESK_SOCIAL_POLL_MINUTES", "10"))
STORYDESK_SOCIAL_BATCH_SIZE = int(os.environ.get("STORYDESK_SOCIAL_BATCH_SIZE", "200"))  # posts per poll per feed
# Photos downloaded from posts: a hard size cap (bigger ones are cut off), timeouts, and public addresses only.
STORYDESK_MEDIA_MAX_MB = int(os.environ.get("STORYDESK_MEDIA_MAX_MB", "20"))
STORYDESK_MEDIA_CONNECT_TIMEOUT = float(os.environ.get("STORYDESK_MEDIA_CONNECT_TIMEOUT", "5"))
STORYDESK_MEDIA_READ_TIMEOUT = float(os.environ.get("STORYDESK_MEDIA_READ_TIMEOUT", "20"))
STORYDESK_MEDIA_TOTAL_SECONDS = float(os.environ.get("STORYDESK_MEDIA_TOTAL_SECONDS", "120"))
# Addresses (IPs or networks) media may come from although they are private or loopback: off by default;
# only for a test server or a platform's media store inside your own network.
STORYDESK_MEDIA_ALLOWED_NETWORKS = [
    n.strip() for n in os.environ.get("STORYDESK_MEDIA_ALLOWED_NETWORKS", "").split(",") if n.strip()]

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/desk/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SITE_URL.startswith("https://")

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("STORYDESK_LOG_LEVEL", "INFO")},
    # httpx logs every request at INFO: a poll would fill the log with them.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Static files are served from the package too, so a desk works before collectstatic.
WHITENOISE_USE_FINDERS = True

# The moderation desk.
# Opening a story claims it for this long (renewable), so two moderators never decide it at once.
STORYDESK_CLAIM_MINUTES = int(os.environ.get("STORYDESK_CLAIM_MINUTES", "5"))
# Stories waiting for a decision longer than this are mailed to the moderators, once per wait (0 = never).
STORYDESK_DIGEST_AFTER_HOURS = float(os.environ.get("STORYDESK_DIGEST_AFTER_HOURS", "24"))
STORYDESK_DIGEST_EVERY_MINUTES = int(os.environ.get("STORYDESK_DIGEST_EVERY_MINUTES", "30"))
# Failed log-ins per client address, and per username, before the log-in form waits ("0" turns it off).
STORYDESK_LOGIN_RATE = os.environ.get("STORYDESK_LOGIN_RATE", "10/15m")
STORYDESK_DESK_PAGE_SIZE = int(os.environ.get("STORYDESK_DESK_PAGE_SIZE", "50"))
# The queue's counts per filter are kept this long (with a million stories they take seconds to make; 0 = never kept).
STORYDESK_DESK_COUNTS_SECONDS = int(os.environ.get("STORYDESK_DESK_COUNTS_SECONDS", "30"))

# Publishing (storydesk.publishing). Slots due are published by a periodic task every minute.
# A slot not started this many hours after its time is parked for a manager instead of going out late.
STORYDESK_PUBLISH_MISSED_HOURS = float(os.environ.get("STORYDESK_PUBLISH_MISSED_HOURS", "6"))
# How long one worker holds a publication; a worker that dies lets go when it lapses and another resumes.
STORYDESK_PUBLISH_LEASE_MINUTES = int(os.environ.get("STORYDESK_PUBLISH_LEASE_MINUTES", "10"))
# Failed tries (server errors, rate limits, no answer) before a slot is parked for a manager.
STORYDESK_PUBLISH_MAX_ATTEMPTS = int(os.environ.get("STORYDESK_PUBLISH_MAX_ATTEMPTS", "8"))
# Waits between tries double from the first to at most the last.
STORYDESK_PUBLISH_BACKOFF_SECONDS = int(os.environ.get("STORYDESK_PUBLISH_BACKOFF_SECONDS", "60"))
STORYDESK_PUBLISH_BACKOFF_MAX_SECONDS = int(os.environ.get("STORYDESK_PUBLISH_BACKOFF_MAX_SECONDS", "3600"))

# Instagram (Graph API, Instagram API with Facebook Login, the campaign's business account): intake, publishing
# and the metrics poll use this one group through one client (storydesk.platforms.instagram).
STORYDESK_INSTAGRAM_API_BASE = os.environ.get("STORYDESK_INSTAGRAM_API_BASE",
                                              "https://graph.facebook.com/v24.0").rstrip("/")
# The old name STORYDESK_INSTAGRAM_TOKEN is read for one more release when the new one is unset.
STORYDESK_INSTAGRAM_ACCESS_TOKEN = (os.environ.get("STORYDESK_INSTAGRAM_ACCESS_TOKEN")
                                    or os.environ.get("STORYDESK_INSTAGRAM_TOKEN", ""))
STORYDESK_INSTAGRAM_ACCOUNT_ID = os.environ.get("STORYDESK_INSTAGRAM_ACCOUNT_ID", "")  # the IG user id, digits
# Old environment names still set, old -> new: `storydesk doctor` prints one deprecation line for each.
STORYDESK_DEPRECATED_ENV = {old: new for old, new in {"STORYDESK_INSTAGRAM_TOKEN": "STORYDESK_INSTAGRAM_ACCESS_TOKEN"}
                            .items() if os.environ.get(old)}
# Instagram allows an account 30 unique hashtags per rolling 7 days; a 31st is refused before asking.
STORYDESK_INSTAGRAM_HASHTAGS_PER_WEEK = int(os.environ.get("STORYDESK_INSTAGRAM_HASHTAGS_PER_WEEK", "30"))
# Every call pauses when Meta's usage headers report this share of the limit used (blocks past 100% last hours).
STORYDESK_INSTAGRAM_USAGE_PAUSE_PERCENT = int(os.environ.get("STORYDESK_INSTAGRAM_USAGE_PAUSE_PERCENT", "90"))
STORYDESK_INSTAGRAM_TIMEOUT_SECONDS = float(os.environ.get("STORYDESK_INSTAGRAM_TIMEOUT_SECONDS", "20"))
STORYDESK_INSTAGRAM_MAX_RESPONSE_BYTES = int(os.environ.get("STORYDESK_INSTAGRAM_MAX_RESPONSE_BYTES",
                                                            str(2 * 1024 * 1024)))
# Waiting for Instagram to process a container: poll every N seconds, for at most M seconds per try.
STORYDESK_INSTAGRAM_POLL_SECONDS = float(os.environ.get("STORYDESK_INSTAGRAM_POLL_SECONDS", "5"))
STORYDESK_INSTAGRAM_POLL_MAX_SECONDS = float(os.environ.get("STORYDESK_INSTAGRAM_POLL_MAX_SECONDS", "60"))
# The post image's signed address works this long (Instagram fetches it when the container is made).
STORYDESK_INSTAGRAM_IMAGE_URL_MINUTES = int(os.environ.get("STORYDESK_INSTAGRAM_IMAGE_URL_MINUTES", "60"))
# Looking for a post whose publish answer was lost: this many pages of the account's latest media.
STORYDESK_INSTAGRAM_RECENT_PAGES = int(os.environ.get("STORYDESK_INSTAGRAM_RECENT_PAGES", "4"))
# When the publishing limit (read from Instagram) is used up, look again after this long.
STORYDESK_INSTAGRAM_QUOTA_WAIT_MINUTES = int(os.environ.get("STORYDESK_INSTAGRAM_QUOTA_WAIT_MINUTES", "60"))
# Instagram's post limits (PLATFORMS.md); settings because Instagram changes them.
STORYDESK_INSTAGRAM_MAX_HASHTAGS = int(os.environ.get("STORYDESK_INSTAGRAM_MAX_HASHTAGS", "5"))
STORYDESK_INSTAGRAM_MAX_CAPTION = int(os.environ.get("STORYDESK_INSTAGRAM_MAX_CAPTION", "2200"))
STORYDESK_INSTAGRAM_MAX_ALT_TEXT = int(os.environ.get("STORYDESK_INSTAGRAM_MAX_ALT_TEXT", "1000"))
STORYDESK_INSTAGRAM_MAX_IMAGE_BYTES = int(os.environ.get("STORYDESK_INSTAGRAM_MAX_IMAGE_BYTES", str(8 * 1024 * 1024)))
# Likes, comments and reach of the campaign's posts, read once a day at this hour (UTC) through the same
# Graph settings. Only posts published in the last N days are read: older ones barely change, and every
# post read is a call against the app's rate limit.
STORYDESK_INSTAGRAM_METRICS_HOUR = int(os.environ.get("STORYDESK_INSTAGRAM_METRICS_HOUR", "4"))
STORYDESK_INSTAGRAM_METRICS_DAYS = int(os.environ.get("STORYDESK_INSTAGRAM_METRICS_DAYS", "90"))

# The public gallery.
STORYDESK_GALLERY_PAGE_SIZE = int(os.environ.get("STORYDESK_GALLERY_PAGE_SIZE", "24"))
# Rendered pages are kept until the gallery changes (publish or withdrawal), at most this long.
STORYDESK_GALLERY_CACHE_SECONDS = int(os.environ.get("STORYDESK_GALLERY_CACHE_SECONDS", "3600"))
# Where `storydesk export site` keeps a static copy of the gallery up to date after every publish and
# withdrawal (empty: no static copy is kept; `storydesk export site DIR` still writes one on demand).
STORYDESK_STATIC_SITE_DIR = os.environ.get("STORYDESK_STATIC_SITE_DIR", "")
# The gallery's caches: never the database (a cached page must cost no query). The version every cached page
# is keyed by is a file beside the data in the embedded mode (one stat() per request; every web process is
# on this machine), and in Redis in the scaled mode. Pages: files here, or Redis, shared by the processes.
STORYDESK_GALLERY_PAGE_CACHE, STORYDESK_GALLERY_VERSION_CACHE = "gallery", "gallery-version"
STORYDESK_GALLERY_VERSION_FILE = "" if REDIS_URL else str(HOME / "cache" / "gallery-version")
if REDIS_URL:
    for _alias in (STORYDESK_GALLERY_PAGE_CACHE, STORYDESK_GALLERY_VERSION_CACHE):
        CACHES[_alias] = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": f"{HUEY_NAME}:{_alias}"}
else:
    CACHES[STORYDESK_GALLERY_PAGE_CACHE] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(HOME / "cache" / "gallery-pages"), "OPTIONS": {"MAX_ENTRIES": 2000}}
