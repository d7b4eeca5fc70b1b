"""Settings for the app server `storydesk bench gallery` starts: the desk's own, plus the constant page."""
from storydesk.settings import *  # noqa: F401,F403

ROOT_URLCONF = "bench.gallery_urls"
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "WARNING"}}
