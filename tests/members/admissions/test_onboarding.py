"""Steps 5 to 7 end to end through the services and views, with mail captured: approval
with the first invoice, payment, the issued membership and its onboarding checklist."""

import csv
import datetime
import io
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from aiga.models import AuditEntry, OutboxMessage
from billing.models import Invoice
from billing.services.payments import payment_record
from members.admissions import workflow
from members.admissions.models import ApplicationContact, OnboardingStep
from members.admissions.services import onboarding as onboarding_services
from members.admissions.services.onboarding import onboarding_step_retry
from members.models import (
    Contact,
    MailingListChange,
    MemberListing,
    Membership,
    Organisation,
    PortalInvitation,
)
from members.services.invitations import InvitationError, invitation_accept
from members.services.mailing_list import CSV_HEADER, mailing_list_export
from members.services.member_numbers import member_number_assign
from tests.factories import OrganisationFactory
from tests.members.admissions.board_helpers import secretariat
from tests.members.admissions.onboarding_helpers import decide

pytestmark = pytest.mark.django_db

MARCH = datetime.date(2026, 3, 12)
APRIL = datetime.date(2026, 4, 15)


def _with_contacts(application):
    """A billing contact besides the member representative, and two list addresses."""
    ApplicationContact.objects.create(
        application=application,
        family_name="白石",
        given_name="三郎",
        department="経理部",
        email=f"billing-{application.pk}@example.jp",
        is_billing_contact=True,
    )
    application.mailing_list_emails = [
        application.applicant_email,
        f"team{application.pk}@example.jp",
    ]
    application.list_publicly = True
    application.save()
    return application


def approve(meeting_date, capture, **fields):
    with capture(execute=True):
        application, meeting = decide(meeting_date, **fields)
    application.refresh_from_db()
    return application


def subjects(messages):
    return [m.subject for m in messages]


def pay(invoice, capture, paid_on):
    with capture(execute=True):
        payment_record(
            invoice=invoice,
            paid_on=paid_on,
            amount=invoice.total,
            payer_name="カクウテクノロジー",
            method="bank_transfer",
            actor=secretariat(),
        )


def _approved_with_billing(meeting_date, capture, **fields):
    """Decide with the extra contacts in place before approval."""
    from tests.members.admissions.board_helpers import ApplicationFactory

    application = _with_contacts(ApplicationFactory(**fields))
    with capture(execute=True):
        decide(meeting_date, application=application)
    application.refresh_from_db()
    return application


# ------------------------------------------------------------------ the whole flow


def test_regular_company_approved_in_march_paying_in_april(django_capture_on_commit_callbacks):
    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)

    # Step 5: organisation, contacts, membership and the first invoice, in one go.
    assert application.status == workflow.Status.INVOICED
    organisation = application.organisation
    assert organisation.legal_name == application.legal_name
    assert organisation.corporate_number == application.corporate_number
    assert organisation.address == "千代田区架空町1-2-3"
    assert organisation.member_number is None
    assert organisation.contacts.count() == 2
    assert organisation.contacts.get(is_billing_contact=True).department == "経理部"
    membership = organisation.memberships.get()
    assert membership.category == Membership.Category.REGULAR
    assert membership.admission_date == MARCH
    invoice = Invoice.objects.get(application=application)
    lines = [(line.description, line.unit_price) for line in invoice.lines.all()]
    assert lines == [
        ("入会費（正会員・通常枠）", 100_000),
        ("年会費（正会員・通常枠、2025年10月1日～2026年9月30日）", 500_000),
    ]
    assert invoice.total == 600_000
    # Admitted in March: the first half (October to March), so the year from 1 October.
    assert invoice.subject == "2025年度 入会費・年会費（上期入会）"
    assert invoice.pdf  # rendered after the decision committed

    # The billing contact is another person: the approval notice to the representative
    # says where the invoice went and carries no PDF; the invoice mail to the billing
    # contact carries it. Each exactly once, and nobody gets the PDF twice.
    approval = [m for m in mail.outbox if "入会審査結果・会費ご請求のご案内" in m.subject]
    assert len(approval) == 1
    assert approval[0].to == [application.applicant_email]
    assert approval[0].attachments == []
    assert "600,000円" in approval[0].body
    assert "経理部 白石 三郎 様）へ別途メールにてお送りいたします" in approval[0].body
    assert "2026年3月12日" in approval[0].body  # the admission date, in the Japanese part
    invoice_mails = [m for m in mail.outbox if m.to == [f"billing-{application.pk}@example.jp"]]
    assert len(invoice_mails) == 1
    assert [a[0] for a in invoice_mails[0].attachments] == [invoice.pdf_filename]
    with_pdf = [m for m in mail.outbox if m.attachments]
    assert [m.to for m in with_pdf] == [[f"billing-{application.pk}@example.jp"]]
    assert OutboxMessage.objects.filter(idempotency_key=f"invoice.issued:{invoice.pk}").count() == 1
    mail.outbox.clear()

    # Step 6 and 7: the payment moves it on by itself.
    pay(invoice, django_capture_on_commit_callbacks, datetime.date(2026, 4, 10))
    application.refresh_from_db()
    organisation.refresh_from_db()
    assert application.status == workflow.Status.MEMBER
    assert re.fullmatch(r"AIGA-\d{4}", organisation.member_number)
    steps = {s.kind: s.status for s in application.onboarding_steps.all()}
    assert steps == {kind: "done" for kind in OnboardingStep.Kind.values}

    actions = list(
        AuditEntry.objects.filter(object_id=str(application.pk)).values_list("action", flat=True)
    )
    for action in (
        "application.approve",
        "application.invoice",
        "application.confirm_payment",
        "application.issue_membership",
        "onboarding.member_number",
        "onboarding.welcome_notice",
    ):
        assert action in actions

    welcome = [m for m in mail.outbox if "会員資格発行のお知らせ" in m.subject]
    assert len(welcome) == 1
    assert organisation.member_number in welcome[0].body
    notice = [m for m in mail.outbox if m.subject.startswith("【新会員】")]
    assert len(notice) == 1 and notice[0].to == ["office@example.org"]
    invitations = [m for m in mail.outbox if "会員ポータルへのご招待" in m.subject]
    assert sorted(m.to[0] for m in invitations) == sorted(
        [application.applicant_email, f"billing-{application.pk}@example.jp"]
    )
    assert PortalInvitation.objects.filter(contact__organisation=organisation).count() == 2

    # Mailing list and the public page.
    assert sorted(
        MailingListChange.objects.filter(organisation=organisation).values_list("email", flat=True)
    ) == sorted(application.mailing_list_emails)
    assert MemberListing.objects.get(organisation=organisation).is_listed


def test_smb_approved_in_april_pays_the_second_half(django_capture_on_commit_callbacks):
    application = _approved_with_billing(
        APRIL, django_capture_on_commit_callbacks, share_capital=50_000_000, quoted_tier="smb"
    )
    assert application.status == workflow.Status.INVOICED
    assert application.organisation.memberships.get().category == Membership.Category.SMB
    invoice = Invoice.objects.get(application=application)
    lines = [(line.description, line.unit_price) for line in invoice.lines.all()]
    assert lines == [
        ("入会費（正会員・SMB・スタートアップ枠）", 50_000),
        ("年会費（正会員・SMB・スタートアップ枠、2026年4月1日～2026年9月30日）", 50_000),
    ]
    assert invoice.total == 100_000
    assert invoice.subject == "2025年度 入会費・年会費（下期入会）"


def test_expert_is_never_invoiced_and_becomes_member_at_approval(
    django_capture_on_commit_callbacks,
):
    application = _approved_with_billing(
        MARCH,
        django_capture_on_commit_callbacks,
        category=workflow.EXPERT,
        corporate_number="",
        legal_name="架空大学",
        share_capital=None,
        quoted_tier="expert",
        quoted_total=0,
    )
    assert application.status == workflow.Status.MEMBER
    assert not Invoice.objects.filter(organisation=application.organisation).exists()
    organisation = application.organisation
    assert organisation.kind == Organisation.Kind.INDIVIDUAL
    assert organisation.legal_name == "申込 太郎"
    assert organisation.memberships.get().category == Membership.Category.EXPERT
    assert organisation.member_number
    approval = [m for m in mail.outbox if "入会審査結果のご案内" in m.subject]
    assert len(approval) == 1 and not approval[0].attachments
    assert "会費のお支払いはございません" in approval[0].body
    assert len([m for m in mail.outbox if "会員資格発行のお知らせ" in m.subject]) == 1


def test_rejection_sends_a_polite_notice_and_creates_nothing(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application, _meeting = decide(MARCH, decision="reject")
    application.refresh_from_db()
    assert application.status == workflow.Status.REJECTED
    assert application.organisation_id is None
    assert not Invoice.objects.exists()
    rejected = [m for m in mail.outbox if "入会審査の結果" in m.subject]
    assert len(rejected) == 1
    assert "承認" not in rejected[0].subject
    assert not any("会費ご請求" in m.subject for m in mail.outbox)


def test_approval_hook_runs_once(django_capture_on_commit_callbacks):
    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    again = onboarding_services.application_on_approved(
        application=application, decision=application.board_decision, actor=None
    )
    assert again.status == workflow.Status.INVOICED
    assert Invoice.objects.filter(application=application).count() == 1
    assert Membership.objects.filter(organisation=application.organisation).count() == 1


def test_partial_payment_does_not_move_the_application(django_capture_on_commit_callbacks):
    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    invoice = Invoice.objects.get(application=application)
    with django_capture_on_commit_callbacks(execute=True):
        payment_record(
            invoice=invoice,
            paid_on=datetime.date(2026, 4, 1),
            amount=100_000,
            payer_name="カクウ",
            method="bank_transfer",
            actor=secretariat(),
        )
    application.refresh_from_db()
    assert application.status == workflow.Status.INVOICED
    assert not application.onboarding_steps.exists()


# ------------------------------------------------------------------ member numbers


def test_member_numbers_are_sequential_and_permanent():
    OrganisationFactory(member_number="AIGA-0007")
    a = OrganisationFactory(member_number=None)
    b = OrganisationFactory(member_number=None)
    assert member_number_assign(organisation=a) == "AIGA-0008"
    assert member_number_assign(organisation=b) == "AIGA-0009"
    assert member_number_assign(organisation=a) == "AIGA-0008"


# ------------------------------------------------------------------ invitations


@pytest.fixture
def member(django_capture_on_commit_callbacks):
    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    invoice = Invoice.objects.get(application=application)
    mail.outbox.clear()
    pay(invoice, django_capture_on_commit_callbacks, datetime.date(2026, 4, 10))
    application.refresh_from_db()
    return application


def _invitation_link(email):
    message = next(m for m in mail.outbox if m.to == [email] and "招待" in m.subject)
    return re.search(r"https?://\S+/portal/invitation/\S+/", message.body).group(0)


def test_invitation_sets_a_password_once_and_lands_on_the_portal(client, member):
    link = _invitation_link(member.applicant_email)
    path = link.split("://", 1)[1].split("/", 1)[1]
    response = client.get("/" + path)
    assert response.status_code == 200
    assert member.applicant_email in response.content.decode()
    bad = client.post("/" + path, {"new_password1": "a", "new_password2": "b"})
    assert bad.status_code == 200 and "is-invalid" in bad.content.decode()
    response = client.post(
        "/" + path, {"new_password1": "Kakuu-Pass-2026!", "new_password2": "Kakuu-Pass-2026!"}
    )
    assert response.status_code == 302 and response.url == reverse("members:portal_home")
    home = client.get(reverse("members:portal_home"))
    assert home.status_code == 200
    assert member.organisation.member_number in home.content.decode()
    contact = Contact.objects.get(email=member.applicant_email)
    assert contact.user.check_password("Kakuu-Pass-2026!")

    client.logout()
    again = client.get("/" + path)
    assert again.status_code == 410
    assert "既に使用されています" in again.content.decode()
    assert client.login(username=member.applicant_email, password="Kakuu-Pass-2026!")


def test_an_expired_or_unknown_invitation_is_refused(client, member):
    link = _invitation_link(member.applicant_email)
    token = link.rstrip("/").rsplit("/", 1)[1]
    PortalInvitation.objects.update(expires_at=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(reverse("members:invitation", args=[token]))
    assert response.status_code == 410
    assert "有効期限が切れています" in response.content.decode()
    with pytest.raises(InvitationError):
        invitation_accept(raw=token, password="Whatever-2026!")
    assert client.get(reverse("members:invitation", args=["nope"])).status_code == 410


# ------------------------------------------------------------------ export and listing


def test_mailing_list_export_contains_only_what_changed_since_last_time(member):
    user = secretariat()
    first = mailing_list_export(actor=user)
    rows = list(csv.reader(io.StringIO(first.file.read().decode("utf-8-sig"))))
    assert rows[0] == CSV_HEADER
    assert sorted(r[1] for r in rows[1:]) == sorted(member.mailing_list_emails)
    # A document for people: 追加 / 削除, not the stored code.
    assert all(r[0] == "追加" and r[2] == member.organisation.member_number for r in rows[1:])
    assert mailing_list_export(actor=user) is None
    MailingListChange.objects.create(
        organisation=member.organisation, email="new@example.jp", action="add"
    )
    MailingListChange.objects.create(
        organisation=member.organisation, email="left@example.jp", action="remove"
    )
    second = mailing_list_export(actor=user)
    rows = list(csv.reader(io.StringIO(second.file.read().decode("utf-8-sig"))))
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("追加", "new@example.jp"),
        ("削除", "left@example.jp"),
    ]


def test_mailing_list_export_shows_formula_looking_values_as_text():
    """Formula injection: a member's name or address must not become a live cell."""
    organisation = OrganisationFactory(legal_name='=HYPERLINK("http://x.example","click")')
    MailingListChange.objects.create(
        organisation=organisation, email="-list@example.jp", action="add"
    )
    MailingListChange.objects.create(
        organisation=organisation, email="info@example.jp", action="add"
    )
    export = mailing_list_export(actor=secretariat())
    data = export.file.read()
    assert data.startswith(b"\xef\xbb\xbf")  # what Excel on Japanese Windows needs
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["変更", "メールアドレス", "会員番号", "会員名", "登録日時"]
    assert [r[1] for r in rows[1:]] == ["'-list@example.jp", "info@example.jp"]
    assert {r[3] for r in rows[1:]} == {'\'=HYPERLINK("http://x.example","click")'}


def test_mailing_list_export_from_the_admin(client, member):
    user = secretariat(is_staff=True)
    client.force_login(user)
    response = client.post(reverse("admin:members_mailinglistexport_new"))
    assert response.status_code == 302
    download = client.get(response.url)
    assert download.status_code == 200
    content = b"".join(download.streaming_content).decode("utf-8-sig")
    assert member.applicant_email in content
    again = client.post(reverse("admin:members_mailinglistexport_new"), follow=True)
    assert "変更はありません" in again.content.decode()


def test_public_members_page_lists_only_consenting_members(client, member):
    OrganisationFactory(legal_name="掲載しない株式会社")
    response = client.get(reverse("members:members_page"))
    assert response.status_code == 200
    body = response.content.decode()
    assert member.organisation.legal_name in body
    assert "掲載しない株式会社" not in body
    listing = MemberListing.objects.get(organisation=member.organisation)
    listing.is_listed, listing.listed_at = False, None
    listing.save()  # as the admin and the services save it: the cached page is drawn again
    assert member.organisation.legal_name not in client.get("/members/").content.decode()


# ------------------------------------------------------------------ retry after a failure


def test_a_failed_step_leaves_the_rest_done_and_retries_from_the_admin(
    client, django_capture_on_commit_callbacks, monkeypatch
):
    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    invoice = Invoice.objects.get(application=application)

    def broken(**kwargs):
        raise RuntimeError("list server unavailable")

    monkeypatch.setitem(onboarding_services.STEP_SERVICES, OnboardingStep.Kind.MAILING_LIST, broken)
    pay(invoice, django_capture_on_commit_callbacks, datetime.date(2026, 4, 10))
    steps = {s.kind: s for s in application.onboarding_steps.all()}
    assert steps["mailing_list"].status == "failed"
    assert "list server unavailable" in steps["mailing_list"].last_error
    assert all(s.status == "done" for k, s in steps.items() if k != "mailing_list")
    assert not MailingListChange.objects.exists()

    monkeypatch.undo()
    user = secretariat(is_staff=True)
    client.force_login(user)
    changelist = client.get(reverse("admin:admissions_onboardingstep_changelist"))
    assert changelist.status_code == 200 and "内容を見て再実行" in changelist.content.decode()
    change = client.get(
        reverse("admin:admissions_onboardingstep_change", args=[steps["mailing_list"].pk])
    ).content.decode()
    retry_url = reverse(
        "admin:admissions_onboardingstep_actions", args=[steps["mailing_list"].pk, "retry"]
    )
    assert f'action="{retry_url}"' in change and 'name="csrfmiddlewaretoken"' in change
    assert client.get(retry_url).status_code == 405  # a change is a POST, never a link
    response = client.post(retry_url)
    assert response.status_code == 302
    step = OnboardingStep.objects.get(pk=steps["mailing_list"].pk)
    assert step.status == "done" and step.attempts == 2
    assert MailingListChange.objects.filter(organisation=application.organisation).count() == 2
    # A done step run again changes nothing.
    onboarding_step_retry(step=step, actor=user)
    assert MailingListChange.objects.filter(organisation=application.organisation).count() == 2


def test_unpaid_overview_lists_applications_long_past_due(
    client, django_capture_on_commit_callbacks, settings
):
    from members.admissions.selectors.onboarding import unpaid_applications

    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    invoice = Invoice.objects.get(application=application)
    far = invoice.due_date + datetime.timedelta(days=31)
    assert unpaid_applications(today=invoice.due_date + datetime.timedelta(days=5)) == []
    rows = unpaid_applications(today=far)
    assert [r["application"] for r in rows] == [application]
    client.force_login(secretariat())
    settings.APPLICATION_OVERDUE_DAYS = -1000  # the page uses the real date
    page = client.get(reverse("admissions:unpaid"))
    assert page.status_code == 200 and application.reference in page.content.decode()
    overview = client.get(reverse("admin:admissions_review_overview")).content.decode()
    assert invoice.number in overview and application.reference in overview
    client.logout()
    assert client.get(reverse("admissions:unpaid")).status_code == 302


# ------------------------------------------------------------------ the first invoice, replaced


def test_paying_the_replacement_of_a_cancelled_first_invoice_issues_the_membership(
    django_capture_on_commit_callbacks,
):
    """The application knows its first invoice by a relation; when that invoice is cancelled
    and replaced (even twice), paying the replacement still moves the application on."""
    from billing.selectors import quote_for
    from billing.services.invoices import invoice_cancel, lines_for_quote

    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    first = application.first_invoice
    lines = lines_for_quote(
        quote_for(category="corporate", capital=300_000_000, admission_date=MARCH)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _credit, second = invoice_cancel(
            invoice=first, actor=secretariat(), reason="宛名の誤り", replacement_lines=lines
        )
        _credit, third = invoice_cancel(
            invoice=second, actor=secretariat(), reason="再度の訂正", replacement_lines=lines
        )
    application.refresh_from_db()
    assert application.first_invoice == first  # the relation stays on the first invoice
    assert application.status == workflow.Status.INVOICED
    first.refresh_from_db()
    assert first.latest_replacement() == third

    pay(third, django_capture_on_commit_callbacks, datetime.date(2026, 4, 10))
    application.refresh_from_db()
    assert application.status == workflow.Status.MEMBER
    assert re.fullmatch(r"AIGA-\d{4}", application.organisation.member_number)


def test_paying_an_invoice_unrelated_to_any_application_moves_nothing(
    django_capture_on_commit_callbacks,
):
    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    from billing.services.invoices import invoice_issue_new

    other = invoice_issue_new(
        organisation=application.organisation,
        lines=[{"description": "研修会 参加費", "quantity": 1, "unit_price": 5000}],
        subject="研修会 参加費",
        actor=secretariat(),
    )
    pay(other, django_capture_on_commit_callbacks, datetime.date(2026, 4, 10))
    application.refresh_from_db()
    assert application.status == workflow.Status.INVOICED


def test_the_long_unpaid_are_found_in_the_same_queries_however_many_are_invoiced(
    django_capture_on_commit_callbacks,
):
    """Issue 20: the overview's 未納 list loads the overdue applications only; a first invoice
    cancelled twice is followed to the replacement that stands for it now."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from billing.selectors import quote_for
    from billing.services.invoices import invoice_cancel, lines_for_quote
    from members.admissions.selectors.onboarding import unpaid_applications

    replaced = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    lines = lines_for_quote(
        quote_for(category="corporate", capital=300_000_000, admission_date=MARCH)
    )
    with django_capture_on_commit_callbacks(execute=True):
        _credit, second = invoice_cancel(
            invoice=replaced.first_invoice, actor=None, reason="宛名の誤り", replacement_lines=lines
        )
        _credit, third = invoice_cancel(
            invoice=second, actor=None, reason="再度の訂正", replacement_lines=lines
        )
    far = third.due_date + datetime.timedelta(days=60)
    with CaptureQueriesContext(connection) as few:
        rows = unpaid_applications(today=far)
    assert [(r["application"], r["invoice"]) for r in rows] == [(replaced, third)]
    others = [_approved_with_billing(MARCH, django_capture_on_commit_callbacks) for _ in range(3)]
    with CaptureQueriesContext(connection) as many:
        rows = unpaid_applications(today=far)
    assert len(many) == len(few)
    assert {r["application"] for r in rows} == {replaced, *others}
    assert next(r for r in rows if r["application"] == replaced)["invoice"] == third


def test_a_first_invoice_is_confirmed_by_the_membership_notice_alone_other_invoices_get_a_notice(
    django_capture_on_commit_callbacks,
):
    """Issue 31: one e-mail, not two, for a new member's first invoice; the payment notice
    (入金確認のお知らせ) for any other invoice paid."""
    from aiga.models import OutboxMessage
    from billing.services.invoices import invoice_issue_new

    application = _approved_with_billing(MARCH, django_capture_on_commit_callbacks)
    pay(application.first_invoice, django_capture_on_commit_callbacks, datetime.date(2026, 4, 10))
    keys = set(OutboxMessage.objects.values_list("template_key", flat=True))
    assert "membership_issued" in keys
    assert "billing.payment_received" not in keys

    other = invoice_issue_new(
        organisation=application.organisation,
        lines=[{"description": "研修会 参加費", "quantity": 1, "unit_price": 5000}],
        subject="研修会 参加費",
        actor=secretariat(),
    )
    pay(other, django_capture_on_commit_callbacks, datetime.date(2026, 4, 20))
    notice = OutboxMessage.objects.get(template_key="billing.payment_received")
    assert notice.object_id == str(other.pk)
    assert notice.context["paid_amount"] == 5000
