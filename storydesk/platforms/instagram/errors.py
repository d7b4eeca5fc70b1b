"""Graph API errors, sorted once into what to do about them — wait and retry, wait for the publishing limit, or
stop for a person — for intake, publishing and the metrics poll alike (Meta's error-handling guide and
Instagram's error-code reference)."""
from __future__ import annotations

from dataclasses import dataclass

# Throttling: Meta refuses calls until its rolling window frees up. The words say whose limit it is.
RATE_LIMIT_CODES = {
    4: "the app's hourly limit",  # application-level throttling, counted in X-App-Usage
    17: "the account's limit",  # user-level throttling
    32: "the Page's limit",  # Page-level throttling (the business account's Facebook Page)
    613: "a limit on this kind of call",  # a custom limit on one endpoint
    80002: "the Instagram account's limit",  # Instagram business-use-case throttling (X-Business-Use-Case-Usage)
}
# Passing trouble on Meta's side: the same call a little later usually works.
TRANSIENT_CODES = {
    1: "an unknown error",  # "API Unknown": Meta's guide says wait and retry
    2: "a service error",  # "API Service": temporary downtime
    -1: "an Instagram server error",  # content publishing's own server hiccup (e.g. subcode 2207001)
    -2: "an Instagram timeout",  # content publishing timed out fetching or processing (e.g. subcode 2207003)
}
# The token is refused: a person must make a new one.
TOKEN_CODES = {
    102: "the session has expired or is invalid",  # "API Session"
    190: "the access token has expired or was revoked",  # "Access token has expired" (subcodes below say how)
}
TOKEN_SUBCODES = {463: "has expired", 460: "stopped working when the account's password changed",
                  458: "belongs to an app the account has removed", 467: "is no longer valid"}
# The app lacks a permission: App Review or the token's scopes must change.
PERMISSION_CODES = frozenset({3, 10}) | frozenset(range(200, 300))  # capability (3), denied (10), scopes (2xx)
QUOTA_SUBCODE = 2207042  # "You reached maximum number of posts" (code 9): the 24-hour publishing limit
SPAM_SUBCODE = 2207051  # code 4, but not a rate limit: publishing suspected as spam; a person must appeal


@dataclass(eq=False)
class GraphError(Exception):
    """A failed Graph API call. answered=False: no answer came at all (timeout, connection lost), so a write may
    or may not have happened. unreadable: an answer came but wasn't the JSON asked for. paused: not sent, because
    Meta's usage headers said the account is near its limit (see usage.py)."""

    message: str
    http_status: int = 0
    code: int | None = None
    subcode: int | None = None
    user_title: str = ""
    user_message: str = ""
    transient_flag: bool | None = None  # the error's own is_transient, when it has one
    fbtrace_id: str = ""
    answered: bool = True
    retry_after_seconds: float | None = None  # from the usage headers, when Meta says when access returns
    detail: str = ""  # the request and the start of the answer, for the people who debug it (never the token)
    unreadable: bool = False
    paused: bool = False

    def __str__(self) -> str:
        return self.describe()

    @classmethod
    def from_body(cls, http_status: int, body, retry_after_seconds=None, detail: str = "") -> GraphError:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return cls("an answer without a Graph error object", http_status=http_status, transient_flag=True,
                       retry_after_seconds=retry_after_seconds, detail=detail)
        return cls(
            message=str(error.get("message") or "no message"), http_status=http_status,
            code=_int(error.get("code")), subcode=_int(error.get("error_subcode")),
            user_title=str(error.get("error_user_title") or ""), user_message=str(error.get("error_user_msg") or ""),
            transient_flag=error["is_transient"] if isinstance(error.get("is_transient"), bool) else None,
            fbtrace_id=str(error.get("fbtrace_id") or ""), retry_after_seconds=retry_after_seconds, detail=detail,
        )

    @property
    def kind(self) -> str:
        """"quota" | "rate_limit" | "transient" | "token" | "permission" | "rejected"."""
        if self.paused:
            return "rate_limit"
        if not self.answered or self.http_status >= 500:
            return "transient"
        if self.subcode == QUOTA_SUBCODE:
            return "quota"
        if self.subcode == SPAM_SUBCODE:
            return "rejected"
        if self.code in RATE_LIMIT_CODES or self.http_status == 429:
            return "rate_limit"
        if self.code in TOKEN_CODES:
            return "token"
        if self.code in PERMISSION_CODES:
            return "permission"
        if self.transient_flag or self.code in TRANSIENT_CODES:
            return "transient"
        return "rejected"

    @property
    def retryable(self) -> bool:
        return self.kind in ("quota", "rate_limit", "transient")

    def describe(self) -> str:
        """The platform's words and numbers, as a manager (and Meta's support) would want them."""
        words = self.user_message or self.message
        if self.user_message and self.message and self.message not in self.user_message:
            words = f"{self.message} — {self.user_message}"
        numbers = ", ".join(filter(None, [
            f"code {self.code}" if self.code is not None else "",
            f"subcode {self.subcode}" if self.subcode is not None else "",
            f"HTTP {self.http_status}" if self.http_status else "",
            f"trace {self.fbtrace_id}" if self.fbtrace_id else "",
        ]))
        return f"{words} ({numbers})" if numbers else words


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
