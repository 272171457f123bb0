"""Step 3: the review checklist, correction rounds with their diff and e-mails, forwarding."""

import datetime

import pytest

from aiga.models import AuditEntry, OutboxMessage
from members.admissions import workflow
from members.admissions.models import AgendaItem, Application, CorrectionRequest, ReviewCheck
from members.admissions.selectors.applications import draft_from_token
from members.admissions.services.review import (
    ReviewError,
    application_forward_to_board,
    application_request_correction,
    application_resubmit,
    review_check_record,
)
from members.roles import SECRETARIAT
from tests.helpers import DRAFT_LINK, emailed_link, rendered
from tests.members.admissions.board_helpers import (
    ApplicationFactory,
    MeetingFactory,
    complete_checklist,
    director,
    secretariat,
)

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 3, 1)


def forward(app, user, groups=(SECRETARIAT,)):
    return application_forward_to_board(
        application_id=app.pk, actor=user, actor_groups=list(groups), today=TODAY
    )


def test_forwarding_blocked_until_every_check_is_recorded():
    user = secretariat()
    app = ApplicationFactory()
    MeetingFactory(date=datetime.date(2026, 3, 12))
    with pytest.raises(ReviewError) as exc:
        forward(app, user)
    assert exc.value.code == "checklist"
    assert "反社チェック" in exc.value.message
    app.refresh_from_db()
    assert app.status == workflow.Status.SUBMITTED
    assert not AgendaItem.objects.exists()


def test_issue_result_blocks_forwarding_unless_a_reason_is_recorded():
    user = secretariat()
    app = ApplicationFactory()
    MeetingFactory(date=datetime.date(2026, 3, 12))
    complete_checklist(app, user)
    review_check_record(
        application_id=app.pk,
        kind=ReviewCheck.Kind.PARENT_MEMBER,
        result=ReviewCheck.Result.ISSUE,
        checked_on=TODAY,
        actor=user,
        actor_groups=[SECRETARIAT],
        note="親会社が既に会員",
    )
    with pytest.raises(ReviewError) as exc:
        forward(app, user)
    assert "付議する理由" in exc.value.message

    review_check_record(
        application_id=app.pk,
        kind=ReviewCheck.Kind.PARENT_MEMBER,
        result=ReviewCheck.Result.ISSUE,
        checked_on=TODAY,
        actor=user,
        actor_groups=[SECRETARIAT],
        override_reason="子会社として別途入会を希望。理事会で判断を仰ぐ。",
    )
    item = forward(app, user)
    app.refresh_from_db()
    assert app.status == workflow.Status.WITH_BOARD
    assert item.meeting.date == datetime.date(2026, 3, 12)
    assert AuditEntry.objects.filter(action="application.forward_to_board").count() == 1


def test_check_records_who_when_how():
    user = secretariat()
    app = ApplicationFactory()
    check = review_check_record(
        application_id=app.pk,
        kind=ReviewCheck.Kind.ANTISOCIAL,
        result=ReviewCheck.Result.OK,
        checked_on=TODAY,
        actor=user,
        actor_groups=[SECRETARIAT],
        method="日経テレコン検索",
        note="該当記事なし",
    )
    assert (check.checked_by, check.checked_on, check.method) == (user, TODAY, "日経テレコン検索")
    assert AuditEntry.objects.filter(action="application.review_check").exists()


@pytest.mark.parametrize(
    ("kind", "kwargs", "code_or_field"),
    [
        (ReviewCheck.Kind.ANTISOCIAL, {"method": ""}, "method"),
        (ReviewCheck.Kind.CAPITAL, {"source": ""}, "source"),
        (ReviewCheck.Kind.RECOMMENDER, {"method": "x"}, "wrong_kind"),
    ],
)
def test_check_refuses_incomplete_records(kind, kwargs, code_or_field):
    user = secretariat()
    app = ApplicationFactory()
    with pytest.raises(ReviewError) as exc:
        review_check_record(
            application_id=app.pk,
            kind=kind,
            result=ReviewCheck.Result.OK,
            checked_on=TODAY,
            actor=user,
            actor_groups=[SECRETARIAT],
            **kwargs,
        )
    assert code_or_field in (exc.value.code, exc.value.field)


def test_expert_needs_the_recommender_check_only():
    user = secretariat()
    app = ApplicationFactory(category=workflow.EXPERT, corporate_number="")
    MeetingFactory(date=datetime.date(2026, 3, 12))
    complete_checklist(app, user)
    assert set(app.review_checks.values_list("kind", flat=True)) == {"antisocial", "recommender"}
    forward(app, user)
    app.refresh_from_db()
    assert app.status == workflow.Status.WITH_BOARD


def test_board_member_cannot_review_or_forward():
    user = director()
    app = ApplicationFactory()
    with pytest.raises(ReviewError):
        review_check_record(
            application_id=app.pk,
            kind=ReviewCheck.Kind.ANTISOCIAL,
            result="ok",
            checked_on=TODAY,
            actor=user,
            actor_groups=["Board"],
            method="x",
        )
    with pytest.raises(ReviewError) as exc:
        forward(app, user, groups=["Board"])
    assert exc.value.code == "not_allowed"


def test_forward_without_planned_meeting_is_refused():
    user = secretariat()
    app = ApplicationFactory()
    complete_checklist(app, user)
    with pytest.raises(ReviewError) as exc:
        forward(app, user)
    assert exc.value.code == "no_meeting"


def test_correction_loop_with_diff_and_emails(django_capture_on_commit_callbacks):
    user = secretariat()
    app = ApplicationFactory(share_capital=300_000_000, city="千代田区")
    correction = application_request_correction(
        application_id=app.pk,
        message="資本金の額が登記簿と一致しません。",
        actor=user,
        actor_groups=[SECRETARIAT],
    )
    app.refresh_from_db()
    assert app.status == workflow.Status.CORRECTION_REQUESTED
    assert correction.round == 1
    mail = OutboxMessage.objects.get(template_key="application_correction_request")
    assert mail.to == [app.applicant_email] or app.applicant_email in str(mail.to)
    assert "/apply/" not in str(mail.context)  # the link is issued as the e-mail goes out
    token = emailed_link(DRAFT_LINK, to=app.applicant_email).rstrip("/").rsplit("/", 1)[1]
    assert draft_from_token(token=token) == app  # the link works until resubmission

    application_resubmit(
        application_id=app.pk, data={"share_capital": 100_000_000, "city": "千代田区"}
    )
    app.refresh_from_db()
    assert app.status == workflow.Status.SUBMITTED
    assert app.draft_token_hash == ""
    correction.refresh_from_db()
    assert correction.diff == [("share_capital", 300_000_000, 100_000_000)]
    notice = OutboxMessage.objects.get(template_key="application_resubmitted_secretariat")
    assert notice.context["changed"] == ["share_capital"]
    assert "変更された項目: 資本金" in rendered(notice)[1]

    # A second round is kept in the history too.
    application_request_correction(
        application_id=app.pk, message="親会社の記載を", actor=user, actor_groups=[SECRETARIAT]
    )
    assert list(CorrectionRequest.objects.values_list("round", flat=True)) == [1, 2]
    actions = list(
        AuditEntry.objects.filter(action__startswith="application.").values_list(
            "action", flat=True
        )
    )
    assert actions.count("application.request_correction") == 2
    assert "application.resubmit" in actions


def test_correction_needs_a_message_and_the_right_status():
    user = secretariat()
    app = ApplicationFactory()
    with pytest.raises(ReviewError):
        application_request_correction(
            application_id=app.pk, message="  ", actor=user, actor_groups=[SECRETARIAT]
        )
    with pytest.raises(ReviewError):
        application_resubmit(application_id=app.pk, data={})
    draft = ApplicationFactory(status=workflow.Status.DRAFT)
    with pytest.raises(ReviewError) as exc:
        application_request_correction(
            application_id=draft.pk, message="x", actor=user, actor_groups=[SECRETARIAT]
        )
    assert exc.value.code == "wrong_status"
    assert not OutboxMessage.objects.filter(template_key="application_correction_request").exists()
    assert Application.objects.get(pk=draft.pk).status == workflow.Status.DRAFT
