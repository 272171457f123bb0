"""Written resolutions (一般法人法 §96–97): adopted when every director entitled to vote has
consented and no auditor objected, on the day the last counted consent arrived; their papers;
ten years' retention."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.dispatch import receiver

from aiga.models import AuditEntry
from members.admin.resolutions import WrittenConsentAdmin
from members.board_papers import (
    written_resolution_consent_forms_pdf,
    written_resolution_proposal_pdf,
)
from members.models.governance import (
    AuditorStatement,
    BoardMeeting,
    Officer,
    RetentionError,
    WrittenConsent,
    retained_until,
)
from members.roles import SECRETARIAT
from members.selectors.resolutions import written_resolution_state
from members.services.resolutions import (
    ResolutionError,
    auditor_statement_record,
    written_consent_record,
    written_resolution_create,
)
from members.signals import written_resolution_items
from tests.factories import UserFactory
from tests.helpers import pdf_text as layout_text

JST = datetime.timezone(datetime.timedelta(hours=9))
PROPOSED = datetime.date(2026, 4, 1)
NOW = datetime.datetime(2026, 4, 20, 12, 0, tzinfo=JST)


def pdf_text(content: bytes) -> str:
    return layout_text(content).replace("\u3000", "")


def pdf_text_of(page) -> str:
    return page.extract_text().replace(" ", "").replace("\n", "").replace("\u3000", "")


def at(day: int, hour: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, 4, day, hour, 0, tzinfo=JST)


@pytest.fixture
def board(db):
    """A board of three directors and one auditor (the seeded officers retired)."""
    Officer.objects.update(is_active=False)
    return {
        "rep": Officer.objects.create(
            name="代表 一郎", role=Officer.Role.REPRESENTATIVE_DIRECTOR, order=1
        ),
        "exec": Officer.objects.create(
            name="業務 二郎", role=Officer.Role.EXECUTIVE_DIRECTOR, order=2
        ),
        "dir": Officer.objects.create(name="理事 三子", role=Officer.Role.DIRECTOR, order=3),
        "aud": Officer.objects.create(name="監事 四郎", role=Officer.Role.AUDITOR, order=4),
    }


@pytest.fixture
def staff(db):
    return UserFactory(groups=[SECRETARIAT])


@pytest.fixture
def meeting(board, staff):
    return written_resolution_create(date=PROPOSED, title="", actor=staff)


def consent(meeting, officer, when, staff, **kwargs):
    kwargs.setdefault("received_note", "電子メールで受領")
    return written_consent_record(
        meeting_id=meeting.pk,
        officer_id=officer.pk,
        consented_at=when,
        actor=staff,
        now=NOW,
        **kwargs,
    )


def abstain(meeting, officer, staff, reason="申込法人の役員を兼ねる"):
    return written_consent_record(
        meeting_id=meeting.pk,
        officer_id=officer.pk,
        abstains_special_interest=True,
        abstention_reason=reason,
        actor=staff,
        now=NOW,
    )


def statement(meeting, officer, opinion, staff, when=None):
    return auditor_statement_record(
        meeting_id=meeting.pk,
        officer_id=officer.pk,
        opinion=opinion,
        received_at=when or at(3),
        actor=staff,
        now=NOW,
    )


def test_create_makes_a_planned_written_meeting_and_audits_it(meeting, staff):
    assert meeting.kind == BoardMeeting.Kind.WRITTEN
    assert meeting.status == BoardMeeting.Status.PLANNED
    assert meeting.date == PROPOSED
    assert meeting.consents_completed_on is None
    assert AuditEntry.objects.filter(action="board_meeting.create", object_id=str(meeting.pk))


def test_adopted_when_every_director_consents_on_the_last_consents_day(meeting, board, staff):
    consent(meeting, board["rep"], at(2), staff)
    consent(meeting, board["dir"], at(9), staff)
    meeting.refresh_from_db()
    assert meeting.consents_completed_on is None
    assert meeting.status == BoardMeeting.Status.PLANNED

    consent(meeting, board["exec"], at(5), staff)  # arrived before the one recorded last
    meeting.refresh_from_db()
    assert meeting.consents_completed_on == datetime.date(2026, 4, 9)
    assert meeting.admission_date == datetime.date(2026, 4, 9)
    assert meeting.status == BoardMeeting.Status.HELD
    entry = AuditEntry.objects.get(action="written_resolution.adopted")
    assert entry.data["consents_completed_on"] == "2026-04-09"
    assert entry.to_state == BoardMeeting.Status.HELD


def test_the_admission_date_is_the_day_in_tokyo(meeting, board, staff):
    consent(meeting, board["rep"], at(2), staff)
    consent(meeting, board["exec"], at(2), staff)
    # 15:30 UTC on 9 April is 00:30 on 10 April in Tokyo.
    late = datetime.datetime(2026, 4, 9, 15, 30, tzinfo=datetime.UTC)
    consent(meeting, board["dir"], late, staff)
    meeting.refresh_from_db()
    assert meeting.consents_completed_on == datetime.date(2026, 4, 10)


def test_a_director_abstaining_for_a_special_interest_is_not_counted(meeting, board, staff):
    consent(meeting, board["rep"], at(2), staff)
    consent(meeting, board["exec"], at(6), staff)
    abstain(meeting, board["dir"], staff)
    meeting.refresh_from_db()
    state = written_resolution_state(meeting)
    assert [o.pk for o in state.entitled] == [board["rep"].pk, board["exec"].pk]
    assert [c.officer_id for c in state.abstaining] == [board["dir"].pk]
    assert state.adopted is True
    # The abstention has no date: the last counted consent (6 April) is the resolution's day.
    assert meeting.consents_completed_on == datetime.date(2026, 4, 6)
    abstention = WrittenConsent.objects.get(officer=board["dir"])
    assert abstention.consented_at is None
    assert abstention.abstention_reason == "申込法人の役員を兼ねる"


def test_an_abstention_needs_its_reason(meeting, board, staff):
    with pytest.raises(ResolutionError) as exc:
        abstain(meeting, board["dir"], staff, reason=" ")
    assert exc.value.field == "abstention_reason"


def test_every_director_abstaining_adopts_nothing(meeting, board, staff):
    for key in ("rep", "exec", "dir"):
        abstain(meeting, board[key], staff)
    meeting.refresh_from_db()
    assert written_resolution_state(meeting).adopted is False
    assert meeting.consents_completed_on is None


def test_an_auditor_objection_blocks_adoption(meeting, board, staff):
    statement(meeting, board["aud"], AuditorStatement.Opinion.OBJECTION, staff)
    for key in ("rep", "exec", "dir"):
        consent(meeting, board[key], at(4), staff)
    meeting.refresh_from_db()
    state = written_resolution_state(meeting)
    assert state.pending == []
    assert len(state.objections) == 1
    assert state.adopted is False
    assert meeting.consents_completed_on is None
    assert meeting.status == BoardMeeting.Status.PLANNED


def test_no_objection_does_not_move_the_date(meeting, board, staff):
    statement(meeting, board["aud"], AuditorStatement.Opinion.NO_OBJECTION, staff, when=at(3))
    for key in ("rep", "exec", "dir"):
        consent(meeting, board[key], at(4), staff)
    meeting.refresh_from_db()
    assert meeting.consents_completed_on == datetime.date(2026, 4, 4)


def test_a_director_yet_to_consent_keeps_it_open(meeting, board, staff):
    consent(meeting, board["rep"], at(2), staff)
    state = written_resolution_state(meeting)
    assert [o.pk for o in state.pending] == [board["exec"].pk, board["dir"].pk]
    assert state.adopted is False
    assert state.completed_on is None


@pytest.mark.parametrize(
    "who, when, extra, field",
    [
        ("aud", at(2), {}, "officer"),  # an auditor does not consent
        ("rep", datetime.datetime(2026, 3, 31, 23, 0, tzinfo=JST), {}, "consented_at"),
        ("rep", datetime.datetime(2026, 4, 21, 9, 0, tzinfo=JST), {}, "consented_at"),
        ("rep", None, {}, "consented_at"),
        ("rep", at(2), {"received_note": ""}, "document"),  # neither a PDF nor how received
    ],
)
def test_a_consent_is_refused(meeting, board, staff, who, when, extra, field):
    with pytest.raises(ResolutionError) as exc:
        consent(meeting, board[who], when, staff, **extra)
    assert exc.value.field == field
    assert not WrittenConsent.objects.exists()


def test_a_retired_director_cannot_consent(meeting, board, staff):
    board["dir"].is_active = False
    board["dir"].save()
    with pytest.raises(ResolutionError):
        consent(meeting, board["dir"], at(2), staff)


def test_one_consent_per_director_and_none_after_adoption(meeting, board, staff):
    consent(meeting, board["rep"], at(2), staff)
    with pytest.raises(ResolutionError):
        consent(meeting, board["rep"], at(3), staff)
    consent(meeting, board["exec"], at(3), staff)
    consent(meeting, board["dir"], at(3), staff)
    with pytest.raises(ResolutionError) as exc:
        statement(meeting, board["aud"], AuditorStatement.Opinion.OBJECTION, staff)
    assert exc.value.field == "meeting"


def test_a_held_meeting_takes_no_consents(board, staff):
    held = BoardMeeting.objects.create(kind=BoardMeeting.Kind.HELD, date=PROPOSED)
    with pytest.raises(ResolutionError):
        consent(held, board["rep"], at(2), staff)


def test_the_signed_consent_is_kept_as_a_private_pdf(meeting, board, staff):
    pdf = SimpleUploadedFile("signed.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    saved = consent(meeting, board["rep"], at(2), staff, document=pdf, received_note="")
    assert saved.document.name.startswith("board/consents/20260401-")
    assert saved.recorded_by == staff
    entry = AuditEntry.objects.get(action="written_resolution.consent")
    assert entry.data["officer_id"] == board["rep"].pk
    assert entry.data["document"] == saved.document.name


def test_an_auditor_statement_comes_from_an_auditor(meeting, board, staff):
    with pytest.raises(ResolutionError) as exc:
        statement(meeting, board["dir"], AuditorStatement.Opinion.NO_OBJECTION, staff)
    assert exc.value.field == "officer"


# --- The papers ---------------------------------------------------------------------------

ITEMS = [{"title": "株式会社テスト（法人正会員）の入会承認の件", "detail": ["受付番号 A-0001"]}]


def test_the_proposal_names_the_proposer_the_items_and_the_deadline(meeting, board):
    text = pdf_text(written_resolution_proposal_pdf(meeting_id=meeting.pk, items=ITEMS))
    assert "理事会の決議の省略に関する提案書" in text
    assert "代表理事代表一郎" in text
    assert "2026年4月1日" in text
    assert "2026年4月8日までに" in text  # a week after the proposal
    assert "第1号議案株式会社テスト（法人正会員）の入会承認の件受付番号A-0001" in text
    assert "一般社団法人AIガバナンス協会" in text


def test_the_items_come_from_the_apps_that_answer_the_signal(meeting, board):
    @receiver(written_resolution_items)
    def answer(sender, meeting, **kwargs):
        return [{"title": "第二の件"}, {"title": "第三の件"}]

    try:
        text = pdf_text(written_resolution_proposal_pdf(meeting_id=meeting.pk))
    finally:
        written_resolution_items.disconnect(answer)
    assert "第1号議案第二の件" in text
    assert "第2号議案第三の件" in text


def test_one_consent_form_per_director(meeting, board):
    import io

    from pypdf import PdfReader

    content = written_resolution_consent_forms_pdf(meeting_id=meeting.pk, items=ITEMS)
    pages = PdfReader(io.BytesIO(content)).pages
    assert len(pages) == 3
    texts = [pdf_text_of(p) for p in pages]
    for page, name in zip(texts, ("代表一郎", "業務二郎", "理事三子"), strict=True):
        assert "同意書" in page
        assert "上記提案に同意します。" in page
        assert name in page
        assert "年月日" in page


def test_the_papers_are_japanese_whatever_the_language(meeting, board, settings):
    from django.utils import translation

    with translation.override("en"):
        text = pdf_text(written_resolution_proposal_pdf(meeting_id=meeting.pk, items=ITEMS))
    assert "2026年4月1日" in text


# --- Retention ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "resolved, until",
    [
        (datetime.date(2026, 4, 9), datetime.date(2036, 4, 9)),
        (datetime.date(2028, 2, 29), datetime.date(2038, 2, 28)),
    ],
)
def test_kept_ten_years_from_the_resolution(resolved, until):
    assert retained_until(resolved) == until


@pytest.fixture
def adopted(meeting, board, staff):
    for key in ("rep", "exec", "dir"):
        consent(meeting, board[key], at(9), staff)
    statement_ = None
    meeting.refresh_from_db()
    assert meeting.consents_completed_on == datetime.date(2026, 4, 9)
    return meeting, statement_


def test_consents_cannot_be_deleted_within_ten_years(adopted):
    meeting, _ = adopted
    one = WrittenConsent.objects.filter(meeting=meeting).first()
    with pytest.raises(RetentionError):
        one.delete()
    with pytest.raises(RetentionError):
        WrittenConsent.objects.filter(meeting=meeting).delete()
    with pytest.raises(RetentionError):
        meeting.delete()
    with pytest.raises(RetentionError):
        BoardMeeting.objects.filter(pk=meeting.pk).delete()
    assert WrittenConsent.objects.filter(meeting=meeting).count() == 3
    with pytest.raises(RetentionError):
        one.check_deletable(today=datetime.date(2036, 4, 8))
    one.check_deletable(today=datetime.date(2036, 4, 9))  # the day ten years on: allowed


def test_an_auditor_statement_is_kept_too(meeting, board, staff):
    kept = statement(meeting, board["aud"], AuditorStatement.Opinion.NO_OBJECTION, staff)
    with pytest.raises(RetentionError):
        kept.delete()
    with pytest.raises(RetentionError):
        AuditorStatement.objects.all().delete()


def test_the_admin_never_deletes_a_consent_within_ten_years(adopted, rf):
    from django.contrib.admin import site

    meeting, _ = adopted
    request = rf.get("/")
    request.user = UserFactory(is_superuser=True, is_staff=True)
    model_admin = WrittenConsentAdmin(WrittenConsent, site)
    one = WrittenConsent.objects.filter(meeting=meeting).first()
    assert model_admin.has_delete_permission(request, one) is False
    assert model_admin.has_change_permission(request, one) is False
    assert "delete_selected" not in model_admin.get_actions(request)


# --- The admin ----------------------------------------------------------------------------


def test_the_secretariat_records_a_consent_in_the_admin(client, meeting, board, staff):
    client.force_login(staff)
    response = client.post(
        "/admin/members/writtenconsent/add/",
        {
            "meeting": meeting.pk,
            "officer": board["rep"].pk,
            "consented_at_0": "2026-04-02",
            "consented_at_1": "10:00",
            "received_note": "原本を郵送で受領",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    saved = WrittenConsent.objects.get()
    assert saved.officer == board["rep"]
    assert saved.recorded_by == staff
    assert saved.consented_at == at(2)


def test_the_admin_form_shows_the_services_refusal(client, meeting, board, staff):
    client.force_login(staff)
    response = client.post(
        "/admin/members/writtenconsent/add/",
        {
            "meeting": meeting.pk,
            "officer": board["rep"].pk,
            "consented_at_0": "2026-03-20",
            "consented_at_1": "10:00",
            "received_note": "原本を郵送で受領",
        },
    )
    assert response.status_code == 200
    assert "到達日時は提案日から現在までの日時にしてください。" in response.content.decode()
    assert not WrittenConsent.objects.exists()


def test_the_resolution_page_and_its_papers(client, meeting, board, staff):
    client.force_login(staff)
    consent(meeting, board["rep"], at(2), staff)
    page = client.get(f"/admin/members/writtenconsent/resolution/{meeting.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "代表 一郎" in body and "業務 二郎" in body
    for name in ("proposal.pdf", "consent-forms.pdf"):
        response = client.get(f"/admin/members/writtenconsent/resolution/{meeting.pk}/{name}")
        assert response.status_code == 200
        assert response.content.startswith(b"%PDF")
