"""Django settings. The environment is read once, typed and checked, in storydesk/config (bad values stop with
the variable's name); this module turns it into Django's settings and storydesk's STORYDESK_* names."""
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url

from storydesk import languages as storydesk_languages
from storydesk.config import load_all, renamed_in_use
from storydesk.config.base import variable_name

PACKAGE_DIR = Path(__file__).resolve().parent
ENV = load_all()
# Old variable names still set (old -> new): they work for a release, and `storydesk doctor` says so.
STORYDESK_DEPRECATED_ENV = renamed_in_use()
HOME = Path(ENV.core.home).resolve()
HOME.mkdir(parents=True, exist_ok=True)


def _secret_key() -> str:
    if ENV.core.secret_key:
        return ENV.core.secret_key
    # Generated once and kept beside the data, so sessions and status links survive restarts.
    path = HOME / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
        path.chmod(0o600)
    return path.read_text().strip()


SECRET_KEY = _secret_key()
DEBUG = ENV.core.debug
SITE_URL = ENV.core.site_url.rstrip("/")
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")


def allowed_hosts(site_url: str, more: str) -> list[str]:
    """The site URL's host, those named in STORYDESK_ALLOWED_HOSTS, and this machine's names for a local run."""
    site_host = urlsplit(site_url).hostname or ""
    hosts = [site_host, *(h.strip() for h in more.split(",") if h.strip())]
    if site_host in ("localhost", "127.0.0.1", "::1"):
        hosts.extend(LOCAL_HOSTS)
    return list(dict.fromkeys(h for h in hosts if h))


# Never '*': links are built from SITE_URL, and a request for any other host is refused.
ALLOWED_HOSTS = allowed_hosts(SITE_URL, ENV.core.allowed_hosts)
CSRF_TRUSTED_ORIGINS = [SITE_URL]
CAMPAIGN = ENV.core.campaign  # a TOML path; empty = the bundled default

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
    "storydesk.content_policy.ContentSecurityPolicyMiddleware",
    "storydesk.request_limits.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "storydesk.language_choice.LanguageChoiceMiddleware",  # the reader's choice first (not LocaleMiddleware)
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
                "storydesk.context.undelivered_mail",
                "storydesk.context.languages",
            ],
        },
    },
]

# Database: SQLite under STORYDESK_HOME unless DATABASE_URL names another.
_sqlite_url = f"sqlite:///{HOME / 'storydesk.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(ENV.storage.database_url or _sqlite_url, conn_max_age=60)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + IMMEDIATE lets the web and the worker write to one file without "database is locked".
    # synchronous=FULL: a commit that returned survives a power cut (NORMAL may lose the last few in WAL mode).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(HOME / "test-storydesk.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Queue: SqliteHuey beside the database, or RedisHuey when REDIS_URL is set.
REDIS_URL = ENV.storage.redis_url
HUEY_NAME = ENV.storage.queue_name
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": HUEY_NAME, "url": REDIS_URL, "immediate": False}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL,
                          "KEY_PREFIX": HUEY_NAME}}
else:
    HUEY = {"huey_class": "huey.SqliteHuey", "name": HUEY_NAME,
            "filename": str(HOME / "queue.sqlite3"), "immediate": False}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache",
                          "LOCATION": "storydesk_cache"}}
HUEY["consumer"] = {"workers": ENV.storage.workers, "worker_type": ENV.storage.worker_type, "periodic": True,
                    "max_delay": ENV.storage.queue_poll_seconds}

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
# Django would chmod saved files 0644; they are served through the app, so only its user needs to read them.
FILE_UPLOAD_PERMISSIONS, FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o600, 0o700
# Requests bigger than this are cut off before the form sees them (the photo limit is 20 MB).
STORYDESK_MAX_REQUEST_BYTES = 24 * 1024 * 1024

# Outgoing mail (acknowledgements, replies, digests), in Django's own names.
EMAIL_BACKEND = ENV.mail.email_backend
EMAIL_HOST, EMAIL_PORT = ENV.mail.smtp_host, ENV.mail.smtp_port
EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = ENV.mail.smtp_user, ENV.mail.smtp_password
EMAIL_USE_TLS, EMAIL_USE_SSL = ENV.mail.smtp_starttls, ENV.mail.smtp_ssl
DEFAULT_FROM_EMAIL = ENV.mail.from_email

LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/desk/"
LOGOUT_REDIRECT_URL = "/accounts/login/"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SITE_URL.startswith("https://")
# Behind a TLS-terminating proxy: HSTS, a redirect to https, and the header that says a request came over https.
SECURE_HSTS_SECONDS = ENV.web.hsts_seconds
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = ENV.web.hsts_preload
SECURE_SSL_REDIRECT = ENV.web.ssl_redirect
SECURE_PROXY_SSL_HEADER = ENV.web.proxy_ssl_header_pair()

LANGUAGE_CODE = "en"
LANGUAGES = storydesk_languages.LANGUAGES
LANGUAGES_BIDI = sorted(storydesk_languages.RIGHT_TO_LEFT)  # {% get_current_language_bidi %} → dir="rtl"
LOCALE_PATHS = [Path(__file__).resolve().parent / "locale"]
LANGUAGE_COOKIE_NAME = "storydesk_language"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# One handler for every logger, so STORYDESK_LOG_LEVEL and STORYDESK_LOG_FORMAT govern them all
# (storydesk/log_format.py; gunicorn's own lines follow them in access_log.AccessLogger).
_log_level = ENV.core.log_level
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        # Status-link tokens never reach a log line (a 404 for /s/<token>/ would print it).
        "tokens": {"()": "storydesk.log_format.MaskTokens"},
        "quiet_periodic": {"()": "storydesk.log_format.QuietPeriodicTasks"},
    },
    "formatters": {"text": {"()": "storydesk.log_format.TextFormatter"},
                   "json": {"()": "storydesk.log_format.JsonFormatter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["tokens", "quiet_periodic"],
                             "formatter": ENV.core.log_format, "level": _log_level}},
    "root": {"handlers": ["console"], "level": _log_level},
    "loggers": {
        # Not Django's own console handler (with DEBUG on) beside ours: each line once.
        "django": {"handlers": [], "level": _log_level, "propagate": True},
        # A 4xx is in the access line already; a 5xx is logged here, with its traceback.
        "django.request": {"level": "ERROR"},
        "huey": {"level": _log_level},
        # Every query at DEBUG, every outgoing request at INFO: too many lines to read.
        "django.db.backends": {"level": "WARNING"},
        "httpx": {"level": "WARNING"},
    },
}

# Passwords, and single sign-on (storydesk/sso): the second only restores the sessions its callback began, and
# signs nobody in by itself, so it is safe to list while single sign-on is off.
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend", "storydesk.sso.backend.OpenIDConnectBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
# Static files are served from the package too, so a desk works before collectstatic.
WHITENOISE_USE_FINDERS = True

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

# Every other field of config/groups.py is a setting of its variable's name: STORYDESK_CLAIM_MINUTES is
# ENV.desk.claim_minutes, STORYDESK_INSTAGRAM_ACCESS_TOKEN is ENV.instagram.instagram_access_token, and so on.
for _group in ENV.__dict__.values():
    for _field in type(_group).model_fields:
        globals().setdefault(variable_name(type(_group), _field), getattr(_group, _field))
# …but for these, which are derived from what was read.
STORYDESK_IMAP_PORT = ENV.mail.imap_port or (993 if ENV.mail.imap_security == "ssl" else 143)
STORYDESK_MEDIA_ALLOWED_NETWORKS = [n.strip() for n in ENV.social.media_allowed_networks.split(",") if n.strip()]
STORYDESK_TRUSTED_PROXIES = [n.strip() for n in ENV.web.trusted_proxies.split(",") if n.strip()]
for _name in ("STORYDESK_MASTODON_API_BASE", "STORYDESK_BLUESKY_API_BASE", "STORYDESK_X_API_BASE",
              "STORYDESK_INSTAGRAM_API_BASE"):
    globals()[_name] = globals()[_name].rstrip("/")
