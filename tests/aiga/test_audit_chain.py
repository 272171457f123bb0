"""The audit log's hash chain, its check (`manage.py audit_verify`), the trigger that refuses
changes on PostgreSQL, and entries holding ids rather than people's names and addresses."""

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, transaction

from aiga.audit import audit_chain_verify, audit_log
from aiga.models import AuditEntry
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def three():
    org = OrganisationFactory()
    actor = UserFactory(groups=["Secretariat"])
    return [
        audit_log(actor=actor, action="organisation.update", target=org, note="住所変更"),
        audit_log(actor=None, action="invoice.sent", target=org, data={"message": "k-1"}),
        audit_log(actor=actor, action="membership.issued", to_state="active", data={"n": 3}),
    ]


def raw(sql, params=()):
    """As the table's owner would: past the triggers (replica role) in a savepoint."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute(sql, params)


def test_each_entry_links_to_the_one_before(three):
    first, second, third = three
    before = AuditEntry.objects.filter(pk__lt=first.pk).order_by("-pk").first()
    assert first.prev_hash == (before.hash if before else "")
    assert second.prev_hash == first.hash and third.prev_hash == second.hash
    assert len({first.hash, second.hash, third.hash}) == 3
    assert all(len(e.hash) == 64 for e in three)


def test_the_stored_entries_verify(three, capsys):
    count = AuditEntry.objects.count()
    assert count >= 3 and audit_chain_verify() == (count, None)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert f"intact: {count} entries" in out and three[-1].hash in out


@pytest.mark.postgres
def test_the_database_refuses_to_change_or_delete_an_entry(three):
    for sql in (
        "UPDATE aiga_auditentry SET note = 'x' WHERE id = %s",
        "DELETE FROM aiga_auditentry WHERE id = %s",
    ):
        with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [three[1].pk])
    assert AuditEntry.objects.get(pk=three[1].pk).note == ""
    assert audit_chain_verify()[1] is None


@pytest.mark.postgres
def test_audit_verify_finds_an_entry_altered_past_the_trigger(three):
    raw("UPDATE aiga_auditentry SET note = '改ざん' WHERE id = %s", [three[0].pk])
    with pytest.raises(CommandError, match=f"broken at entry {three[0].pk}: its content"):
        call_command("audit_verify")


@pytest.mark.postgres
def test_audit_verify_finds_its_data_altered(three):
    raw("""UPDATE aiga_auditentry SET data = '{"n": 4}' WHERE id = %s""", [three[2].pk])
    checked, broken = audit_chain_verify()
    assert broken.entry_id == three[2].pk and broken.reason == "content"
    assert checked == AuditEntry.objects.filter(pk__lt=three[2].pk).count()


@pytest.mark.postgres
def test_audit_verify_finds_an_entry_removed_from_the_middle(three):
    raw("DELETE FROM aiga_auditentry WHERE id = %s", [three[1].pk])
    with pytest.raises(CommandError, match=f"broken at entry {three[2].pk}: it does not link"):
        call_command("audit_verify")


@pytest.mark.postgres
def test_audit_verify_finds_a_rehashed_entry_that_no_longer_links(three):
    """Whoever rewrites an entry and its own hash still breaks the next entry's link."""
    from aiga.audit import entry_hash

    entry = AuditEntry.objects.get(pk=three[0].pk)
    entry.note = "改ざん"
    forged = entry_hash(entry, entry.prev_hash)
    raw(
        "UPDATE aiga_auditentry SET note = %s, hash = %s WHERE id = %s",
        ["改ざん", forged, three[0].pk],
    )
    checked, broken = audit_chain_verify()
    assert broken.entry_id == three[1].pk and broken.reason == "link"


def test_entries_about_people_hold_ids_not_names_or_addresses():
    from members.services.invitations import contact_invite
    from members.services.people import contact_add
    from tests.factories import ContactFactory, MembershipFactory

    org = OrganisationFactory()
    MembershipFactory(organisation=org)
    manager_user = UserFactory()
    ContactFactory(
        organisation=org, user=manager_user, email=manager_user.email,
        is_member_representative=True,
    )  # fmt: skip
    fields = {"family_name": "秘密", "given_name": "花子", "email": "hanako@example.jp"}
    contact = contact_add(
        organisation=org, actor=manager_user, fields=fields, roles={"is_billing_contact": True}
    )
    contact_invite(contact=contact, actor=manager_user)
    entries = list(AuditEntry.objects.all())
    assert {e.action for e in entries} >= {"contact.add", "contact.billing_addressee",
                                           "portal.invitation"}  # fmt: skip
    for entry in entries:
        text = f"{entry.note} {entry.data} {entry.object_id}"
        assert "hanako@example.jp" not in text and "秘密" not in text, entry.action
