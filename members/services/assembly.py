"""The general assembly's convocation notice: sent once, to each voting member's 会員代表者
through the outbox, with the proxy form (委任状) attached, no later than the law allows."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.dates import date_ja
from aiga.files import private_storage
from aiga.outbox import outbox_enqueue
from aiga.pdf import render_pdf
from members.assembly_dates import convocation_deadline, convocation_in_time
from members.models import GeneralAssembly
from members.selectors.registers import register_entries


class AssemblyError(Exception):
    """A request the rules refuse; the message is shown to the secretariat."""


def general_assembly_proxy_form_pdf(*, assembly: GeneralAssembly) -> bytes:
    """The 委任状 (§50) as a PDF, in Japanese: blank lines for the member and its proxy."""
    return render_pdf(
        "members/general_assembly_proxy_pdf.html",
        {"assembly": assembly, "association": settings.ASSOCIATION},
        language="ja",
    )


def _check(assembly: GeneralAssembly, today: datetime.date) -> None:
    if assembly.convocation_sent_at:
        raise AssemblyError(_("この社員総会の招集通知は送信済みです。"))
    if not convocation_in_time(
        assembly.meeting_date, votes_in_writing=assembly.votes_in_writing, today=today
    ):
        deadline = convocation_deadline(
            assembly.meeting_date, votes_in_writing=assembly.votes_in_writing
        )
        weeks = _("2週間") if assembly.votes_in_writing else _("1週間")
        raise AssemblyError(
            _(
                "招集通知は開催日の%(weeks)s前までに発送する必要があります（一般法人法§39）。"
                "発送期限の%(deadline)sを過ぎているため送信できません。開催日を見直してください。"
            )
            % {"weeks": weeks, "deadline": date_ja(deadline)}
        )


def general_assembly_convene(
    *, assembly: GeneralAssembly, actor, today: datetime.date
) -> tuple[int, list[str]]:
    """Send the convocation notice to the voting members as of the record date. Returns how
    many notices were queued and the members with no 会員代表者 e-mail (to be sent by post).
    Refused when already sent or too late."""
    _check(assembly, today)
    content = general_assembly_proxy_form_pdf(assembly=assembly)  # slow: before the transaction
    path = private_storage.save(
        f"general-assembly/{assembly.pk}/proxy-form.pdf", ContentFile(content)
    )
    attachment = {"path": path, "filename": "ininjou.pdf", "mimetype": "application/pdf"}
    with transaction.atomic():
        assembly = GeneralAssembly.objects.select_for_update().get(pk=assembly.pk)
        _check(assembly, today)
        entries = register_entries(on=assembly.record_date, voting_only=True)
        common = {  # raw values: the template formats them in its language
            "title": assembly.title,
            "meeting_date": assembly.meeting_date.isoformat(),
            "start_time": assembly.start_time.strftime("%H:%M"),
            "venue": assembly.venue,
            "agenda": assembly.agenda,
            "record_date": assembly.record_date.isoformat(),
            "votes_in_writing": assembly.votes_in_writing,
        }
        sent, without_email = 0, []
        for entry in entries:
            if not entry.representative_email:
                without_email.append(entry.name)
                continue
            outbox_enqueue(
                to=entry.representative_email,
                template_key="general_assembly_convocation",
                purpose="general_assembly_convocation",
                context={
                    **common,
                    "organisation": entry.name,
                    "member_number": entry.member_number,
                    "representative": entry.representative,
                    "addressee": f"{entry.name} {entry.representative} 様".strip(),
                },
                target=assembly,
                attachments=[attachment],
                idempotency_key=(
                    f"general_assembly_convocation:{assembly.pk}:{entry.member_number}"
                ),
            )
            sent += 1
        assembly.convocation_sent_at = timezone.now()
        assembly.save(update_fields=["convocation_sent_at"])
        audit_log(
            actor=actor,
            action="general_assembly.convene",
            target=assembly,
            data={"sent": sent, "without_email": without_email},
        )
    return sent, without_email
