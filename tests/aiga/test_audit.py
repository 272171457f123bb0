import pytest

from aiga.audit import audit_entries_for, audit_log
from aiga.models import AuditEntry, ImmutableError
from members import roles
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry():
    org = OrganisationFactory()
    actor = UserFactory(groups=[roles.SECRETARIAT])
    return audit_log(
        actor=actor,
        action="organisation.update",
        target=org,
        from_state="a",
        to_state="b",
        note="住所変更",
    )


def test_entry_records_who_what_when(entry):
    assert entry.actor is not None
    assert entry.object_id == str(entry.target.pk) and len(entry.hash) == 64
    assert list(audit_entries_for(entry.target)) == [entry]


def test_entries_cannot_be_changed_or_deleted_in_code(entry):
    entry.note = "改ざん"
    with pytest.raises(ImmutableError):
        entry.save()
    with pytest.raises(ImmutableError):
        entry.delete()
    with pytest.raises(ImmutableError):
        AuditEntry.objects.all().delete()
    with pytest.raises(ImmutableError):
        AuditEntry.objects.update(note="改ざん")
    assert AuditEntry.objects.get(pk=entry.pk).note == "住所変更"


@pytest.mark.parametrize("superuser", [False, True])
def test_admin_refuses_edit_and_delete(client, entry, superuser):
    if superuser:
        user = UserFactory(is_staff=True, is_superuser=True)
    else:
        user = UserFactory(groups=[roles.SECRETARIAT])
    client.force_login(user)
    base = "/admin/aiga/auditentry/"
    assert client.get(base).status_code == 200
    assert client.get(f"{base}{entry.pk}/change/").status_code == 200  # read-only view
    response = client.post(f"{base}{entry.pk}/change/", {"note": "改ざん"})
    assert response.status_code == 403
    assert client.get(f"{base}{entry.pk}/delete/").status_code == 403
    assert client.post(f"{base}{entry.pk}/delete/", {"post": "yes"}).status_code == 403
    response = client.post(
        base, {"action": "delete_selected", "_selected_action": [entry.pk], "post": "yes"}
    )
    assert AuditEntry.objects.filter(pk=entry.pk).exists()
    assert AuditEntry.objects.get(pk=entry.pk).note == "住所変更"
