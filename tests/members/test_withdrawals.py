"""Withdrawal (退会): the effective date at the fiscal-year boundary, confirmation,
cancellation, the daily job closing only what is due, and scoping."""

import datetime

import pytest
from django.core.cache import cache
from django.test import override_settings

from aiga.models import AuditEntry, OutboxMessage
from members.models import MailingListChange, MemberListing, Membership, Withdrawal
from members.selectors.memberships import current_members
from members.services.mailing_list import mailing_list_add
from members.services.withdrawals import (
    WithdrawalError,
    withdrawal_cancel,
    withdrawal_confirm,
    withdrawal_submit,
    withdrawals_complete_due,
)
from members.withdrawal_dates import FISCAL_YEAR_END, WISHED_DATE, withdrawal_effective_date
from tests.factories import (
    ContactFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
    member_user,
)

D = datetime.date


@pytest.mark.parametrize(
    ("notice", "wished", "rule", "effective"),
    [
        # The fiscal year runs from 1 October to 30 September (billing/fiscal.py).
        (D(2026, 9, 30), D(2026, 9, 30), FISCAL_YEAR_END, D(2026, 9, 30)),
        (D(2026, 10, 1), D(2026, 10, 1), FISCAL_YEAR_END, D(2027, 9, 30)),
        # 31 March and 1 April fall in the same fiscal year: the same effective date.
        (D(2027, 3, 31), D(2027, 3, 31), FISCAL_YEAR_END, D(2027, 9, 30)),
        (D(2027, 4, 1), D(2027, 4, 1), FISCAL_YEAR_END, D(2027, 9, 30)),
        # A wished date after the year's end: the end of that later year.
        (D(2026, 12, 3), D(2027, 12, 1), FISCAL_YEAR_END, D(2028, 9, 30)),
        (D(2026, 12, 3), D(2027, 1, 31), WISHED_DATE, D(2027, 1, 31)),
        (D(2026, 12, 3), D(2026, 11, 1), WISHED_DATE, D(2026, 12, 3)),
    ],
)
def test_the_effective_date(notice, wished, rule, effective):
    assert withdrawal_effective_date(notice_on=notice, wished_on=wished, rule=rule) == effective


def test_an_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        withdrawal_effective_date(notice_on=D(2026, 1, 1), wished_on=None, rule="whenever")


@pytest.fixture
def member(db):
    organisation = OrganisationFactory(legal_name="退会予定株式会社", member_number="AIGA-0777")
    MembershipFactory(organisation=organisation, admission_date=D(2024, 10, 15))
    user = UserFactory(email="daihyo@taikai.example.jp")
    ContactFactory(
        organisation=organisation, user=user, email=user.email, is_member_representative=True
    )
    colleague = UserFactory(email="tanto@taikai.example.jp")
    ContactFactory(organisation=organisation, user=colleague, email=colleague.email)
    MemberListing.objects.create(
        organisation=organisation,
        display_name=organisation.legal_name,
        is_listed=True,
        listed_at=datetime.datetime(2024, 10, 20, tzinfo=datetime.UTC),
    )
    mailing_list_add(organisation=organisation, emails=[user.email, colleague.email])
    return organisation, user, colleague


@pytest.fixture
def secretariat(db):
    return UserFactory(groups=["Secretariat"])


YEAR_END = D(2026, 9, 30)


def _submit(member, notice=YEAR_END, wished=YEAR_END):
    organisation, user, _c = member
    return withdrawal_submit(
        organisation=organisation,
        actor=user,
        reason="事業方針の変更",
        wished_date=wished,
        today=notice,
    )


@pytest.mark.django_db
def test_notice_on_30_september_ends_that_day_on_1_october_a_year_later(member):
    first = _submit(member)
    assert first.effective_date == D(2026, 9, 30)
    withdrawal_cancel(withdrawal=first, actor=member[1], today=D(2026, 9, 30))
    second = _submit(member, notice=D(2026, 10, 1), wished=D(2026, 10, 1))
    assert second.effective_date == D(2027, 9, 30)
    keys = set(OutboxMessage.objects.values_list("template_key", flat=True))
    assert {
        "withdrawal_received",
        "withdrawal_received_secretariat",
        "withdrawal_cancelled",
    } <= keys
    assert AuditEntry.objects.filter(action="withdrawal.submit").count() == 2


@pytest.mark.django_db
def test_only_the_member_representative_submits_and_only_once(member):
    organisation, _user, colleague = member
    with pytest.raises(WithdrawalError):
        withdrawal_submit(
            organisation=organisation, actor=colleague, reason="x", wished_date=D(2026, 12, 31),
            today=D(2026, 12, 3),
        )  # fmt: skip
    _submit(member, notice=D(2026, 12, 3), wished=D(2026, 12, 31))
    with pytest.raises(WithdrawalError):
        _submit(member, notice=D(2026, 12, 4), wished=D(2026, 12, 31))
    with pytest.raises(WithdrawalError):  # a past wished date
        withdrawal_submit(
            organisation=OrganisationFactory(), actor=_user, reason="x", wished_date=D(2026, 1, 1),
            today=D(2026, 12, 3),
        )  # fmt: skip
    assert Withdrawal.objects.count() == 1


@pytest.mark.django_db
def test_the_daily_job_closes_only_confirmed_withdrawals_that_are_due(member, secretariat):
    organisation, user, colleague = member
    withdrawal = _submit(member, notice=D(2026, 12, 3), wished=D(2026, 12, 31))
    assert withdrawal.effective_date == D(2027, 9, 30)
    # Not confirmed yet: nothing to do, even when due.
    assert withdrawals_complete_due(today=D(2027, 9, 30)) == 0
    withdrawal_confirm(withdrawal=withdrawal, actor=secretariat)
    # Confirmed but not due.
    assert withdrawals_complete_due(today=D(2027, 9, 29)) == 0
    membership = organisation.memberships.get()
    assert membership.status == Membership.Status.ACTIVE and membership.end_date is None
    # Another member, not withdrawing, is untouched on the day.
    other = OrganisationFactory()
    MembershipFactory(organisation=other, admission_date=D(2024, 10, 15))
    assert withdrawals_complete_due(today=D(2027, 9, 30)) == 1
    assert withdrawals_complete_due(today=D(2027, 10, 1)) == 0  # done once
    membership.refresh_from_db()
    assert (membership.status, membership.end_date) == (Membership.Status.ENDED, D(2027, 9, 30))
    # The history keeps the membership as it was.
    assert membership.history.filter(status=Membership.Status.ACTIVE, end_date=None).exists()
    assert organisation not in current_members(on=D(2027, 10, 1))
    assert other in current_members(on=D(2027, 10, 1))
    assert not MemberListing.objects.get(organisation=organisation).is_listed
    removed = MailingListChange.objects.filter(organisation=organisation, action="remove")
    assert {c.email for c in removed} == {user.email, colleague.email}
    user.refresh_from_db()
    colleague.refresh_from_db()
    assert not user.is_active and not colleague.is_active
    assert Withdrawal.objects.get().status == Withdrawal.Status.COMPLETED
    for action in ("withdrawal.confirm", "withdrawal.complete", "membership.withdrawn"):
        assert AuditEntry.objects.filter(action=action).count() == 1
    keys = set(OutboxMessage.objects.values_list("template_key", flat=True))
    assert {"withdrawal_confirmed", "withdrawal_completed"} <= keys


@pytest.mark.django_db
def test_a_cancelled_withdrawal_is_never_closed(member, secretariat):
    withdrawal = _submit(member, notice=D(2026, 12, 3), wished=D(2026, 12, 31))
    withdrawal_confirm(withdrawal=withdrawal, actor=secretariat)
    withdrawal_cancel(withdrawal=withdrawal, actor=secretariat, today=D(2027, 9, 1))
    assert withdrawals_complete_due(today=D(2027, 10, 1)) == 0
    assert member[0].memberships.get().status == Membership.Status.ACTIVE
    with pytest.raises(WithdrawalError):  # cancelled stays cancelled
        withdrawal_confirm(withdrawal=withdrawal, actor=secretariat)


@pytest.mark.django_db
def test_a_member_cannot_confirm_and_a_past_withdrawal_cannot_be_cancelled(member, secretariat):
    withdrawal = _submit(member)
    with pytest.raises(WithdrawalError):
        withdrawal_confirm(withdrawal=withdrawal, actor=member[1])
    withdrawal_confirm(withdrawal=withdrawal, actor=secretariat)
    withdrawals_complete_due(today=D(2026, 9, 30))
    with pytest.raises(WithdrawalError):
        withdrawal_cancel(withdrawal=withdrawal, actor=secretariat, today=D(2026, 10, 1))


@pytest.mark.django_db
@override_settings(MEMBERSHIP_WITHDRAWAL_RULE=WISHED_DATE)
def test_the_setting_chooses_the_rule(member):
    withdrawal = _submit(member, notice=D(2026, 12, 3), wished=D(2027, 1, 31))
    assert withdrawal.effective_date == D(2027, 1, 31)


@pytest.mark.django_db
def test_the_portal_form_submits_and_cancels(client, member):
    organisation, user, colleague = member
    client.force_login(colleague)
    html = client.get("/portal/withdrawal/").content.decode()
    assert "会員代表者の方のみ提出できます" in html
    assert client.post("/portal/withdrawal/", {"reason": "x"}).status_code == 400
    client.force_login(user)
    assert "withdrawal-form" in client.get("/portal/withdrawal/").content.decode()
    bad = client.post("/portal/withdrawal/", {"reason": "", "wished_date": "not a date"})
    assert bad.status_code == 400 and not Withdrawal.objects.exists()
    response = client.post(
        "/portal/withdrawal/",
        {"reason": "事業方針の変更", "wished_date": "2099-01-31", "no_refund": "on"},
        follow=True,
    )
    html = response.content.decode()
    assert "受付中の退会届" in html and "2099年9月30日" in html
    withdrawal = Withdrawal.objects.get()
    client.post(f"/portal/withdrawal/{withdrawal.pk}/cancel/")
    assert Withdrawal.objects.get().status == Withdrawal.Status.CANCELLED


@pytest.mark.django_db
def test_another_company_cannot_see_or_cancel_it(client, member):
    withdrawal = _submit(member, notice=D(2026, 12, 3), wished=D(2026, 12, 31))
    client.force_login(member_user(OrganisationFactory()))
    assert client.post(f"/portal/withdrawal/{withdrawal.pk}/cancel/").status_code == 404
    assert "事業方針の変更" not in client.get("/portal/withdrawal/").content.decode()
    assert Withdrawal.objects.get().status == Withdrawal.Status.SUBMITTED


@pytest.mark.django_db
def test_the_admin_confirms_through_the_service(admin_client, member):
    withdrawal = _submit(member, notice=D(2026, 12, 3), wished=D(2026, 12, 31))
    response = admin_client.post(
        "/admin/members/withdrawal/",
        {"action": "confirm_selected", "_selected_action": [withdrawal.pk]},
    )
    assert response.status_code == 302
    assert Withdrawal.objects.get().status == Withdrawal.Status.CONFIRMED
    cache.clear()


@pytest.mark.django_db
def test_one_withdrawal_failing_leaves_the_others_done(member, secretariat, monkeypatch):
    from members.services import withdrawals

    first = _submit(member, notice=D(2026, 12, 3), wished=D(2026, 12, 31))
    withdrawal_confirm(withdrawal=first, actor=secretariat)
    other = OrganisationFactory()
    MembershipFactory(organisation=other, admission_date=D(2024, 10, 15))
    rep = UserFactory()
    ContactFactory(organisation=other, user=rep, email=rep.email, is_member_representative=True)
    second = withdrawal_submit(
        organisation=other,
        actor=rep,
        reason="統合",
        wished_date=D(2026, 12, 31),
        today=D(2026, 12, 3),
    )
    withdrawal_confirm(withdrawal=second, actor=secretariat)
    real = withdrawals.withdrawal_complete

    def failing_for_the_first(*, withdrawal, today, actor=None):
        if withdrawal.pk == first.pk:
            raise RuntimeError("boom")
        return real(withdrawal=withdrawal, today=today, actor=actor)

    monkeypatch.setattr(withdrawals, "withdrawal_complete", failing_for_the_first)
    assert withdrawals_complete_due(today=D(2027, 9, 30)) == 1
    assert Withdrawal.objects.get(pk=first.pk).status == Withdrawal.Status.CONFIRMED
    assert Withdrawal.objects.get(pk=second.pk).status == Withdrawal.Status.COMPLETED


@pytest.mark.django_db
def test_a_former_representative_taken_off_the_register_is_not_written_to(member):
    organisation, _user, _colleague = member
    ContactFactory(
        organisation=organisation,
        email="former@taikai.example.jp",
        is_member_representative=True,
        is_active=False,
    )
    _submit(member)
    received = OutboxMessage.objects.filter(template_key="withdrawal_received")
    addresses = {address for message in received for address in message.to}
    assert "daihyo@taikai.example.jp" in addresses
    assert "former@taikai.example.jp" not in addresses
