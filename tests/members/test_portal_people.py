"""People in the portal: the 会員代表者 and 実務担当 add a colleague (invited), change roles
and deactivate a person (kept, log-in ended); the 会員代表者 always has exactly one holder;
a change of 請求書宛先 is shown to the secretariat; each person keeps their own settings."""

import pytest
from django.db import IntegrityError, transaction

from aiga.models import AuditEntry
from members.models import Contact, MailingListChange, PortalInvitation
from members.services.mailing_list import mailing_list_addresses
from members.services.people import PeopleError, contact_roles_change, contact_set_active
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    organisation = OrganisationFactory(legal_name="担当者商事株式会社")
    MembershipFactory(organisation=organisation)
    return organisation


def _person(organisation, **roles):
    user = UserFactory()
    ContactFactory(organisation=organisation, user=user, email=user.email, **roles)
    return user


@pytest.fixture
def representative(company):
    return _person(company, is_member_representative=True)


# ---------------------------------------------------------------- exactly one 会員代表者
def test_the_database_refuses_a_second_member_representative(company, representative):
    with pytest.raises(IntegrityError), transaction.atomic():
        ContactFactory(organisation=company, is_member_representative=True)
    # A former one who left does not count.
    ContactFactory(organisation=company, is_member_representative=True, is_active=False)


def test_the_admin_form_says_so_instead_of_failing(company, representative):
    """The admin's contact forms validate the constraint: a field error, not a server error."""
    from django.core.exceptions import ValidationError

    second = ContactFactory.build(organisation=company, is_member_representative=True)
    with pytest.raises(ValidationError, match="会員代表者は1組織につき1名です"):
        second.validate_constraints()


def test_the_member_representative_cannot_be_deactivated(company, representative):
    secretariat = UserFactory(groups=["Secretariat"])
    practical = _person(company, is_practical_contact=True)
    for actor in (practical, secretariat):
        with pytest.raises(PeopleError, match="会員代表者"):
            contact_set_active(contact=representative.contact, active=False, actor=actor)
    representative.contact.refresh_from_db()
    assert representative.contact.is_active


def test_a_former_representative_comes_back_without_the_role(company, representative):
    secretariat = UserFactory(groups=["Secretariat"])
    former = ContactFactory(organisation=company, is_member_representative=True, is_active=False)
    contact_set_active(contact=former, active=True, actor=secretariat)
    former.refresh_from_db()
    assert former.is_active and not former.is_member_representative


def test_the_portal_role_form_cannot_give_the_member_representative(
    client, company, representative
):
    colleague = ContactFactory(organisation=company)
    client.force_login(representative)
    client.post(
        f"/portal/profile/people/{colleague.pk}/",
        {"is_member_representative": "on", "is_practical_contact": "on"},
    )
    colleague.refresh_from_db()
    assert colleague.is_practical_contact and not colleague.is_member_representative


# ---------------------------------------------------------------- adding and deactivating
def test_adding_a_colleague_invites_them(
    client, company, representative, django_capture_on_commit_callbacks
):
    client.force_login(representative)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/portal/profile/people/new/",
            {
                "family_name": "新人",
                "given_name": "花子",
                "email": "shinjin@example.jp",
                "is_navi_respondent": "on",
            },
        )
    assert response.status_code == 302
    contact = Contact.objects.get(email="shinjin@example.jp")
    assert contact.organisation == company and contact.is_navi_respondent
    assert PortalInvitation.objects.filter(contact=contact).exists()
    assert AuditEntry.objects.filter(action="contact.add", object_id=str(contact.pk)).exists()


def test_bad_input_is_field_errors_and_nothing_is_written(client, company, representative):
    client.force_login(representative)
    response = client.post(
        "/portal/profile/people/new/", {"family_name": "", "email": "not-an-address"}
    )
    assert response.status_code == 200
    assert {"family_name", "given_name", "email"} <= set(response.context["form"].errors)
    response = client.post(
        "/portal/profile/people/new/",
        {"family_name": "重複", "given_name": "太郎", "email": representative.email},
    )
    assert "email" in response.context["form"].errors
    assert company.contacts.count() == 1


def test_deactivating_a_colleague_ends_their_log_in_and_keeps_them(client, company, representative):
    colleague = _person(company, is_navi_respondent=True)
    client.force_login(representative)
    response = client.post(f"/portal/profile/people/{colleague.contact.pk}/deactivate/")
    assert response.status_code == 302
    colleague.refresh_from_db()
    colleague.contact.refresh_from_db()
    assert not colleague.is_active and not colleague.contact.is_active
    assert Contact.objects.filter(pk=colleague.contact.pk).exists()
    assert AuditEntry.objects.filter(action="user.deactivate", object_id=str(colleague.pk)).exists()


def test_nobody_deactivates_themselves(company):
    practical = _person(company, is_practical_contact=True)
    with pytest.raises(PeopleError):
        contact_set_active(contact=practical.contact, active=False, actor=practical)


def test_a_colleague_without_the_roles_cannot_manage(client, company, representative):
    plain = _person(company, is_navi_respondent=True)
    client.force_login(plain)
    assert client.get("/portal/profile/people/").status_code == 200
    assert client.get("/portal/profile/people/new/").status_code == 403
    assert client.get(f"/portal/profile/people/{representative.contact.pk}/").status_code == 403
    response = client.post(f"/portal/profile/people/{representative.contact.pk}/deactivate/")
    assert response.status_code == 403


def test_another_companys_people_are_not_found(client, company, representative):
    other = OrganisationFactory()
    MembershipFactory(organisation=other)
    stranger = ContactFactory(organisation=other, family_name="他社")
    client.force_login(representative)
    assert client.get(f"/portal/profile/people/{stranger.pk}/").status_code == 404
    for action in ("deactivate", "invite"):
        response = client.post(f"/portal/profile/people/{stranger.pk}/{action}/")
        assert response.status_code == 404
    stranger.refresh_from_db()
    assert stranger.is_active
    assert "他社" not in client.get("/portal/profile/people/").content.decode()


# ---------------------------------------------------------------- 請求書宛先
def test_a_new_billing_addressee_is_shown_to_the_secretariat(client, company, representative):
    from billing.services.invoices import billing_contact_for

    keiri = ContactFactory(organisation=company, family_name="経理")
    contact_roles_change(contact=keiri, actor=representative, roles={"is_billing_contact": True})
    assert billing_contact_for(company) == keiri
    entry = AuditEntry.objects.get(action="contact.billing_addressee")
    assert entry.object_id == str(company.pk) and entry.data == {"contact": keiri.pk}
    assert entry.note == ""  # the name is the register's, read by the id
    client.force_login(UserFactory(groups=["Secretariat"]))
    page = client.get(f"/admin/members/organisation/{company.pk}/change/").content.decode()
    assert "請求書宛先の変更" in page and keiri.full_name in page and "宛先に設定" in page


def test_issued_invoices_keep_their_addressee(company, representative, issuer):
    from tests.billing.invoice_helpers import DUES_LINES, issue

    first = ContactFactory(organisation=company, family_name="旧経理", is_billing_contact=True)
    invoice = issue(company, lines=DUES_LINES)
    assert "旧経理" in invoice.addressee
    contact_roles_change(contact=first, actor=representative, roles={"is_billing_contact": False})
    new = ContactFactory(organisation=company, family_name="新経理")
    contact_roles_change(contact=new, actor=representative, roles={"is_billing_contact": True})
    invoice.refresh_from_db()
    assert "旧経理" in invoice.addressee and invoice.billing_contact == first


def test_a_practical_contact_cannot_drop_their_own_role(company):
    practical = _person(company, is_practical_contact=True)
    with pytest.raises(PeopleError, match="ご自身の実務担当"):
        contact_roles_change(
            contact=practical.contact, actor=practical, roles={"is_practical_contact": False}
        )


# ---------------------------------------------------------------- my settings
def test_each_person_sets_their_language_and_mailing_list(client, company):
    user = _person(company, is_navi_respondent=True)  # any member, not only managers
    client.force_login(user)
    response = client.post("/portal/profile/settings/", {"language": "en", "mailing_list": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert user.email.lower() in mailing_list_addresses(company)
    client.post("/portal/profile/settings/", {"language": "ja"})
    assert user.email.lower() not in mailing_list_addresses(company)
    actions = list(
        MailingListChange.objects.filter(email=user.email).values_list("action", flat=True)
    )
    assert actions == ["add", "remove"]
    response = client.post("/portal/profile/settings/", {"language": "xx"})
    assert "language" in response.context["form"].errors
