"""Graph API errors, sorted into what to do about them (Meta's error-handling guide and Instagram's
error-code reference): wait and retry, wait for the publishing limit, or stop for a person."""
from __future__ import annotations

from dataclasses import dataclass

RATE_LIMIT_CODES = frozenset({4, 17, 32, 613})  # app, user, page and custom-level throttling
TRANSIENT_CODES = frozenset({1, 2, -1, -2})  # "unknown", "service", and Instagram's server/download hiccups
TOKEN_CODES = frozenset({102, 190})  # session or access token expired, revoked or invalid
PERMISSION_CODES = frozenset({3, 10}) | frozenset(range(200, 300))
QUOTA_SUBCODE = 2207042  # "You reached maximum number of posts" (code 9): the 24-hour publishing limit
SPAM_SUBCODE = 2207051  # code 4, but not a rate limit: publishing suspected as spam; a person must appeal


@dataclass(eq=False)
class GraphError(Exception):
    """A failed Graph API call. answered=False: no answer came at all (timeout, connection lost)."""

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

    def __str__(self) -> str:
        return self.describe()

    @classmethod
    def from_body(cls, http_status: int, body, retry_after_seconds=None) -> GraphError:
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            return cls("an answer without a Graph error object", http_status=http_status,
                       transient_flag=True, retry_after_seconds=retry_after_seconds)
        return cls(
            message=str(error.get("message") or "no message"), http_status=http_status,
            code=_int(error.get("code")), subcode=_int(error.get("error_subcode")),
            user_title=str(error.get("error_user_title") or ""), user_message=str(error.get("error_user_msg") or ""),
            transient_flag=error["is_transient"] if isinstance(error.get("is_transient"), bool) else None,
            fbtrace_id=str(error.get("fbtrace_id") or ""), retry_after_seconds=retry_after_seconds,
        )

    @property
    def kind(self) -> str:
        """"quota" | "rate_limit" | "transient" | "token" | "permission" | "rejected"."""
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


def for_manager(error: GraphError) -> str:
    """What a manager reads on a parked slot: what happened, in Instagram's words, and what to do."""
    said = error.describe()
    return {
        "token": f"Instagram refused the access token: {said}. Make a new long-lived token for the campaign's "
                 "account, set STORYDESK_INSTAGRAM_TOKEN, restart storydesk, then press Retry.",
        "permission": f"The access token lacks a permission Instagram needs for publishing: {said}. Grant "
                      "instagram_basic and instagram_content_publish to the app, make a new token, then press Retry.",
        "rejected": f"Instagram refused this post: {said}. Check the story's photo and caption, then press Retry, "
                    "or clear the slot and place another story.",
    }.get(error.kind, f"Instagram kept failing: {said}. Press Retry to try again.")
