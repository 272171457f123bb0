"""New versions of the documents members must accept: the 会員代表者 accepts in the portal,
the secretariat sees who has and has not, and reminds those who have not."""

import datetime

import pytest
from django.core.files.base import ContentFile  # noqa: F401

from aiga.models import AuditEntry, OutboxMessage
from members.admissions.models import AgreementDocument, Consent, MemberAcceptance
from members.admissions.selectors.acceptances import (
    document_acceptance_rows,
    organisation_pending_documents,
)
from members.admissions.services.acceptances import (
    AcceptanceError,
    document_accept,
    document_remind,
)
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory
from tests.members.admissions.board_helpers import ApplicationFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def revised():
    old = AgreementDocument.objects.filter(kind=AgreementDocument.Kind.MEMBERSHIP_RULES).first()
    return AgreementDocument.objects.create(
        kind=AgreementDocument.Kind.MEMBERSHIP_RULES,
        title="会員規程",
        title_en="Membership Rules",
        version="99",
        text="改定版",
        full_text="第1条 改定後の会員規程。",
        effective_date=datetime.date(2026, 12, 1),
        members_must_accept=True,
        url=old.url if old else "",
    )


def _member(name, *, representative=True):
    organisation = OrganisationFactory(legal_name=name)
    MembershipFactory(organisation=organisation, admission_date=datetime.date(2025, 10, 15))
    user = UserFactory(email=f"{organisation.pk}-rep@example.jp")
    ContactFactory(
        organisation=organisation,
        user=user,
        email=user.email,
        is_member_representative=representative,
    )
    return organisation, user


def test_the_representative_accepts_once(revised):
    organisation, user = _member("甲株式会社")
    assert organisation_pending_documents(organisation, today=TODAY) == [revised]
    first = document_accept(organisation=organisation, document=revised, actor=user, today=TODAY)
    again = document_accept(organisation=organisation, document=revised, actor=user, today=TODAY)
    assert first.pk == again.pk and first.document_sha256 == revised.sha256
    assert organisation_pending_documents(organisation, today=TODAY) == []
    assert AuditEntry.objects.filter(action="agreement.member_accept").count() == 1


def test_only_the_member_representative_may_accept(revised):
    organisation, _user = _member("乙株式会社", representative=False)
    with pytest.raises(AcceptanceError):
        document_accept(organisation=organisation, document=revised, actor=_user, today=TODAY)
    assert not MemberAcceptance.objects.exists()


def test_a_version_agreed_to_when_joining_is_not_asked_again(revised):
    organisation, _user = _member("丙株式会社")
    application = ApplicationFactory(organisation=organisation)
    Consent.objects.create(
        application=application,
        document=revised,
        agreed_at=datetime.datetime(2026, 12, 2, tzinfo=datetime.UTC),
        agreed_by_name="申込 太郎",
    )
    assert organisation_pending_documents(organisation, today=TODAY) == []


def test_a_version_not_yet_in_force_or_not_marked_is_not_asked(revised):
    organisation, _user = _member("丁株式会社")
    assert organisation_pending_documents(organisation, today=datetime.date(2026, 11, 30)) == []
    revised.members_must_accept = False
    revised.save()
    assert organisation_pending_documents(organisation, today=TODAY) == []


def test_the_secretariat_sees_who_has_and_reminds_the_others(
    revised, django_capture_on_commit_callbacks
):
    accepted, user = _member("戊株式会社")
    waiting, _other = _member("己株式会社")
    document_accept(organisation=accepted, document=revised, actor=user, today=TODAY)
    rows = {row.organisation: row.how for row in document_acceptance_rows(revised, today=TODAY)}
    assert rows[accepted] == "portal" and rows[waiting] == ""
    assert document_remind(document=revised, actor=None, today=TODAY) == 1
    assert document_remind(document=revised, actor=None, today=TODAY) == 1  # same day: no more mail
    messages = OutboxMessage.objects.filter(template_key="admissions.document_acceptance_reminder")
    assert [m.to for m in messages] == [[waiting.contacts.get().email]]
    assert messages.get().context["version"] == "99"


def test_the_portal_asks_the_representative_and_records_the_acceptance(client, revised):
    organisation, user = _member("庚株式会社")
    client.force_login(user)
    html = client.get("/portal/admissions/").content.decode()
    assert "ご同意をお願いしている文書" in html and "第99版" in html
    assert "改定された文書" in client.get("/portal/").content.decode()
    response = client.post(f"/portal/admissions/accept/{revised.pk}/", follow=True)
    html = response.content.decode()
    assert "ご同意をお願いしている文書" not in html
    assert "入会後にご同意いただいた改定" in html
    assert MemberAcceptance.objects.get().organisation == organisation


def test_another_colleague_sees_the_request_but_cannot_accept(client, revised):
    organisation, _rep = _member("辛株式会社")
    colleague = UserFactory()
    ContactFactory(organisation=organisation, user=colleague, email=colleague.email)
    client.force_login(colleague)
    html = client.get("/portal/admissions/").content.decode()
    assert "会員代表者の方にお願いしています" in html
    client.post(f"/portal/admissions/accept/{revised.pk}/")
    assert not MemberAcceptance.objects.exists()


def test_a_document_that_is_not_asked_is_not_found(client, revised):
    _organisation, user = _member("壬株式会社")
    client.force_login(user)
    other = AgreementDocument.objects.exclude(pk=revised.pk).first()
    assert client.post(f"/portal/admissions/accept/{other.pk}/").status_code == 404
    assert client.get(f"/portal/admissions/accept/{revised.pk}/").status_code == 405


def test_the_version_page_in_the_admin_lists_who_has_not(admin_client, revised):
    _member("癸株式会社")
    html = admin_client.get(f"/admin/admissions/agreementdocument/{revised.pk}/change/").content
    html = html.decode()
    assert "acceptance-status" in html and "癸株式会社" in html and "未同意" in html
