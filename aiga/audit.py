"""The audit log service: every service that changes something that matters calls audit_log.

Entries are chained by hash (each covers the one before) and the chain is checked by
`manage.py audit_verify`; on PostgreSQL a trigger refuses UPDATE and DELETE of entries."""

from __future__ import annotations

import datetime
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiga.models import AuditEntry

# What each action is called where people read the log. An action missing here is shown
# as its code: add its label with the audit_log call that writes it.
ACTION_LABELS = {
    "application.submit": _("入会申込の提出"),
    "application.request_correction": _("補正依頼"),
    "application.resubmit": _("補正後の再提出"),
    "application.forward_to_board": _("理事会への付議"),
    "application.carry_over": _("次回理事会への持越し"),
    "application.approve": _("入会承認"),
    "application.reject": _("入会不承認"),
    "application.invoice": _("初回請求書の発行"),
    "application.confirm_payment": _("入金確認"),
    "application.issue_membership": _("会員資格の発行"),
    "application.withdraw": _("申込の取下げ"),
    "application.agenda_move": _("議題の理事会変更"),
    "application.draft_link_sent": _("下書きリンクの送付"),
    "application.draft_saved": _("申込の下書き保存"),
    "application.meeting_moved_told": _("理事会変更の連絡"),
    "application.organisation_created": _("会員組織の作成"),
    "application.review_check": _("審査項目の確認"),
    "auth.locked_out": _("ログインの一時停止"),
    "auth.password_reset_requested": _("パスワード再設定の依頼"),
    # The second factor (issue 32).
    "auth.second_factor_enabled": _("二段階認証の設定"),
    "auth.second_factor_disabled": _("二段階認証の解除"),
    "auth.second_factor_reset": _("二段階認証のリセット（認証アプリの紛失など）"),
    "auth.recovery_code_used": _("リカバリーコードによるログイン"),
    "auth.recovery_codes_renewed": _("リカバリーコードの再作成"),
    "board_meeting.attendance": _("理事会の出欠記録"),
    "board_meeting.carry_over": _("理事会議題の持越し"),
    "board_meeting.create": _("理事会の登録"),
    "board_meeting.moved": _("理事会の日程変更"),
    "board_meeting.status": _("理事会の状態変更"),
    "board_meeting.update": _("理事会の変更"),
    "contact.reactivate": _("担当者の再有効化"),
    "contact.deactivate": _("担当者の無効化"),
    "credit_note.issue": _("取消請求書の発行"),
    "estimate.create": _("見積書の作成"),
    "event.create": _("イベントの登録"),
    "event_registration.create": _("イベントへの参加登録"),
    "event_registration.cancel": _("イベントの参加登録のキャンセル"),
    "event_registration.promote": _("キャンセル待ちからの繰り上げ"),
    "event_registration.guest": _("一般の方のイベント申込み"),
    "event_registration.confirm": _("イベント申込みのメールアドレス確認"),
    "event_registration.approve": _("報道関係者の参加の承認"),
    "event_registration.anonymise": _("イベント申込者の個人情報の匿名化"),
    "event_registration.check_in": _("イベントの受付"),
    "event_registration.check_in_undo": _("イベントの受付の取消し"),
    "event_registration.walk_in": _("イベントの当日参加の追加"),
    "event_attendance.import": _("オンライン出席者一覧の取込み"),
    "event_attendance.no_shows": _("イベントの欠席の記録"),
    "event_agenda.confirm": _("全体会のアジェンダの確定"),
    "event_agenda.fill": _("全体会のアジェンダへの新規会員の追加"),
    "event_agenda.reorder": _("全体会のアジェンダの並べ替え"),
    "event_agenda.remove": _("全体会のアジェンダからの削除"),
    "feed_token.issue": _("カレンダーURLの発行"),
    "feed_token.reset": _("カレンダーURLの再発行"),
    "invoice.call_list": _("督促：電話連絡リストへの追加"),
    "invoice.reminder": _("督促：お支払いのお願いの送付"),
    "invoice.suspend_membership": _("未納による会員資格の停止"),
    "membership.suspend": _("会員資格の停止"),
    "membership.reinstate": _("会員資格の停止解除"),
    "reminder.pause": _("督促の保留（協議中）"),
    "reminder.resume": _("督促の保留の解除"),
    "renewal_run.start": _("年会費請求の一括発行の開始"),
    "renewal_run.resume": _("年会費請求の一括発行の再開"),
    "renewal_run.running": _("年会費請求の一括発行の実行"),
    "renewal_run.done": _("年会費請求の一括発行の完了"),
    "invoice.cancel": _("請求書の取消"),
    "invoice.draft": _("請求書の下書き作成"),
    "invoice.draft_update": _("請求書の下書き変更"),
    "invoice.issue": _("請求書の発行"),
    "invoice.no_recipient": _("請求書の送付先なし"),
    "invoice.paid": _("請求書の入金完了"),
    "invoice.pdf_failed": _("請求書PDFの作成失敗"),
    "invoice.pdf_stored": _("請求書PDFの保存"),
    "invoice.reopened": _("請求書の入金取消"),
    "invoice.resend": _("請求書の再送"),
    "invoice.sent": _("請求書の送付"),
    "mailing_list.add": _("メーリングリストへの追加"),
    "mailing_list.export": _("メーリングリストの書き出し"),
    "members_page.publish": _("会員一覧ページへの掲載"),
    "membership.issued": _("会員資格の発行"),
    "organisation.member_number": _("会員番号の付番"),
    "navi_answer.confirm": _("ナビの引継ぎ回答の確認"),
    "navi_answer.save": _("ナビの回答の保存"),
    "navi_assessment.profile": _("ナビの自己診断の対象範囲の変更"),
    "navi_assessment.reopen": _("ナビの自己診断の回答再開"),
    "navi_assessment.reopen_after_close": _("締切後の事務局によるナビの自己診断の再開"),
    "navi_assessment.start": _("ナビの自己診断の開始"),
    "navi_assessment.submit": _("ナビの自己診断の提出"),
    "navi_assessment.view_answers": _("事務局によるナビの回答の閲覧"),
    "navi_round.close": _("一斉自己診断の締切"),
    "navi_round.open": _("一斉自己診断の開始"),
    "navi_round.remind": _("一斉自己診断の督促"),
    "navi_round.schedule": _("一斉自己診断の予定登録"),
    "navi_round.export": _("一斉自己診断の回答の分析用エクスポート"),
    "navi_item.clear_review_mark": _("ナビ項目の事務局案の印の解除"),
    "navi_item.update_texts": _("ナビ項目の文言の変更（事務局案）"),
    "navi_version.copy": _("ナビの版の複製"),
    "navi_version.load": _("ナビの版の読込み"),
    "navi_version.publish": _("ナビの版の公開"),
    "outbox.resend": _("メールの再送"),
    "payment.record": _("入金の記録"),
    "payment.reverse": _("入金の取消"),
    "payment.write_off_fee": _("振込手数料の処理（差額の償却）"),
    "bank_statement.import": _("入金明細の取込"),
    "bank_line.confirm": _("入金明細の確認（入金の記録）"),
    "bank_line.skip": _("入金明細を対象外に"),
    # Papers and withdrawal (issue 28, h28b)
    "receipt.issue": _("領収書の発行"),
    "certificate.issue": _("会員証明書の発行"),
    "agreement.member_accept": _("改定文書への会員の同意"),
    "agreement.remind": _("改定文書への同意のお願いの送付"),
    "withdrawal.submit": _("退会届の提出"),
    "withdrawal.confirm": _("退会届の確認"),
    "withdrawal.cancel": _("退会届の取消"),
    "withdrawal.complete": _("退会の完了"),
    "membership.withdrawn": _("退会による会員資格の終了"),
    "portal.invitation": _("会員ポータルへの招待"),
    "portal.invitation_accepted": _("会員ポータルへの招待の受諾"),
    "user.reactivate": _("アカウントの再有効化"),
    "user.deactivate": _("アカウントの無効化"),
    "written_resolution.adopted": _("書面決議の成立"),
    "written_resolution.auditor_statement": _("監事の確認書の記録"),
    # The portal's self-service (issue 28, self-service half).
    "change_notice.submit": _("変更届の提出"),
    "change_notice.approve": _("変更届の承認・反映"),
    "change_notice.return": _("変更届の差戻し"),
    "change_notice.withdraw": _("変更届の取下げ"),
    "contact.add": _("担当者の追加"),
    "contact.roles": _("担当者の役割の変更"),
    "contact.billing_addressee": _("請求書宛先の変更"),
    "user.language": _("表示言語の変更"),
    "mailing_list.subscribe": _("メーリングリストの購読"),
    "mailing_list.unsubscribe": _("メーリングリストの購読停止"),
    "members_page.logo_submit": _("会員一覧ページのロゴの届出"),
    "members_page.logo_approve": _("会員一覧ページのロゴの承認"),
    "members_page.logo_reject": _("会員一覧ページのロゴの不承認"),
    "onboarding.member_number": _("入会手続: 会員番号の付番"),
    "onboarding.portal_accounts": _("入会手続: 会員ポータルへの招待"),
    "onboarding.mailing_list": _("入会手続: メーリングリストへの登録"),
    "onboarding.members_page": _("入会手続: 会員一覧ページへの掲載"),
    "onboarding.welcome_notice": _("入会手続: 会員資格発行のお知らせ"),
    # Personal data and operations (issue 33).
    "system.failure_notice": _("障害のお知らせの送信"),
    "privacy.anonymise": _("個人情報の匿名化（保存期間経過）"),
    "privacy.export": _("個人情報の書き出し（開示請求）"),
    "contact.bounce": _("メールの不達の記録"),
    "contact.bounce_clear": _("メールの不達の確認済み"),
    # The member register (issue 29).
    "member_import.run": _("既存会員の取込"),
    "organisation.import": _("既存会員の取込による登録・更新"),
    "general_assembly.convene": _("社員総会の招集通知の送信"),
}
ADMIN_VERBS = {"add": _("追加"), "change": _("変更"), "delete": _("削除")}


def action_label(action: str, model: type[models.Model] | None = None) -> str:
    """An audit action in words: 「請求書の送付」 for invoice.sent; 「会員組織の変更
    （管理画面）」 for an admin edit; a failed onboarding step as its step and 「失敗」."""
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    if action.endswith(".failed") and action.removesuffix(".failed") in ACTION_LABELS:
        return _("%(action)s（失敗）") % {"action": ACTION_LABELS[action.removesuffix(".failed")]}
    prefix, _dot, verb = action.rpartition(".admin_")
    if _dot and verb in ADMIN_VERBS and model is not None:
        return _("%(model)sの%(verb)s（管理画面）") % {
            "model": model._meta.verbose_name,
            "verb": ADMIN_VERBS[verb],
        }
    return action


# States of actions whose target is another record than the one whose state changed (an
# onboarding step logged on its application; a listing logged on its organisation).
ACTION_STATES = {
    "onboarding": {"pending": _("未実行"), "done": _("完了"), "failed": _("失敗")},
    "members_page": {"listed": _("掲載"), "not_listed": _("掲載しない")},
    "contact": {"on": _("宛先に設定"), "off": _("宛先から外す")},
    # Issue 28: a withdrawal and the membership it ends, logged on the organisation.
    "withdrawal": {
        "submitted": _("受付"),
        "confirmed": _("確認済"),
        "completed": _("退会済"),
        "cancelled": _("取消"),
    },
    "membership": {"active": _("有効"), "suspended": _("停止中"), "ended": _("終了")},
}


def state_label(code: str, model: type[models.Model] | None, action: str = "") -> str:
    """A status code as the target model's status field labels it (with_board → 理事会審議中)."""
    prefix = action.partition(".")[0]
    if code in ACTION_STATES.get(prefix, {}):
        return str(ACTION_STATES[prefix][code])
    if not code or model is None:
        return code
    try:
        field = model._meta.get_field("status")
    except FieldDoesNotExist:  # a model without a status keeps its codes
        return code
    return str(dict(field.flatchoices).get(code, code))


def _actor_or_none(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


# The chain: each entry's hash covers its own fields and the hash of the entry before it
# (by id), so that changing, inserting or removing an entry anywhere but at the very end
# breaks every link after it. Version 1 of the payload; a new field means version 2.
CHAIN_VERSION = 1
# pg_advisory_xact_lock's key for the chain: "AIGA" "AUDT" in ASCII, any fixed number would do.
CHAIN_LOCK_KEY = 0x41494741_41554454


def entry_hash(entry: AuditEntry, prev_hash: str) -> str:
    """The SHA-256 of an entry's fields and the previous entry's hash."""
    payload = {
        "v": CHAIN_VERSION,
        "prev": prev_hash,
        "created_at": entry.created_at.astimezone(datetime.UTC).isoformat(),
        "actor": entry.actor_id,
        "content_type": entry.content_type_id,
        "object_id": entry.object_id,
        "action": entry.action,
        "from_state": entry.from_state,
        "to_state": entry.to_state,
        "note": entry.note,
        # As the database gives it back: JSON's own types, keys in order.
        "data": json.loads(json.dumps(entry.data)),
    }
    text = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()


def audit_chain_lock() -> None:
    """Serialise appends to the chain until the transaction ends. PostgreSQL: an advisory
    lock; SQLite serialises writers itself (one writer at a time).

    audit_log takes it; code that takes another lock every audited transaction may also
    take (billing's document numbers) takes this one first, so that two transactions never
    wait for each other's lock in opposite orders (a deadlock). Re-entrant within a
    transaction."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


def _chain_head() -> str:
    return AuditEntry.objects.order_by("-id").values_list("hash", flat=True).first() or ""


def _append(entries: list[AuditEntry], *, batch_size: int | None = None) -> None:
    """Append entries to the chain, in order, in the caller's transaction: the lock is held
    until it commits, so the next writer links to the last of these."""
    with transaction.atomic(savepoint=False):
        audit_chain_lock()
        prev = _chain_head()
        now = timezone.now()
        for entry in entries:
            entry.created_at = entry.created_at or now
            entry.prev_hash = prev
            entry.hash = prev = entry_hash(entry, entry.prev_hash)
        if len(entries) == 1:
            entries[0].save()
        else:
            AuditEntry.objects.bulk_create(entries, batch_size=batch_size)


def audit_log(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    from_state: str = "",
    to_state: str = "",
    note: str = "",
    data: dict[str, Any] | None = None,
) -> AuditEntry:
    """Write one entry, chained to the one before. `note` and `data` hold ids, codes, numbers
    and what staff wrote as a reason, never a person's name, address or e-mail: the entry
    cannot be changed later, the register can."""
    entry = AuditEntry(
        actor=_actor_or_none(actor),
        action=action,
        from_state=str(from_state or ""),
        to_state=str(to_state or ""),
        note=note or "",
        data=data or {},
    )
    if target is not None:
        entry.content_type = ContentType.objects.get_for_model(target, for_concrete_model=False)
        entry.object_id = str(target.pk)
    _append([entry])
    return entry


def audit_log_many(entries: list[AuditEntry], *, batch_size: int = 2000) -> None:
    """Append entries built by the caller (the scale generator's thousands) in one go."""
    if entries:
        _append(entries, batch_size=batch_size)


@dataclass(frozen=True)
class ChainBreak:
    entry_id: int
    reason: str


def audit_chain_verify(*, chunk_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the chain from the first entry: (entries checked, the first broken one or None)."""
    prev = ""
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=chunk_size):
        if entry.prev_hash != prev:
            return checked, ChainBreak(entry.pk, "link")
        if entry.hash != entry_hash(entry, prev):
            return checked, ChainBreak(entry.pk, "content")
        prev = entry.hash
        checked += 1
    return checked, None


def audit_entries_for(target: models.Model):
    ct = ContentType.objects.get_for_model(target, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=ct, object_id=str(target.pk)).select_related(
        "actor"
    )
