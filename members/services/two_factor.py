"""The second factor (django-otp): an authenticator app's six-digit codes (TOTP) and ten
one-time recovery codes. Required of staff and directors when settings.TWO_FACTOR_REQUIRED
(members.middleware.SecondFactorMiddleware); offered to members from their settings page."""

from __future__ import annotations

import base64
import secrets
import unicodedata

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from aiga.audit import audit_log
from members.roles import is_privileged

RECOVERY_CODES = 10
DEVICE_NAME = "authenticator"


class TwoFactorError(Exception):
    pass


def second_factor_required(user) -> bool:
    return settings.TWO_FACTOR_REQUIRED and is_privileged(user)


def has_second_factor(user) -> bool:
    return any(True for _ in devices_for_user(user, confirmed=True))


def normalise_token(value: str) -> str:
    """What was typed, as a code: full-width digits folded, spaces and hyphens dropped."""
    text = unicodedata.normalize("NFKC", value or "")
    return "".join(ch for ch in text if ch not in " -\t").lower()


def base32_secret(device: TOTPDevice) -> str:
    """The key as authenticator apps take it when typed in: base32, without padding."""
    return base64.b32encode(device.bin_key).decode().rstrip("=")


def totp_device_pending(*, user) -> TOTPDevice:
    """The unconfirmed device being set up (a new key each time the page starts afresh)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def totp_device_install(*, user, secret: str) -> TOTPDevice:
    """A confirmed authenticator with a known base32 key: the demo's documented one and the
    tests'. Never for a real account: whoever knows the key has the second factor."""
    key = base64.b32decode(secret + "=" * (-len(secret) % 8)).hex()
    TOTPDevice.objects.filter(user=user).delete()
    return TOTPDevice.objects.create(user=user, name=DEVICE_NAME, key=key, confirmed=True)


def _new_recovery_codes(user) -> list[str]:
    static, _created = StaticDevice.objects.get_or_create(
        user=user, name="recovery", defaults={"confirmed": True}
    )
    static.token_set.all().delete()
    codes = [f"{secrets.token_hex(2)}-{secrets.token_hex(2)}" for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=static, token=code.replace("-", "")) for code in codes
    )
    return codes


def second_factor_confirm(*, user, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the authenticator with a code it shows; returns the new recovery codes (to
    be shown once). Earlier authenticators of the user stop working."""
    with transaction.atomic():
        locked = TOTPDevice.objects.select_for_update().get(pk=device.pk, user=user)
        if locked.confirmed or not locked.verify_token(normalise_token(token)):
            raise TwoFactorError(
                _(
                    "確認コードが正しくありません。アプリに表示されている6桁の数字を入力してください。"
                )
            )
        TOTPDevice.objects.filter(user=user).exclude(pk=locked.pk).delete()
        locked.confirmed = True
        locked.save(update_fields=["confirmed"])
        codes = _new_recovery_codes(user)
        audit_log(actor=user, action="auth.second_factor_enabled", target=user)
    return codes


def recovery_codes_renew(*, user) -> list[str]:
    with transaction.atomic():
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            raise TwoFactorError(_("二段階認証が設定されていません。"))
        codes = _new_recovery_codes(user)
        audit_log(actor=user, action="auth.recovery_codes_renewed", target=user)
    return codes


def second_factor_disable(*, user) -> None:
    """A member turns it off; staff and directors cannot while it is required."""
    if second_factor_required(user):
        raise TwoFactorError(_("事務局・理事のアカウントでは二段階認証を解除できません。"))
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_log(actor=user, action="auth.second_factor_disabled", target=user)


def second_factor_reset(*, user, actor) -> None:
    """A superuser removes a person's authenticator and recovery codes (a lost phone): the
    person sets up a new one at the next log-in."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        audit_log(actor=actor, action="auth.second_factor_reset", target=user)


def second_factor_check(*, user, token: str):
    """The device that accepts the code (an authenticator's, or a recovery code, which is
    then used up), or None. django-otp slows down repeated failures per device."""
    code = normalise_token(token)
    if not code:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_is_allowed()[0] and device.verify_token(code):
            if isinstance(device, StaticDevice):
                audit_log(actor=user, action="auth.recovery_code_used", target=user)
            return device
    return None
