"""The register import: a dry run lists every problem and writes nothing; the real run
writes everything in one go; the same file again changes nothing."""

from __future__ import annotations

import datetime
from io import BytesIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import Workbook

from aiga.models import AuditEntry
from billing.models import Invoice, LegacyInvoice
from billing.register_import import COLUMNS
from billing.services.register_import import member_import
from members.models import Contact, Membership, Organisation
from members.selectors.memberships import current_members
from members.services.member_numbers import member_number_assign
from tests.factories import OrganisationFactory, UserFactory

SAMPLE = Path(__file__).resolve().parents[2] / "docs" / "member_import_sample.csv"
TODAY = datetime.date(2026, 12, 4)  # fiscal year 2026 (October 2026 – September 2027)
HEADER = list(COLUMNS.values())


def _csv(rows, *, encoding="utf-8-sig") -> bytes:
    lines = [",".join(HEADER)] + [",".join(row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def _row(**values) -> list[str]:
    base = {
        "会員番号": "AIGA-0130",
        "名称": "株式会社テスト",
        "フリガナ": "テスト",
        "法人番号": "1234567890123",
        "郵便番号": "1040061",
        "都道府県": "東京都",
        "住所": "中央区銀座1-1-1",
        "会員区分": "通常枠",
        "入会日": "2025-01-15",
        "担当者 姓": "田中",
        "担当者 名": "一",
        "担当者 セイ": "たなか",
        "担当者 メイ": "はじめ",
        "担当者 部署": "",
        "担当者 役職": "",
        "担当者 メール": "tanaka@test.example.jp",
        "担当者 役割": "会員代表者",
        "請求書番号": "",
        "請求書 件名": "",
        "請求書 発行日": "",
        "請求書 金額": "",
        "請求書 入金日": "",
    }
    base.update(values)
    return [base[h] for h in HEADER]


def _run(data, *, dry_run, actor=None, filename="members.csv"):
    return member_import(data=data, filename=filename, actor=actor, today=TODAY, dry_run=dry_run)


def _counts():
    return (
        Organisation.objects.count(),
        Membership.objects.count(),
        Contact.objects.count(),
        LegacyInvoice.objects.count(),
    )


@pytest.mark.django_db
def test_a_dry_run_lists_each_rows_problems_in_japanese_and_writes_nothing():
    rows = [
        _row(),
        _row(**{"会員番号": "M-17", "名称": "株式会社ふたつめ", "法人番号": "123"}),
        _row(
            **{
                "会員番号": "AIGA-0131",
                "法人番号": "",
                "入会日": "2024/9/30",
                "担当者 メール": "not-an-address",
                "請求書番号": "OLD-1",
                "請求書 発行日": "2025-10-01",  # the previous fiscal year
                "請求書 金額": "十万",
                "請求書 入金日": "2025-10-10",
            }
        ),
    ]
    before = _counts()
    report = _run(_csv(rows), dry_run=True)
    found = {(e.row, e.column) for e in report.errors}
    assert (3, "会員番号") in found  # M-17 is not AIGA-0000
    assert (3, "法人番号") in found  # three digits
    assert (4, "入会日") in found  # before 1 October 2024
    assert (4, "担当者 メール") in found
    assert (4, "請求書 発行日") in found  # not this fiscal year
    assert (4, "請求書 金額") in found
    messages = {(e.row, e.column): e.message for e in report.errors}
    assert "AIGA-0001" in messages[(3, "会員番号")]
    assert "2024年10月1日" in messages[(4, "入会日")]
    assert str(report.errors[0]).startswith("3行目「")
    assert _counts() == before
    assert not AuditEntry.objects.filter(action="member_import.run").exists()


@pytest.mark.django_db
def test_a_clean_dry_run_says_what_it_would_do_and_still_writes_nothing():
    audits = AuditEntry.objects.count()
    report = _run(SAMPLE.read_bytes(), dry_run=True)
    assert report.errors == []
    assert report.created == ["AIGA-0121", "AIGA-0122", "AIGA-0123"]
    assert _counts() == (0, 0, 0, 0)
    assert AuditEntry.objects.count() == audits


@pytest.mark.django_db
def test_the_sample_file_imports_then_imports_again_without_changing_anything():
    actor = UserFactory(groups=["Secretariat"])
    report = _run(SAMPLE.read_bytes(), dry_run=False, actor=actor)
    assert report.errors == []
    assert report.created == ["AIGA-0121", "AIGA-0122", "AIGA-0123"]
    assert _counts() == (3, 3, 4, 2)

    bank = Organisation.objects.get(member_number="AIGA-0121")
    assert bank.legal_name == "株式会社サンプル銀行"
    assert bank.corporate_number == "1010001000001"
    assert bank.postal_code == "1000005"
    membership = bank.memberships.get()
    assert membership.category == "regular"
    assert membership.admission_date == datetime.date(2024, 10, 1)
    # Issued from the join day (midnight in Tokyo): not counted as a new member today.
    assert membership.issued_at == datetime.datetime(2024, 9, 30, 15, 0, tzinfo=datetime.UTC)
    representative = bank.contacts.get(is_member_representative=True)
    assert (representative.family_name, representative.is_legal_representative) == ("山田", True)
    billing = bank.contacts.get(email="sato@sample-bank.example.jp")
    assert billing.is_billing_contact and billing.is_practical_contact
    assert not billing.is_member_representative
    expert = Organisation.objects.get(member_number="AIGA-0123")
    assert expert.kind == "individual"
    assert expert.memberships.get().category == "expert"
    legacy = LegacyInvoice.objects.get(number="R6-0012")
    assert (legacy.organisation, legacy.fiscal_year, legacy.total) == (bank, 2026, 550000)
    assert legacy.paid_on == datetime.date(2026, 10, 31) and legacy.imported_by == actor
    assert not Invoice.objects.exists()  # outside the gapless series: no invoice, no e-mail
    assert set(current_members(on=TODAY)) == {
        bank,
        expert,
        Organisation.objects.get(member_number="AIGA-0122"),
    }
    assert AuditEntry.objects.filter(action="organisation.import").count() == 3
    assert AuditEntry.objects.filter(action="member_import.run").count() == 1

    stamps = list(Organisation.objects.order_by("pk").values_list("updated_at", flat=True))
    again = _run(SAMPLE.read_bytes(), dry_run=False, actor=actor)
    assert again.errors == []
    assert again.created == [] and again.updated == []
    assert again.unchanged == ["AIGA-0121", "AIGA-0122", "AIGA-0123"]
    assert again.changes == 0
    assert _counts() == (3, 3, 4, 2)
    assert list(Organisation.objects.order_by("pk").values_list("updated_at", flat=True)) == stamps
    assert AuditEntry.objects.filter(action="organisation.import").count() == 3


@pytest.mark.django_db
def test_a_changed_file_updates_the_member_matched_by_its_corporate_number():
    existing = OrganisationFactory(corporate_number="1234567890123", member_number=None)
    report = _run(_csv([_row(**{"名称": "株式会社テスト（新）"})]), dry_run=False)
    assert report.errors == []
    assert report.updated == ["AIGA-0130"]
    existing.refresh_from_db()
    assert (existing.member_number, existing.legal_name) == ("AIGA-0130", "株式会社テスト（新）")
    # The representative moves to whoever the next file names.
    _run(
        _csv([_row(**{"担当者 メール": "new@test.example.jp", "担当者 姓": "新井"})]),
        dry_run=False,
    )
    assert existing.contacts.get(is_member_representative=True).email == "new@test.example.jp"
    assert existing.contacts.count() == 2


@pytest.mark.django_db
def test_a_corporate_number_of_another_member_is_refused():
    OrganisationFactory(corporate_number="1234567890123", member_number="AIGA-0007")
    report = _run(_csv([_row()]), dry_run=False)
    assert [(e.row, e.column) for e in report.errors] == [(2, "法人番号")]
    assert "AIGA-0007" in report.errors[0].message
    assert not Organisation.objects.filter(member_number="AIGA-0130").exists()


@pytest.mark.django_db
def test_a_member_number_held_by_a_company_with_another_corporate_number_is_refused():
    holder = OrganisationFactory(
        member_number="AIGA-0130", corporate_number="9999999999999", legal_name="別会社株式会社"
    )
    report = _run(_csv([_row()]), dry_run=False)
    assert [(e.row, e.column) for e in report.errors] == [(2, "会員番号")]
    assert "別会社株式会社" in report.errors[0].message
    holder.refresh_from_db()
    assert holder.legal_name == "別会社株式会社"


@pytest.mark.django_db
def test_a_member_without_a_representative_and_a_file_in_cp932_are_reported():
    rows = [_row(**{"担当者 役割": "実務担当"}), _row(**{"会員番号": "AIGA-0131", "法人番号": ""})]
    report = _run(_csv(rows, encoding="cp932"), dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(2, "担当者 役割")]
    assert "会員代表者" in report.errors[0].message


@pytest.mark.django_db
def test_new_member_numbers_continue_after_the_highest_imported_one():
    _run(_csv([_row()]), dry_run=False)
    newcomer = OrganisationFactory(member_number=None)
    assert member_number_assign(organisation=newcomer) == "AIGA-0131"


@pytest.mark.django_db
def test_an_excel_file_imports_like_the_csv():
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    row = _row()
    row[HEADER.index("入会日")] = datetime.datetime(2025, 1, 15)
    ws.append(row)
    out = BytesIO()
    wb.save(out)
    report = _run(out.getvalue(), dry_run=False, filename="members.xlsx")
    assert report.errors == []
    assert Membership.objects.get().admission_date == datetime.date(2025, 1, 15)


@pytest.mark.django_db
def test_unknown_columns_are_named():
    data = "会員番号,名称,会員区分,入会日,電話\r\nAIGA-0001,x,通常枠,2025-01-01,03\r\n".encode()
    report = _run(data, dry_run=True)
    assert [(e.row, e.column) for e in report.errors] == [(1, "電話")]


@pytest.mark.django_db
def test_the_admin_page_checks_then_imports(client, clock):
    clock(TODAY)
    client.force_login(UserFactory(groups=["Secretariat"], is_staff=True))
    url = reverse("admin:billing_member_import")
    assert client.get(url).status_code == 200
    with SAMPLE.open("rb") as handle:
        response = client.post(url, {"file": handle, "dry_run": "1"})
    assert response.status_code == 200
    assert Organisation.objects.count() == 0
    assert 'id="import-created">3<' in response.content.decode()
    with SAMPLE.open("rb") as handle:
        response = client.post(url, {"file": handle, "apply": "1"})
    assert "取り込みました" in response.content.decode()
    assert Organisation.objects.count() == 3
    with SAMPLE.open("rb") as handle:
        response = client.post(url, {"file": handle, "apply": "1"})
    assert 'id="import-unchanged">3<' in response.content.decode()


@pytest.mark.django_db
def test_a_member_cannot_open_the_import(client):
    from tests.factories import member_user

    client.force_login(member_user())
    response = client.get(reverse("admin:billing_member_import"))
    assert response.status_code == 302  # to the admin's log-in


@pytest.mark.django_db
def test_the_command_checks_unless_told_to_apply(capsys, clock):
    clock(TODAY)
    call_command("import_members", str(SAMPLE))
    assert Organisation.objects.count() == 0
    call_command("import_members", str(SAMPLE), "--apply")
    assert Organisation.objects.count() == 3
    assert "3 new" in capsys.readouterr().out


@pytest.mark.django_db
def test_what_the_register_refuses_is_reported_and_nothing_is_written():
    # Already on the register with a value the model refuses: reported, all rolled back.
    OrganisationFactory(member_number="AIGA-0131", corporate_number="", capital_kind="bogus")
    rows = [_row(), _row(**{"会員番号": "AIGA-0131", "法人番号": "", "名称": "改名株式会社"})]
    report = _run(_csv(rows), dry_run=False)
    assert len(report.errors) == 1 and report.errors[0].row == 3
    assert not Organisation.objects.filter(member_number="AIGA-0130").exists()
