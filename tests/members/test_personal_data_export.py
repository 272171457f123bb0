"""開示請求: the secretariat exports everything held about a person or a company, in one
workbook through aiga.exports; every export is audited; nobody else may."""

import io

import pytest
from openpyxl import load_workbook

from aiga.models import AuditEntry
from members.admissions.models import AgreementDocument, Consent
from members.roles import BOARD, SECRETARIAT
from tests.billing.invoice_helpers import issue
from tests.factories import ContactFactory, OrganisationFactory, UserFactory
from tests.helpers import refused
from tests.members.admissions.board_helpers import ApplicationFactory

pytestmark = pytest.mark.django_db
URL = "/admin/members/contact/personal-data/"


@pytest.fixture
def company(issuer):
    organisation = OrganisationFactory(
        legal_name="開示テスト株式会社", member_number="AIGA-0777", corporate_number="1234567890123"
    )
    person = ContactFactory(
        organisation=organisation,
        family_name="開示",
        given_name="花子",
        email="hanako@kaiji.example.jp",
        phone="03-0000-1111",
        is_billing_contact=True,
    )
    ContactFactory(organisation=organisation, family_name="同僚", email="other@kaiji.example.jp")
    application = ApplicationFactory(
        organisation=organisation, applicant_email="hanako@kaiji.example.jp"
    )
    Consent.objects.create(
        application=application,
        document=AgreementDocument.objects.first(),
        agreed_at="2026-04-01T10:00:00+09:00",
        agreed_by_name="開示 花子",
        ip="198.51.100.20",
    )
    issue(organisation)
    return organisation, person


def _sheets(response) -> dict[str, list[list]]:
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )
    workbook = load_workbook(io.BytesIO(response.content))
    return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in workbook}


def _cells(sheet) -> set:
    return {cell for row in sheet for cell in row}


def test_a_person_by_email(client, company):
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    sheets = _sheets(client.post(URL, {"email": "Hanako@Kaiji.example.jp"}))
    assert "開示" in _cells(sheets["担当者"]) and "03-0000-1111" in _cells(sheets["担当者"])
    assert "同僚" not in _cells(sheets["担当者"])  # a colleague is not this person
    assert "198.51.100.20" in _cells(sheets["同意の記録"])
    assert "hanako@kaiji.example.jp" in _cells(sheets["入会申込"])
    assert len(sheets["請求書"]) == 2  # header and the invoice addressed to her
    entry = AuditEntry.objects.get(action="privacy.export")
    assert entry.note == "hanako@kaiji.example.jp" and entry.data["rows"] > 0


def test_an_organisation_by_member_or_corporate_number(client, company):
    organisation, _person = company
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    for number in ("AIGA-0777", "1234567890123"):
        sheets = _sheets(client.post(URL, {"organisation": number}))
        assert {"開示", "同僚"} <= _cells(sheets["担当者"])
        assert "開示テスト株式会社" in _cells(sheets["会員組織"])
    assert (
        AuditEntry.objects.filter(action="privacy.export", object_id=str(organisation.pk)).count()
        == 2
    )


def test_unhappy_input_gets_field_errors_and_nothing_is_written(client, company):
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    page = client.post(URL, {}).content.decode()
    assert "メールアドレスか、会員番号・法人番号のどちらかを入力してください。" in page
    page = client.post(URL, {"organisation": "AIGA-9999"}).content.decode()
    assert "この番号の会員組織は見つかりません。" in page
    page = client.post(URL, {"email": "not-an-address"}).content.decode()
    assert "errorlist" in page
    assert not AuditEntry.objects.filter(action="privacy.export").exists()


def test_a_formula_in_a_name_is_written_as_text(client, company):
    _organisation, person = company
    person.family_name = '=HYPERLINK("http://x")'
    person.save()
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    sheets = _sheets(client.post(URL, {"email": "hanako@kaiji.example.jp"}))
    assert '\'=HYPERLINK("http://x")' in _cells(sheets["担当者"])


@pytest.mark.parametrize("groups", [[BOARD], []])
def test_only_the_secretariat(client, company, groups):
    client.force_login(UserFactory(groups=groups, is_staff=bool(groups)))
    response = client.post(URL, {"email": "hanako@kaiji.example.jp"})
    assert refused(response)
    assert not AuditEntry.objects.filter(action="privacy.export").exists()
