"""The statutory registers, the general assembly's roster and its convocation notice."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from aiga.exports import csv_export, unencodable_characters
from aiga.models import OutboxMessage
from members.assembly_dates import convocation_deadline, convocation_in_time
from members.models import GeneralAssembly
from members.registers import register_file
from members.selectors.registers import register_entries, roster_totals
from members.services.assembly import AssemblyError, general_assembly_convene
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory

ON = datetime.date(2026, 12, 1)


def _member(number, name, category, *, kana="", admitted=datetime.date(2025, 4, 1), **kw):
    organisation = OrganisationFactory(
        member_number=number,
        legal_name=name,
        legal_name_kana=kana,
        kind="individual" if category == "expert" else "corporate",
    )
    MembershipFactory(organisation=organisation, category=category, admission_date=admitted, **kw)
    ContactFactory(
        organisation=organisation,
        family_name="代表",
        given_name=number[-1],
        email=f"rep{number[-4:]}@example.jp",
        is_member_representative=True,
    )
    return organisation


@pytest.fixture
def register(db):
    """Three 社員 (two regular, one SMB), one expert, and four who are not members on ON."""
    _member("AIGA-0001", "株式会社𠮷野データ", "regular", kana="ヨシノデータ")  # 𠮷: not CP932
    _member("AIGA-0002", "髙橋AI株式会社", "smb", kana="タカハシエーアイ")  # 髙: in CP932
    _member("AIGA-0003", "有識 太郎", "expert")
    _member("AIGA-0004", "株式会社よつば", "regular")
    _member("AIGA-0005", "退会済株式会社", "regular", end_date=datetime.date(2026, 9, 30))
    _member("AIGA-0006", "未来入会株式会社", "regular", admitted=datetime.date(2027, 1, 1))
    pending = OrganisationFactory(legal_name="未発行株式会社", member_number=None)
    MembershipFactory(organisation=pending, issued_at=None)  # paid? not issued: not counted
    ended = _member("AIGA-0007", "終了済株式会社", "smb")
    ended.memberships.update(status="ended")


def test_the_registers_count_issued_current_members_only(register):
    everyone = register_entries(on=ON)
    assert [e.member_number for e in everyone] == [
        "AIGA-0001",
        "AIGA-0002",
        "AIGA-0003",
        "AIGA-0004",
    ]
    voting = register_entries(on=ON, voting_only=True)
    assert [e.member_number for e in voting] == ["AIGA-0001", "AIGA-0002", "AIGA-0004"]
    assert [e.votes for e in everyone] == [1, 1, 0, 1]
    assert everyone[0].representative == "代表 1"
    totals = roster_totals(voting)
    assert (totals.voting_members, totals.votes, totals.quorum) == (3, 3, 2)
    # On the day the withdrawn member was still a member, it is on the register.
    assert "AIGA-0005" in [e.member_number for e in register_entries(on=datetime.date(2026, 9, 30))]


def test_the_member_register_in_utf8_with_bom_keeps_every_character(register):
    file = register_file(kind="kaiin", on=ON, fmt="csv")
    assert file.data.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(file.data.decode("utf-8-sig"))))
    assert rows[0] == [
        "会員番号",
        "名称",
        "フリガナ",
        "郵便番号",
        "住所",
        "会員種別・会員区分",
        "入会日",
        "議決権数",
        "会員代表者",
    ]
    assert rows[1][:3] == ["AIGA-0001", "株式会社𠮷野データ", "ヨシノデータ"]
    assert rows[3][5] == "有識者会員" and rows[3][7] == "0"
    assert rows[2][5] == "正会員（SMB・スタートアップ枠）"
    assert file.replaced == []


def test_the_cp932_register_replaces_and_lists_what_shift_jis_cannot_hold(register):
    file = register_file(kind="shain", on=ON, fmt="csv-cp932")
    text = file.data.decode("cp932")
    assert "株式会社〓野データ" in text
    assert "髙橋AI株式会社" in text  # an IBM extension CP932 has
    assert file.replaced == ["𠮷"]
    assert "有識 太郎" not in text  # experts are not 社員
    assert file.filename == "shain-meibo-20261201-sjis.csv"


def test_the_export_helper_lists_unencodable_characters_once():
    assert unencodable_characters("𠮷田と𠮷川と髙木") == ["𠮷"]
    data, replaced = csv_export(["名"], [["=𠮷"], ["森鷗外"]], encoding="cp932")
    assert data.decode("cp932").splitlines() == ["名", "'=〓", "森〓外"]
    assert replaced == ["𠮷", "鷗"]


def test_the_roster_workbook_has_one_row_per_voting_member_and_the_quorum(register):
    file = register_file(kind="roster", on=ON, fmt="xlsx")
    ws = load_workbook(io.BytesIO(file.data)).active
    values = [[c.value for c in row] for row in ws.iter_rows()]
    assert values[0][0] == "社員総会 出席・委任状記録表"
    assert values[1][0] == "2026年12月1日現在"
    header = values[3]
    assert header[:5] == ["会員番号", "名称", "会員区分", "議決権数", "議決権を行使する会員代表者"]
    members = [row for row in values[4:] if row[0] and str(row[0]).startswith("AIGA-")]
    assert [row[0] for row in members] == ["AIGA-0001", "AIGA-0002", "AIGA-0004"]
    labels = {row[0]: row[1] for row in values if row[0]}
    assert labels["議決権を有する社員の数"] == 3
    assert labels["総社員の議決権の数"] == 3
    assert labels["定足数（総社員の議決権の過半数・事務局案）"] == 2
    assert labels["出席した社員の議決権"] == '=SUMIF(F5:F7,"○",D5:D7)'


@pytest.mark.parametrize(
    ("meeting", "in_writing", "deadline"),
    [
        (datetime.date(2026, 12, 15), False, datetime.date(2026, 12, 7)),
        (datetime.date(2026, 12, 15), True, datetime.date(2026, 11, 30)),
    ],
)
def test_the_convocation_deadline_leaves_one_or_two_clear_weeks(meeting, in_writing, deadline):
    assert convocation_deadline(meeting, votes_in_writing=in_writing) == deadline
    assert convocation_in_time(meeting, votes_in_writing=in_writing, today=deadline)
    assert not convocation_in_time(
        meeting, votes_in_writing=in_writing, today=deadline + datetime.timedelta(days=1)
    )


def _assembly(**kw):
    values = {
        "title": "第3回定時社員総会",
        "meeting_date": datetime.date(2026, 12, 15),
        "start_time": datetime.time(14, 0),
        "venue": "協会会議室",
        "record_date": ON,
        "agenda": "第1号議案 事業報告の件",
    }
    values.update(kw)
    return GeneralAssembly.objects.create(**values)


def test_the_convocation_goes_to_each_voting_member_with_the_proxy_form(
    register, django_capture_on_commit_callbacks
):
    assembly = _assembly()
    with django_capture_on_commit_callbacks():
        sent, without = general_assembly_convene(
            assembly=assembly, actor=None, today=datetime.date(2026, 12, 7)
        )
    assert (sent, without) == (3, [])
    messages = OutboxMessage.objects.filter(template_key="general_assembly_convocation")
    assert sorted(m.to[0] for m in messages) == [
        "rep0001@example.jp",
        "rep0002@example.jp",
        "rep0004@example.jp",
    ]
    attachment = messages[0].attachments[0]
    assert attachment["mimetype"] == "application/pdf"
    from aiga.files import private_storage

    with private_storage.open(attachment["path"], "rb") as handle:
        assert handle.read().startswith(b"%PDF")
    assembly.refresh_from_db()
    assert assembly.convocation_sent_at is not None
    with pytest.raises(AssemblyError, match="送信済み"):
        general_assembly_convene(assembly=assembly, actor=None, today=datetime.date(2026, 12, 7))


def test_a_convocation_too_late_is_refused_and_sends_nothing(register):
    assembly = _assembly(votes_in_writing=True)
    with pytest.raises(AssemblyError, match="2026年11月30日"):
        general_assembly_convene(assembly=assembly, actor=None, today=datetime.date(2026, 12, 1))
    assert not OutboxMessage.objects.filter(template_key="general_assembly_convocation").exists()
    assembly.refresh_from_db()
    assert assembly.convocation_sent_at is None


def test_the_admin_shows_the_registers_and_downloads_them(register, client):
    client.force_login(UserFactory(groups=["Secretariat"], is_staff=True))
    page = client.get(reverse("admin:members_registers"), {"on": ON.isoformat()})
    body = page.content.decode()
    assert 'id="register-members">4<' in body
    assert 'id="register-voting">3<' in body
    assert "<strong>𠮷</strong>" in body  # listed beside the Shift_JIS files
    download = client.get(
        reverse("admin:members_register_download"),
        {"kind": "kaiin", "on": ON.isoformat(), "fmt": "csv-cp932"},
    )
    assert download["Content-Type"] == "text/csv; charset=Shift_JIS"
    assert "kaiin-meibo-20261201-sjis.csv" in download["Content-Disposition"]
    bad = client.get(reverse("admin:members_register_download"), {"kind": "x", "on": "soon"})
    assert bad.status_code == 302


def test_the_admin_convenes_and_refuses_when_too_late(register, client, monkeypatch):
    from django.utils import timezone

    client.force_login(UserFactory(groups=["Secretariat"], is_staff=True))
    assembly = _assembly()
    monkeypatch.setattr(timezone, "localdate", lambda *a: datetime.date(2026, 12, 10))
    url = reverse("admin:members_generalassembly_convene", args=[assembly.pk])
    response = client.post(url, follow=True)
    assert "発送期限の2026年12月7日を過ぎている" in response.content.decode()
    assert client.get(url).status_code == 405
    change = client.get(reverse("admin:members_generalassembly_change", args=[assembly.pk]))
    assert "2026年12月7日" in change.content.decode()


def test_a_member_cannot_download_a_register(register, client):
    from tests.factories import member_user

    client.force_login(member_user())
    response = client.get(
        reverse("admin:members_register_download"),
        {"kind": "kaiin", "on": ON.isoformat(), "fmt": "csv"},
    )
    assert response.status_code == 302 and "/login/" in response["Location"]
