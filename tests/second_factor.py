"""Two-factor in tests: give someone an authenticator app, make the code it would show, and pass the second
factor in a test client's session as the code step does (django-otp's own session key, checked by its
middleware on every request like a real one)."""
from __future__ import annotations

import time

from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def give_app(user) -> TOTPDevice:
    """A confirmed authenticator app, as the "Two-factor" page leaves it."""
    return TOTPDevice.objects.create(user=user, name="authenticator app", confirmed=True)


def app_of(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def code_for(device: TOTPDevice) -> str:
    """The code the app shows now, or the next one when now's was used (a code works once)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        # Within the device's tolerance (one step ahead), the next code is accepted once this one was used.
        totp.time = device.t0 + (device.last_t + 1 - device.drift) * device.step
    return f"{totp.token():0{device.digits}d}"


def pass_second_factor(client, user) -> None:
    """After client.force_login(user): the session passed the second factor with the user's app, if any."""
    device = app_of(user)
    if device is None:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
