"""The joining flow's answers to what billing and the register tell it."""

from django.dispatch import receiver

from members.admissions.selectors.board import written_resolution_proposals
from members.admissions.services.meetings import applicants_tell_meeting_moved
from members.admissions.services.onboarding import application_on_invoice_paid
from members.signals import written_resolution_items
from members.signals_meetings import board_meeting_moved


def move_application_on(sender, invoice, actor, **kwargs) -> bool:
    """`billing.signals.invoice_paid`: the application the invoice was issued for (or a
    replacement of it) moves on to the issued membership, in the payment's transaction.
    True for an application's invoice: its 会員資格発行のお知らせ confirms the payment, so
    billing sends no payment notice besides."""
    return application_on_invoice_paid(invoice=invoice, actor=actor) is not None


@receiver(board_meeting_moved, dispatch_uid="admissions.tell_applicants_meeting_moved")
def tell_applicants_meeting_moved(
    sender, meeting, old_date, new_date, actor, change_id, **kwargs
) -> None:
    """`members.signals_meetings.board_meeting_moved`: the applicants on the meeting's agenda who
    were told its old date are told the new one, in the meeting's transaction. (Connected
    when this module is imported, from the app's `ready`.)"""
    applicants_tell_meeting_moved(
        meeting=meeting, old_date=old_date, actor=actor, change_id=change_id
    )


@receiver(written_resolution_items, dispatch_uid="admissions.written_resolution_items")
def agenda_for_written_resolution(sender, meeting, **kwargs) -> list[dict]:
    """`members.signals.written_resolution_items`: the applications on a written
    resolution's agenda, as the items of its 提案書 and 同意書."""
    return written_resolution_proposals(meeting)
