import pytest
from django.core.management import CommandError, call_command

from members import roles
from members.models import Contact, Organisation, User

pytestmark = pytest.mark.django_db


def test_seed_demo_is_idempotent():
    call_command("seed_demo")
    counts = (User.objects.count(), Organisation.objects.count(), Contact.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), Organisation.objects.count(), Contact.objects.count()) == counts
    head = User.objects.get(email="jimukyokucho@example.jp")
    assert roles.is_board(head) and roles.is_secretariat(head)
    assert not head.is_superuser
    assert Organisation.objects.filter(kind="individual").exists()
    categories = set(
        Organisation.objects.values_list("memberships__category", flat=True).exclude(
            memberships__category=None
        )
    )
    assert {"regular", "smb", "expert"} <= categories


def test_the_seeded_demo_has_an_intact_audit_chain_and_staff_authenticators():
    """audit_verify in CI: on the demo's whole history, every service's entries chained."""
    import io

    from django_otp.plugins.otp_totp.models import TOTPDevice

    call_command("seed_demo", stdout=io.StringIO())
    out = io.StringIO()
    call_command("audit_verify", stdout=out)
    assert "Audit chain intact" in out.getvalue()
    with_authenticator = set(
        TOTPDevice.objects.filter(confirmed=True).values_list("user__email", flat=True)
    )
    assert with_authenticator == {
        "jimukyoku@example.jp",
        "riji@example.jp",
        "jimukyokucho@example.jp",
    }


def test_create_secretariat_user():
    call_command("create_secretariat_user", "office@example.jp", password="Jimu-2026-pass!")
    user = User.objects.get(email="office@example.jp")
    assert user.is_staff and not user.is_superuser
    assert roles.is_secretariat(user)
    assert user.check_password("Jimu-2026-pass!")


def test_create_secretariat_user_refuses_a_bad_email():
    with pytest.raises(CommandError):
        call_command("create_secretariat_user", "not-an-email", password="x")
