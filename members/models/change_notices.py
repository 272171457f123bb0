"""変更届: a member company asks the secretariat to change what the register holds about it
(its name, address, 法人代表者, capital or parent share, its 会員代表者). Only the fields that
change are recorded, each with its value before and after."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aiga.files import get_private_storage
from aiga.uploads import DocumentUpload
from members.change_notice_workflow import ChangeNoticeStatus

# The fields a 変更届 may change, in the order they are shown.
CHANGE_FIELDS: dict[str, str] = {
    "legal_name": _("名称（正式名称）"),
    "legal_name_kana": _("フリガナ"),
    "postal_code": _("郵便番号"),
    "prefecture": _("都道府県"),
    "address": _("住所（市区町村以下）"),
    "legal_representative_name": _("法人代表者の氏名"),
    "legal_representative_title": _("法人代表者の役職"),
    "share_capital": _("資本金（円）"),
    "parent_ratio": _("親会社の出資比率（%）"),
    "member_representative": _("会員代表者"),
}


def change_notice_document_path(instance, filename):
    return f"change-notices/{instance.organisation_id}/{filename}"


class ChangeNotice(models.Model):
    Status = ChangeNoticeStatus

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.PROTECT,
        related_name="change_notices",
    )
    requested_by = models.ForeignKey(
        "members.Contact",
        verbose_name=_("届出者"),
        on_delete=models.PROTECT,
        related_name="change_notices",
    )
    requested_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("届出者のログイン"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # {"legal_name": {"old": "…", "new": "…"}, …}: raw values (integers of yen, a ratio as
    # text, a contact's id for the 会員代表者), only for the fields that change.
    changes = models.JSONField(_("変更内容"), default=dict)
    member_note = models.TextField(_("補足"), blank=True)
    document = DocumentUpload(
        _("添付書類（登記事項証明書など）"),
        storage=get_private_storage,
        upload_to=change_notice_document_path,
        blank=True,
    )
    crosses_smb_line = models.BooleanField(
        _("SMB枠の基準をまたぐ変更"),
        default=False,
        help_text=_(
            "資本金または親会社の出資比率の変更により、会員区分の基準（SMB・スタートアップ枠）を"
            "またぎます。区分は事務局が判断します。"
        ),
    )
    status = models.CharField(
        _("状態"),
        max_length=20,
        choices=ChangeNoticeStatus.choices,
        default=ChangeNoticeStatus.SUBMITTED,
    )
    return_reason = models.TextField(_("差戻しの理由"), blank=True)
    submitted_at = models.DateTimeField(_("届出日時"), auto_now_add=True)
    decided_at = models.DateTimeField(_("処理日時"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("処理者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("変更届")
        verbose_name_plural = _("変更届")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            # One notice at a time: a second would be checked against values the first changes.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(status="submitted"),
                name="change_notice_one_open_per_organisation",
            ),
            models.CheckConstraint(
                condition=~Q(status="returned") | ~Q(return_reason=""),
                name="change_notice_returned_has_reason",
            ),
        ]

    def __str__(self):
        return _("変更届 No.%(id)s（%(org)s）") % {"id": self.pk, "org": self.organisation}

    @property
    def is_open(self) -> bool:
        return self.status == ChangeNoticeStatus.SUBMITTED

    def change_rows(self) -> list[dict]:
        """The changes in the fields' order, each with its label and shown values."""
        rows = []
        for field, label in CHANGE_FIELDS.items():
            if field in self.changes:
                change = self.changes[field]
                rows.append(
                    {
                        "field": field,
                        "label": label,
                        "old": change.get("old_label", change.get("old")),
                        "new": change.get("new_label", change.get("new")),
                    }
                )
        return rows
