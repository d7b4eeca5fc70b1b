"""Staff two-factor devices: an authenticator app (django-otp's TOTP device) and one-time backup codes (its static
device). Each person has at most one app; confirming a new one replaces the old. Every change is audited.

Admins must keep a second factor: they may replace their app but not remove it (an operator can, with
`storydesk createstaff --reset-password --reset-two-factor`, for an admin who lost their phone)."""
from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from storydesk.actions.base import Actor, audit
from storydesk.work import Work, enqueue_on_commit

BACKUP_CODES = 10
APP_NAME, BACKUP_NAME = "authenticator app", "backup codes"


@dataclass(frozen=True)
class TwoFactor:
    """What one person has set up."""
    app: TOTPDevice | None  # confirmed
    backup_codes_left: int

    @property
    def on(self) -> bool:
        return self.app is not None


def two_factor_of(user) -> TwoFactor:
    app = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    left = StaticToken.objects.filter(device__user=user, device__confirmed=True).count()
    return TwoFactor(app=app, backup_codes_left=left)


def must_keep_two_factor(user) -> bool:
    """Admins (the admin role makes a superuser: storydesk.actions.staff) may not go without it."""
    return bool(user.is_superuser)


def _require_self_or_operator(actor: Actor, user) -> None:
    if actor.trusted or (actor.user is not None and actor.user.pk == user.pk):
        return
    raise PermissionDenied(f"{actor.label} may change only their own two-factor set-up")


@transaction.atomic
def start_app(user, *, actor: Actor) -> TOTPDevice:
    """A new, unconfirmed app secret to show once; it counts for nothing until a code from it confirms it."""
    _require_self_or_operator(actor, user)
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    audit("two_factor.set_up_started", actor=actor, username=user.get_username())
    return TOTPDevice.objects.create(user=user, name=APP_NAME, confirmed=False)


@transaction.atomic
def confirm_app(device_id: int, code: str, *, actor: Actor) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the app a code from it proves, replacing any earlier app, and give new backup codes (shown once).
    None when the code is wrong (or the set-up was replaced meanwhile)."""
    device = TOTPDevice.objects.select_for_update().filter(pk=device_id, confirmed=False).first()
    if device is None:
        return None
    _require_self_or_operator(actor, device.user)
    if not device.verify_token(code.strip()):
        return None
    replaced = TOTPDevice.objects.filter(user=device.user, confirmed=True).exclude(pk=device.pk).delete()[0]
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    # A new device for the backup codes too: a session the old codes let in no longer counts as passed.
    StaticDevice.objects.filter(user=device.user).delete()
    codes = _replace_backup_codes(device.user)
    audit("two_factor.replaced" if replaced else "two_factor.added", actor=actor,
          username=device.user.get_username())
    # Told by mail, so someone who took over the password and set their own app up is noticed.
    enqueue_on_commit(Work.SEND_ACCOUNT_NOTICE, device.user.pk, "app_replaced" if replaced else "app_added")
    return device, codes


@transaction.atomic
def new_backup_codes(user, *, actor: Actor) -> list[str]:
    """Fresh backup codes; the old ones stop working."""
    _require_self_or_operator(actor, user)
    if TOTPDevice.objects.filter(user=user, confirmed=True).first() is None:
        raise ValueError("set up an authenticator app first")
    codes = _replace_backup_codes(user)
    audit("two_factor.backup_codes_renewed", actor=actor, username=user.get_username())
    return codes


def _replace_backup_codes(user) -> list[str]:
    # The device stays (only its tokens change): a session that passed with a backup code is verified by this
    # device, and renewing the codes shouldn't log it out of its second factor.
    device = StaticDevice.objects.filter(user=user).order_by("pk").first()
    if device is None:
        device = StaticDevice.objects.create(user=user, name=BACKUP_NAME, confirmed=True)
    else:
        StaticDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.token_set.all().delete()
        if not device.confirmed:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def remove_two_factor(user, *, actor: Actor) -> bool:
    """Remove the app and the backup codes; False when there was nothing to remove. An admin can't remove their
    own (only replace it); an operator can, for anyone."""
    _require_self_or_operator(actor, user)
    if not actor.trusted and must_keep_two_factor(user):
        raise ValueError("admins must keep two-factor: set up a new app to replace this one instead")
    removed = TOTPDevice.objects.filter(user=user).delete()[0] + StaticDevice.objects.filter(user=user).delete()[0]
    if removed:
        audit("two_factor.removed", actor=actor, username=user.get_username())
    return bool(removed)
