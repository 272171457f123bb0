"""`manage.py demo_totp`: the current six-digit code of the demo's authenticator key (the
secretariat's and the board's demo accounts, README), for a newcomer without an app."""

from __future__ import annotations

import base64
import time

from django.core.management.base import BaseCommand
from django_otp.oath import totp

from members.demo import DEMO_TOTP_SECRET


class Command(BaseCommand):
    help = "Print the current code of the demo accounts' second factor."

    def handle(self, *args, **options):
        key = base64.b32decode(DEMO_TOTP_SECRET)
        code = totp(key, step=30, t0=0, digits=6)
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{code:06d}  (valid for about {left} more seconds)")
