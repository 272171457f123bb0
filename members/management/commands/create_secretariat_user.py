"""Create (or promote) a secretariat user: staff, in the Secretariat group, not a superuser."""

import getpass

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email

from members import roles
from members.models import User


class Command(BaseCommand):
    help = "Create the first secretariat (事務局) user, or add an existing user to the group."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--name", default="", help="Full name, e.g. 事務局 花子")
        parser.add_argument("--board", action="store_true", help="Also a director (理事会).")
        parser.add_argument("--password", help="Password (asked for when omitted).")

    def handle(self, *args, email, name, board, password, **options):
        try:
            validate_email(email)
        except ValidationError as exc:
            raise CommandError(f"{email!r} is not a valid e-mail address.") from exc
        roles.ensure_groups()
        user = User.objects.filter(email__iexact=email).first()
        if user is None:
            if not password:
                password = getpass.getpass("Password: ")
            if not password:
                raise CommandError("A password is required.")
            user = User.objects.create_user(email=email, password=password, full_name=name)
            self.stdout.write(f"Created {email}.")
        roles.grant_groups(user, [roles.SECRETARIAT, *([roles.BOARD] if board else [])])
        self.stdout.write(self.style.SUCCESS(f"{email} is in the Secretariat group."))
