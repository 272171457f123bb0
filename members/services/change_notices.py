"""変更届: filed by a member company's 会員代表者 or 実務担当, approved (and so applied to the
register, with its history) or returned by the secretariat, or withdrawn before then."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from aiga.audit import audit_log
from aiga.outbox import outbox_enqueue
from members.change_notice_workflow import ChangeNoticeStatus, can_move
from members.models import CHANGE_FIELDS, ChangeNotice, Contact, Organisation
from members.roles import is_secretariat
from members.scoping import managing_contact
from members.selectors.organisations import member_representative
from members.smb_line import crosses_smb_line

SECRETARIAT_ADDRESSEE = f"{settings.ASSOCIATION['name']} 事務局 御中"
ORGANISATION_FIELDS = ("legal_name", "legal_name_kana", "postal_code", "prefecture", "address")


class ChangeNoticeError(Exception):
    """A refused 変更届 or transition; the message is shown to the person."""


def _ratio_text(value) -> str | None:
    if value is None or value == "":
        return None
    return f"{Decimal(str(value)).normalize():f}"


def legal_representative(organisation: Organisation) -> Contact | None:
    return (
        organisation.contacts.filter(is_active=True, is_legal_representative=True)
        .order_by("id")
        .first()
    )


def current_values(organisation: Organisation) -> dict:
    """What the register holds now, as the 変更届 records it (raw values)."""
    legal_rep = legal_representative(organisation)
    member_rep = member_representative(organisation)
    return {
        **{name: getattr(organisation, name) for name in ORGANISATION_FIELDS},
        "legal_representative_name": legal_rep.full_name if legal_rep else "",
        "legal_representative_title": legal_rep.title if legal_rep else "",
        "share_capital": organisation.share_capital,
        "parent_ratio": _ratio_text(organisation.parent_ratio),
        "member_representative": member_rep.pk if member_rep else None,
    }


def _normalise(values: dict) -> dict:
    out = {}
    for name, value in values.items():
        if name == "parent_ratio":
            out[name] = _ratio_text(value)
        elif name == "share_capital":
            out[name] = None if value in (None, "") else int(value)
        elif name == "member_representative":
            out[name] = value.pk if isinstance(value, Contact) else (value or None)
        else:
            out[name] = (value or "").strip()
    return out


def change_notice_submit(
    *,
    organisation: Organisation,
    actor,
    values: dict,
    document=None,
    member_note: str = "",
) -> ChangeNotice:
    """Record the fields whose new value differs from the register's, and tell the
    secretariat. Refused when nothing changes or a notice is already being checked."""
    contact = managing_contact(actor)
    if contact is None or contact.organisation_id != organisation.pk:
        raise ChangeNoticeError(_("変更届は会員代表者または実務担当の方が提出できます。"))
    before = current_values(organisation)
    after = {**before, **_normalise({k: v for k, v in values.items() if k in CHANGE_FIELDS})}
    changes = {
        name: {"old": before[name], "new": after[name]}
        for name in CHANGE_FIELDS
        if after[name] != before[name]
    }
    if not changes:
        raise ChangeNoticeError(_("変更された項目がありません。"))
    if "member_representative" in changes:
        new_rep = (
            organisation.contacts.filter(is_active=True, pk=after["member_representative"]).first()
            if after["member_representative"]
            else None
        )
        if new_rep is None:
            raise ChangeNoticeError(_("新しい会員代表者は、在籍中の担当者から選んでください。"))
        old_rep = Contact.objects.filter(pk=before["member_representative"]).first()
        changes["member_representative"]["old_label"] = old_rep.full_name if old_rep else ""
        changes["member_representative"]["new_label"] = new_rep.full_name
    crosses = crosses_smb_line(
        before={
            "capital_kind": organisation.capital_kind,
            "capital": before["share_capital"],
            "parent_ratio": before["parent_ratio"],
        },
        after={
            "capital_kind": organisation.capital_kind,
            "capital": after["share_capital"],
            "parent_ratio": after["parent_ratio"],
        },
    )
    try:
        with transaction.atomic():
            notice = ChangeNotice(
                organisation=organisation,
                requested_by=contact,
                requested_by_user=actor,
                changes=changes,
                member_note=member_note.strip(),
                crosses_smb_line=crosses,
            )
            if document:
                notice.document = document
            notice.save()
            audit_log(
                actor=actor,
                action="change_notice.submit",
                target=notice,
                to_state=notice.status,
                data={"fields": list(changes), "crosses_smb_line": crosses},
            )
            outbox_enqueue(
                to=settings.SECRETARIAT_EMAIL,
                template_key="change_notice_submitted",
                purpose="change_notice_submitted",
                target=notice,
                context={
                    **_context(notice),
                    "addressee": SECRETARIAT_ADDRESSEE,
                    "requested_by": contact.full_name,
                    "crosses_smb_line": crosses,
                    "tier_from_next_year": bool(settings.SMB_TIER_CHANGE_FROM_NEXT_FISCAL_YEAR),
                    "admin_url": settings.SITE_URL
                    + reverse("admin:members_changenotice_change", args=[notice.pk]),
                },
            )
    except IntegrityError as exc:
        raise ChangeNoticeError(
            _(
                "確認中の変更届があります。事務局の確認が終わるまでお待ちいただくか、取り下げてください。"
            )
        ) from exc
    return notice


def _context(notice: ChangeNotice) -> dict:
    return {
        "organisation": notice.organisation.legal_name,
        "notice_id": notice.pk,
        "submitted_at": notice.submitted_at.isoformat(),
        "changes": [
            {"field": row["field"], "old": row["old"], "new": row["new"]}
            for row in notice.change_rows()
        ],
    }


def _locked(notice: ChangeNotice, target: str) -> ChangeNotice:
    locked = (
        ChangeNotice.objects.select_for_update()
        .select_related("organisation", "requested_by")
        .get(pk=notice.pk)
    )
    if not can_move(locked.status, target):
        raise ChangeNoticeError(
            _("この変更届は「%(status)s」のため、処理できません。")
            % {"status": locked.get_status_display()}
        )
    return locked


def _tell_requester(notice: ChangeNotice, template_key: str) -> None:
    contact = notice.requested_by
    if not contact.email:
        return
    language = getattr(notice.requested_by_user, "language", "ja") or "ja"
    outbox_enqueue(
        to=contact.email,
        template_key=template_key,
        purpose=template_key,
        target=notice,
        language=language,
        context={
            **_context(notice),
            "addressee": contact.addressee,
            "reason": notice.return_reason,
            "portal_url": settings.SITE_URL + reverse("members_profile:notice", args=[notice.pk]),
        },
    )


def _apply_legal_representative(organisation: Organisation, changes: dict, reason: str) -> None:
    name_change = changes.get("legal_representative_name")
    title_change = changes.get("legal_representative_title")
    if not name_change and not title_change:
        return
    current = legal_representative(organisation)
    if name_change or current is None:
        # A new person: the former one keeps their record, without the role.
        if current is not None:
            current.is_legal_representative = False
            current._change_reason = reason
            current.save(update_fields=["is_legal_representative"])
        name = (name_change or {}).get("new") or (current.full_name if current else "")
        family, _sep, given = name.replace("\u3000", " ").partition(" ")
        title = (title_change or {}).get("new", current.title if current else "")
        person = Contact(
            organisation=organisation,
            family_name=family.strip(),
            given_name=given.strip(),
            title=title,
            is_legal_representative=True,
        )
        person._change_reason = reason
        person.save()
        return
    current.title = title_change["new"]
    current._change_reason = reason
    current.save(update_fields=["title"])


def _apply_member_representative(organisation: Organisation, changes: dict, reason: str) -> None:
    change = changes.get("member_representative")
    if not change:
        return
    new = organisation.contacts.select_for_update().filter(pk=change["new"], is_active=True).first()
    if new is None:
        raise ChangeNoticeError(_("新しい会員代表者が在籍していません。差し戻してください。"))
    for old in organisation.contacts.select_for_update().filter(
        is_member_representative=True, is_active=True
    ):
        old.is_member_representative = False
        old._change_reason = reason
        old.save(update_fields=["is_member_representative"])
    new.is_member_representative = True
    new._change_reason = reason
    new.save(update_fields=["is_member_representative"])


def change_notice_approve(*, notice: ChangeNotice, actor, now=None) -> ChangeNotice:
    """Apply the notice to the register (the organisation's history names the notice, who
    filed it and who approved it) and tell the person who filed it."""
    if not is_secretariat(actor):
        raise ChangeNoticeError(_("変更届を承認する権限がありません。"))
    now = now or timezone.now()
    with transaction.atomic():
        locked = _locked(notice, ChangeNoticeStatus.APPROVED)
        organisation = Organisation.objects.select_for_update().get(pk=locked.organisation_id)
        reason = _("変更届 No.%(id)s（届出: %(by)s、承認: %(approver)s）") % {
            "id": locked.pk,
            "by": locked.requested_by.full_name,
            "approver": getattr(actor, "full_name", "") or actor.email,
        }
        changes = locked.changes
        for name in ORGANISATION_FIELDS:
            if name in changes:
                setattr(organisation, name, changes[name]["new"])
        if "share_capital" in changes:
            organisation.share_capital = changes["share_capital"]["new"]
        if "parent_ratio" in changes:
            new_ratio = changes["parent_ratio"]["new"]
            organisation.parent_ratio = Decimal(new_ratio) if new_ratio is not None else None
            organisation.has_parent = bool(organisation.parent_ratio)
        organisation._change_reason = reason
        organisation._history_user = actor
        organisation.save()
        _apply_legal_representative(organisation, changes, reason)
        _apply_member_representative(organisation, changes, reason)
        locked.status = ChangeNoticeStatus.APPROVED
        locked.decided_at = now
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        audit_log(
            actor=actor,
            action="change_notice.approve",
            target=locked,
            from_state=ChangeNoticeStatus.SUBMITTED,
            to_state=locked.status,
            data={"fields": list(changes), "requested_by": locked.requested_by_id},
        )
        _tell_requester(locked, "change_notice_approved")
    return locked


def change_notice_return(*, notice: ChangeNotice, actor, reason: str, now=None) -> ChangeNotice:
    """Send the notice back with the reason; the register is not changed."""
    if not is_secretariat(actor):
        raise ChangeNoticeError(_("変更届を差し戻す権限がありません。"))
    reason = (reason or "").strip()
    if not reason:
        raise ChangeNoticeError(_("差戻しの理由を入力してください。"))
    with transaction.atomic():
        locked = _locked(notice, ChangeNoticeStatus.RETURNED)
        locked.status = ChangeNoticeStatus.RETURNED
        locked.return_reason = reason
        locked.decided_at = now or timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "return_reason", "decided_at", "decided_by"])
        audit_log(
            actor=actor,
            action="change_notice.return",
            target=locked,
            from_state=ChangeNoticeStatus.SUBMITTED,
            to_state=locked.status,
            note=reason,
        )
        _tell_requester(locked, "change_notice_returned")
    return locked


def change_notice_withdraw(*, notice: ChangeNotice, actor) -> ChangeNotice:
    """The company takes back a notice the secretariat has not decided yet."""
    contact = managing_contact(actor)
    if contact is None or contact.organisation_id != notice.organisation_id:
        raise ChangeNoticeError(_("この変更届を取り下げる権限がありません。"))
    with transaction.atomic():
        locked = _locked(notice, ChangeNoticeStatus.WITHDRAWN)
        locked.status = ChangeNoticeStatus.WITHDRAWN
        locked.decided_at = timezone.now()
        locked.save(update_fields=["status", "decided_at"])
        audit_log(
            actor=actor,
            action="change_notice.withdraw",
            target=locked,
            from_state=ChangeNoticeStatus.SUBMITTED,
            to_state=locked.status,
        )
    return locked
