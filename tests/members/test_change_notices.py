"""変更届: filed by the 会員代表者 or 実務担当 of a current member, only the changed fields
recorded, the SMB line flagged, applied with the organisation's history on approval,
returned with a reason; another company's notices are 404."""

from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from aiga.models import AuditEntry, OutboxMessage
from members.models import ChangeNotice, Contact
from members.services.change_notices import (
    ChangeNoticeError,
    change_notice_approve,
    change_notice_return,
    change_notice_submit,
    change_notice_withdraw,
)
from members.smb_line import crosses_smb_line, smb_side
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def company():
    organisation = OrganisationFactory(
        legal_name="変更前商事株式会社",
        legal_name_kana="ヘンコウマエショウジ",
        share_capital=80_000_000,
        member_number="AIGA-0777",
    )
    MembershipFactory(organisation=organisation, category="smb")
    return organisation


def _person(organisation, **roles):
    user = UserFactory()
    ContactFactory(organisation=organisation, user=user, email=user.email, **roles)
    return user


@pytest.fixture
def representative(company):
    return _person(company, is_member_representative=True)


@pytest.fixture
def secretariat():
    return UserFactory(groups=["Secretariat"], full_name="事務局 花子")


# ---------------------------------------------------------------- the SMB line (pure)
@pytest.mark.parametrize(
    ("kind", "capital", "ratio", "side"),
    [
        ("plain", 100_000_000, None, True),  # exactly ¥100m is still SMB
        ("plain", 100_000_001, None, False),
        ("plain", 50_000_000, "50", True),  # exactly 50% does not disqualify
        ("plain", 50_000_000, "50.01", False),
        ("plain", None, None, None),  # undecided: the secretariat decides by hand
        ("none", 0, None, None),
    ],
)
def test_smb_side(kind, capital, ratio, side):
    assert smb_side(capital_kind=kind, capital=capital, parent_ratio=ratio) is side


@pytest.mark.parametrize(
    ("before", "after", "crosses"),
    [
        ((80_000_000, None), (120_000_000, None), True),
        ((120_000_000, None), (100_000_000, None), True),
        ((80_000_000, None), (90_000_000, None), False),
        ((80_000_000, "10"), (80_000_000, "60"), True),
        ((200_000_000, None), (300_000_000, "60"), False),
        ((None, None), (80_000_000, None), False),
    ],
)
def test_crossing_the_line(before, after, crosses):
    side = lambda v: {"capital_kind": "plain", "capital": v[0], "parent_ratio": v[1]}  # noqa: E731
    assert crosses_smb_line(before=side(before), after=side(after)) is crosses


# ---------------------------------------------------------------- who may file
def test_only_the_representative_or_practical_contact_files(company):
    other_person = _person(company, is_billing_contact=True)
    with pytest.raises(ChangeNoticeError):
        change_notice_submit(organisation=company, actor=other_person, values={"legal_name": "x"})
    practical = _person(company, is_practical_contact=True)
    notice = change_notice_submit(
        organisation=company, actor=practical, values={"legal_name": "新商号株式会社"}
    )
    assert notice.status == ChangeNotice.Status.SUBMITTED


def test_a_company_that_is_not_a_current_member_cannot_file():
    organisation = OrganisationFactory()  # no membership
    user = _person(organisation, is_member_representative=True)
    with pytest.raises(ChangeNoticeError):
        change_notice_submit(organisation=organisation, actor=user, values={"legal_name": "x"})


def test_one_cannot_file_for_another_company(company, representative):
    other = OrganisationFactory()
    MembershipFactory(organisation=other)
    with pytest.raises(ChangeNoticeError):
        change_notice_submit(organisation=other, actor=representative, values={"legal_name": "x"})


# ---------------------------------------------------------------- what is recorded
def test_only_changed_fields_are_recorded_and_the_secretariat_is_told(
    company, representative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = change_notice_submit(
            organisation=company,
            actor=representative,
            values={
                "legal_name": "新商号株式会社",
                "legal_name_kana": company.legal_name_kana,  # unchanged
                "address": company.address,  # unchanged
                "share_capital": 80_000_000,  # unchanged
            },
        )
    assert notice.changes == {"legal_name": {"old": "変更前商事株式会社", "new": "新商号株式会社"}}
    assert not notice.crosses_smb_line
    assert OutboxMessage.objects.get(template_key="change_notice_submitted").to
    (message,) = mail.outbox
    assert "新商号株式会社" in message.body and "変更前商事株式会社" in message.body
    assert "Change notice" in message.body or "change notice" in message.body
    assert AuditEntry.objects.filter(action="change_notice.submit").exists()


def test_nothing_changed_is_refused(company, representative):
    with pytest.raises(ChangeNoticeError, match="変更された項目がありません"):
        change_notice_submit(
            organisation=company, actor=representative, values={"legal_name": company.legal_name}
        )
    assert not ChangeNotice.objects.exists()


def test_one_open_notice_at_a_time(company, representative):
    change_notice_submit(organisation=company, actor=representative, values={"legal_name": "A社"})
    with pytest.raises(ChangeNoticeError, match="確認中の変更届"):
        change_notice_submit(
            organisation=company, actor=representative, values={"legal_name": "B社"}
        )
    assert ChangeNotice.objects.count() == 1


def test_capital_crossing_the_smb_line_is_flagged_to_the_secretariat(
    company, representative, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        notice = change_notice_submit(
            organisation=company, actor=representative, values={"share_capital": 150_000_000}
        )
    assert notice.crosses_smb_line
    (message,) = mail.outbox
    assert "会員区分の確認が必要" in message.subject
    assert "次年度からの会員区分" in message.body
    assert "150,000,000円" in message.body


def test_parent_share_crossing_is_flagged(company, representative):
    notice = change_notice_submit(
        organisation=company, actor=representative, values={"parent_ratio": Decimal("51")}
    )
    assert notice.crosses_smb_line
    assert notice.changes["parent_ratio"] == {"old": None, "new": "51"}


# ---------------------------------------------------------------- approval applies it
def test_approval_applies_the_change_with_history(
    company, representative, secretariat, django_capture_on_commit_callbacks
):
    notice = change_notice_submit(
        organisation=company,
        actor=representative,
        values={"legal_name": "新商号株式会社", "share_capital": 90_000_000},
    )
    with django_capture_on_commit_callbacks(execute=True):
        change_notice_approve(notice=notice, actor=secretariat)
    company.refresh_from_db()
    notice.refresh_from_db()
    assert company.legal_name == "新商号株式会社" and company.share_capital == 90_000_000
    assert notice.status == ChangeNotice.Status.APPROVED
    assert notice.decided_by == secretariat and notice.decided_at
    latest = company.history.order_by("-history_id").first()
    assert latest.history_user == secretariat
    assert f"No.{notice.pk}" in latest.history_change_reason
    assert representative.contact.full_name in latest.history_change_reason
    assert company.history.order_by("-history_id")[1].legal_name == "変更前商事株式会社"
    assert OutboxMessage.objects.get(template_key="change_notice_approved").to == [
        representative.email
    ]
    assert "新商号株式会社" in mail.outbox[-1].body
    assert AuditEntry.objects.filter(action="change_notice.approve").exists()


def test_approving_twice_or_by_a_member_is_refused(company, representative, secretariat):
    notice = change_notice_submit(
        organisation=company, actor=representative, values={"legal_name": "A社"}
    )
    with pytest.raises(ChangeNoticeError):
        change_notice_approve(notice=notice, actor=representative)
    change_notice_approve(notice=notice, actor=secretariat)
    with pytest.raises(ChangeNoticeError, match="承認・反映済み"):
        change_notice_approve(notice=notice, actor=secretariat)
    with pytest.raises(ChangeNoticeError):
        change_notice_return(notice=notice, actor=secretariat, reason="x")


def test_return_needs_a_reason_and_leaves_the_register(
    company, representative, secretariat, django_capture_on_commit_callbacks
):
    notice = change_notice_submit(
        organisation=company, actor=representative, values={"legal_name": "A社"}
    )
    with pytest.raises(ChangeNoticeError, match="理由"):
        change_notice_return(notice=notice, actor=secretariat, reason="  ")
    with django_capture_on_commit_callbacks(execute=True):
        change_notice_return(notice=notice, actor=secretariat, reason="登記事項証明書を添付")
    company.refresh_from_db()
    assert company.legal_name == "変更前商事株式会社"
    assert "登記事項証明書を添付" in mail.outbox[-1].body


def test_withdrawn_by_the_company(company, representative):
    notice = change_notice_submit(
        organisation=company, actor=representative, values={"legal_name": "A社"}
    )
    change_notice_withdraw(notice=notice, actor=representative)
    notice.refresh_from_db()
    assert notice.status == ChangeNotice.Status.WITHDRAWN
    # A new notice may now be filed.
    change_notice_submit(organisation=company, actor=representative, values={"legal_name": "B社"})


def test_a_new_legal_representative_is_a_new_contact_holding_the_role(
    company, representative, secretariat
):
    ceo = ContactFactory(
        organisation=company,
        family_name="旧",
        given_name="社長",
        title="代表取締役",
        is_legal_representative=True,
    )
    notice = change_notice_submit(
        organisation=company,
        actor=representative,
        values={"legal_representative_name": "新 社長", "legal_representative_title": "社長"},
    )
    change_notice_approve(notice=notice, actor=secretariat)
    ceo.refresh_from_db()
    assert not ceo.is_legal_representative  # kept, without the role
    new = Contact.objects.get(organisation=company, is_legal_representative=True)
    assert (new.family_name, new.given_name, new.title) == ("新", "社長", "社長")


def test_changing_the_member_representative_is_a_notice(company, representative, secretariat):
    colleague = ContactFactory(organisation=company)
    notice = change_notice_submit(
        organisation=company, actor=representative, values={"member_representative": colleague}
    )
    row = notice.change_rows()[0]
    assert row["old"] == representative.contact.full_name and row["new"] == colleague.full_name
    change_notice_approve(notice=notice, actor=secretariat)
    colleague.refresh_from_db()
    assert colleague.is_member_representative
    assert (
        Contact.objects.filter(
            organisation=company, is_member_representative=True, is_active=True
        ).get()
        == colleague
    )


def test_member_representative_from_another_company_is_refused(company, representative):
    stranger = ContactFactory()
    with pytest.raises(ChangeNoticeError, match="在籍中の担当者"):
        change_notice_submit(
            organisation=company, actor=representative, values={"member_representative": stranger}
        )


# ---------------------------------------------------------------- the portal's pages
def test_the_form_is_prefilled_and_bad_input_gives_field_errors(client, company, representative):
    client.force_login(representative)
    html = client.get("/portal/profile/notices/new/").content.decode()
    assert 'value="変更前商事株式会社"' in html
    assert "80,000,000" in html
    response = client.post(
        "/portal/profile/notices/new/",
        {
            "legal_name": "",
            "postal_code": "12",
            "share_capital": "たくさん",
            "parent_ratio": "150",
            "legal_representative_name": "山田太郎",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {
        "legal_name",
        "postal_code",
        "share_capital",
        "parent_ratio",
        "legal_representative_name",
    }
    assert not ChangeNotice.objects.exists()


def test_a_document_that_is_not_a_pdf_is_a_field_error(client, company, representative):
    client.force_login(representative)
    data = {
        "legal_name": "新商号株式会社",
        "legal_name_kana": company.legal_name_kana,
        "postal_code": company.postal_code,
        "prefecture": company.prefecture,
        "address": company.address,
        "share_capital": "80,000,000",
        "member_representative": representative.contact.pk,
        "document": SimpleUploadedFile("a.pdf", b"not a pdf", content_type="application/pdf"),
    }
    response = client.post("/portal/profile/notices/new/", data)
    assert response.status_code == 200 and "document" in response.context["form"].errors
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    data["document"] = SimpleUploadedFile("a.pdf", pdf, content_type="application/pdf")
    response = client.post("/portal/profile/notices/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    notice = ChangeNotice.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{notice.pk}/")
    assert list(notice.changes) == ["legal_name"]
    assert notice.document
    assert client.get(f"/portal/profile/notices/{notice.pk}/document/").status_code == 200


def test_another_companys_notice_is_not_found(client, company, representative):
    notice = change_notice_submit(
        organisation=company, actor=representative, values={"legal_name": "秘密の新商号"}
    )
    other = OrganisationFactory()
    MembershipFactory(organisation=other)
    client.force_login(_person(other, is_member_representative=True))
    for url in (
        f"/portal/profile/notices/{notice.pk}/",
        f"/portal/profile/notices/{notice.pk}/document/",
    ):
        assert client.get(url).status_code == 404
    assert client.post(f"/portal/profile/notices/{notice.pk}/withdraw/").status_code == 404
    assert "秘密の新商号" not in client.get("/portal/profile/").content.decode()
    notice.refresh_from_db()
    assert notice.is_open


def test_a_colleague_without_the_roles_sees_but_cannot_file(client, company):
    client.force_login(_person(company, is_navi_respondent=True))
    assert "変更届を出す" not in client.get("/portal/profile/").content.decode()
    assert client.get("/portal/profile/notices/new/").status_code == 403


def test_the_admin_approves_and_returns_through_the_service(client, company, representative):
    notice = change_notice_submit(
        organisation=company, actor=representative, values={"share_capital": 150_000_000}
    )
    client.force_login(UserFactory(groups=["Secretariat"]))
    page = client.get(f"/admin/members/changenotice/{notice.pk}/change/").content.decode()
    assert "SMB枠の基準をまたぎます" in page and "150,000,000円" in page
    response = client.post(f"/admin/members/changenotice/{notice.pk}/return/", {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors
    client.post(f"/admin/members/changenotice/{notice.pk}/actions/approve/")
    company.refresh_from_db()
    assert company.share_capital == 150_000_000
