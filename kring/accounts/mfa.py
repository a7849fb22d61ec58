"""Two-step login (TOTP, RFC 6238) with recovery codes, on django-otp's proven devices.

Coaches and organisation admins must use it (SECURITY.md); job seekers may switch it on.
"""

from __future__ import annotations

import base64
import secrets
from dataclasses import dataclass
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.db import transaction
from django.http import HttpRequest
from django_otp import device_classes, devices_for_user
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts.models import Role, User

RECOVERY_CODES = 10
TOTP_NAME = "authenticator app"
RECOVERY_NAME = "recovery codes"


def has_confirmed_device(user: User) -> bool:
    """Return whether `user` has a confirmed second-step device of any installed kind."""
    # As django-otp's user_has_device, but exists() per device model: this runs on every
    # signed-in request, and most job seekers have no device, so no rows need loading.
    return user.is_authenticated and any(
        model.objects.filter(user=user, confirmed=True).exists() for model in device_classes()
    )


def mfa_required(user: User) -> bool:
    """Return whether `user` must pass a second step: staff always, others once they chose it."""
    from django.conf import settings

    if settings.KRING_STAFF_MFA and user.is_professional:
        return True
    return has_confirmed_device(user)


def pending_totp_device(user: User) -> TOTPDevice:
    """Return the user's unconfirmed authenticator device, making one if needed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def base32_secret(device: TOTPDevice) -> str:
    """Return the device key the way authenticator apps ask for it when typed in."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def qr_code_data_uri(device: TOTPDevice) -> str:
    """Return the otpauth:// link as an SVG QR code in a data: URI (allowed by our CSP)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


@dataclass(frozen=True)
class DeviceChange:
    """The outcome of a set-up: new recovery codes, or which code was not right."""

    codes: list[str] | None = None
    wrong: str = ""  # "token" (the new app's code) or "current" (the old app or a recovery code)


def _clean(token: str) -> str | None:
    """Return the code as typed without spaces, or None when it cannot be a code at all."""
    token = token.replace(" ", "").strip()
    return token if token.isdigit() and len(token) <= 12 else None


def _confirmed_device_accepting(user: User, token: str) -> Device | None:
    """Return the confirmed device (app or recovery codes) that accepts `token`, using it up."""
    cleaned = _clean(token)
    if cleaned is None:
        return None
    for device in devices_for_user(user, confirmed=True, for_verify=True):
        allowed, _details = device.verify_is_allowed()
        if allowed and device.verify_token(cleaned):
            return device
    return None


def session_is_verified(request: HttpRequest) -> bool:
    """Return whether this session passed the second step (OTPMiddleware's is_verified)."""
    return bool(getattr(request.user, "is_verified", lambda: False)())


def _lock(user: User) -> None:
    # One device change per person at a time: two sessions confirming at once must not both win.
    User.objects.select_for_update().filter(pk=user.pk).first()


def _switch_on(request: HttpRequest, user: User, device: TOTPDevice) -> list[str]:
    """Make `device` the user's only app, renew the recovery codes and verify the session."""
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = recovery_codes_renew(user)
    otp_login(request, device)
    return codes


@transaction.atomic
def totp_confirm(*, request: HttpRequest, user: User, token: str) -> DeviceChange:
    """Switch two-step login on with a first code from the pending app, for an account without.

    A password alone must never change a second step that exists (it would bypass it), so
    an account with a confirmed device is refused here: it moves phones with `totp_replace`.
    """
    _lock(user)
    if has_confirmed_device(user):
        raise PermissionError("this account has a second step; replace it from a verified session")
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    cleaned = _clean(token)
    if device is None or cleaned is None or not device.verify_token(cleaned):
        return DeviceChange(wrong="token")
    return DeviceChange(codes=_switch_on(request, user, device))


@transaction.atomic
def totp_replace(
    *, request: HttpRequest, user: User, current_token: str, token: str
) -> DeviceChange:
    """Move two-step login to the pending app: needs a verified session and a current code.

    The current code (old app or a recovery code) is checked first, so its throttling counts;
    when the new app's code is then wrong, that check is undone, so a typo never costs a
    recovery code. The old app is removed only once the new one is confirmed.
    """
    if not session_is_verified(request):
        raise PermissionError("replacing the second step needs a verified session")
    _lock(user)
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
    if device is None:
        return DeviceChange(wrong="token")
    before_current = transaction.savepoint()
    if _confirmed_device_accepting(user, current_token) is None:
        transaction.savepoint_commit(before_current)
        return DeviceChange(wrong="current")
    cleaned = _clean(token)
    if cleaned is None or not device.verify_token(cleaned):
        transaction.savepoint_rollback(before_current)
        return DeviceChange(wrong="token")
    transaction.savepoint_commit(before_current)
    return DeviceChange(codes=_switch_on(request, user, device))


def recovery_codes_renew(user: User) -> list[str]:
    """Replace the user's recovery codes with new single-use ones and return them."""
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_NAME, confirmed=True)
    codes = [f"{secrets.randbelow(10**10):010d}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def verify(*, request: HttpRequest, user: User, token: str) -> bool:
    """Check a code from the app or a recovery code; on success mark the session verified."""
    device = _confirmed_device_accepting(user, token)
    if device is None:
        return False
    otp_login(request, device)
    return True


@transaction.atomic
def mfa_disable(*, user: User, token: str) -> bool:
    """Remove a job seeker's second step if `token` is a current code; return whether it was.

    A session left open somewhere must not be enough to switch the protection off, so the
    person proves once more that they hold the phone or a recovery code. Staff cannot switch
    it off: it is required for them.
    """
    if mfa_required(user) and user.is_professional:
        raise PermissionError("staff must keep two-step login")
    _lock(user)
    if _confirmed_device_accepting(user, token) is None:
        return False
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    return True


@transaction.atomic
def mfa_reset(*, admin: User, coach_id: int) -> None:
    """Let an organisation admin clear a coach's devices (lost phone); set-up starts again."""
    if admin.role != Role.ADMIN or admin.organisation_id is None:
        raise PermissionError("only organisation admins reset two-step login")
    coach = User.objects.get(pk=coach_id, organisation_id=admin.organisation_id, role=Role.COACH)
    TOTPDevice.objects.filter(user=coach).delete()
    StaticDevice.objects.filter(user=coach).delete()
