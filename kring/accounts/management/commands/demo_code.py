from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from kring.accounts.models import normalise_email

DEMO_DOMAIN = "@demo.kring.test"


class Command(BaseCommand):
    help = (
        "Print the current two-step login code of a demo account (…@demo.kring.test), "
        "so a trial needs no authenticator app. Refused in production and for real accounts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email", help="a demo account, e.g. coach1@demo.kring.test")

    def handle(self, *args: Any, **options: Any) -> None:
        email = normalise_email(options["email"])
        if settings.PRODUCTION:
            raise CommandError("demo_code is not available in production")
        if not email.endswith(DEMO_DOMAIN):
            raise CommandError(f"only demo accounts ({DEMO_DOMAIN}) have a printable code")
        device = TOTPDevice.objects.filter(user__email=email, confirmed=True).first()
        if device is None:
            raise CommandError(f"{email} has no two-step login; run seed_demo first")
        totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
        self.stdout.write(f"{totp.token():0{device.digits}d}")
