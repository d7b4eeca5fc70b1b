"""What goes wrong talking to a platform, as one exception that says it in plain words."""
from __future__ import annotations

import datetime as dt

# The kinds match SocialProblem.Kind, so a problem is recorded as it was raised.
AUTH, RATE_LIMIT, SERVER, MALFORMED, NETWORK, CONFIG = "auth", "rate_limit", "server", "malformed", "network", "config"


class PlatformError(Exception):
    """`message` is for staff; `detail` is what the server said; `retry_at` is when trying again makes sense
    (a rate limit's reset). `error_name` is the platform's own error code (AT Protocol's "ExpiredToken")."""

    def __init__(self, kind: str, message: str, *, detail: str = "", status: int | None = None,
                 error_name: str = "", retry_at: dt.datetime | None = None):
        super().__init__(message)
        self.kind, self.message, self.detail = kind, message, detail
        self.status, self.error_name, self.retry_at = status, error_name, retry_at

    @property
    def passing(self) -> bool:
        """Worth trying the same thing again later (a 4xx refusal or a login problem needs a person)."""
        return self.kind in (NETWORK, RATE_LIMIT) or (self.kind == SERVER and (self.status or 500) >= 500)

    def __str__(self) -> str:
        return self.message
