"""Why a single sign-on signed nobody in."""
from __future__ import annotations


class SignInRefused(Exception):
    """`reason` is a short code for the audit trail, `message` what the person on the log-in page reads, and
    `facts` what the audit trail keeps beside the reason (never a token or a secret)."""

    def __init__(self, reason: str, message: str, **facts):
        self.reason, self.message, self.facts = reason, message, facts
        super().__init__(f"{reason}: {message}")


def try_again(reason: str, **facts) -> SignInRefused:
    """A sign-in that could not be trusted: the person can only start again."""
    return SignInRefused(reason, "That sign-in could not be verified. Please try again, or log in with your "
                                 "password.", **facts)
