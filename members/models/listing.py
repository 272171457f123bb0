"""The public members' page and the members' mailing list."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiga.files import get_private_storage
from aiga.uploads import GeneratedFile, ImageUpload


class MailingListExport(models.Model):
    """One CSV of the mailing-list changes since the previous export."""

    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file = GeneratedFile(_("CSVファイル"), storage=get_private_storage, upload_to="mailing-list/")
    row_count = models.PositiveIntegerField(_("件数"), default=0)

    class Meta:
        verbose_name = _("メーリングリストの書出し")
        verbose_name_plural = _("メーリングリストの書出し")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{timezone.localtime(self.created_at):%Y-%m-%d %H:%M}（{self.row_count}件）"


class MailingListChange(models.Model):
    """An address joining or leaving the mailing list; exported once, then kept."""

    class Action(models.TextChoices):
        ADD = "add", _("追加")
        REMOVE = "remove", _("削除")

    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.CASCADE,
        related_name="mailing_list_changes",
    )
    email = models.EmailField(_("メールアドレス"))
    action = models.CharField(_("変更"), max_length=10, choices=Action.choices)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    export = models.ForeignKey(
        MailingListExport,
        verbose_name=_("書出し"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="changes",
    )

    class Meta:
        verbose_name = _("メーリングリストの変更")
        verbose_name_plural = _("メーリングリストの変更")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["export"], name="mailing_change_export_idx")]

    def __str__(self):
        return f"{self.get_action_display()} {self.email}"


def listing_logo_upload_to(instance, filename):
    return f"members-page/{filename}"


class MemberListing(models.Model):
    """How a member appears on the public members' page (only with its consent)."""

    organisation = models.OneToOneField(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.CASCADE,
        related_name="listing",
    )
    display_name = models.CharField(_("掲載名"), max_length=200)
    logo = ImageUpload(_("ロゴ"), upload_to=listing_logo_upload_to, blank=True)
    # A logo the member sent from the portal, shown on the page once the secretariat approves.
    pending_logo = ImageUpload(
        _("承認待ちのロゴ"), upload_to=listing_logo_upload_to, blank=True, editable=False
    )
    pending_logo_submitted_at = models.DateTimeField(
        _("ロゴの届出日時"), null=True, blank=True, editable=False
    )
    website = models.URLField(_("ウェブサイト"), blank=True)
    affiliation = models.CharField(
        _("所属（有識者会員）"),
        max_length=200,
        blank=True,
        help_text=_("有識者会員の所属・役職。掲載に同意した場合だけ、氏名とともに掲載します。"),
    )
    is_listed = models.BooleanField(_("掲載する"), default=False)
    listed_at = models.DateTimeField(_("掲載日時"), null=True, blank=True)

    class Meta:
        verbose_name = _("会員一覧ページの掲載")
        verbose_name_plural = _("会員一覧ページの掲載")
        ordering = ["display_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_listed=False) | Q(listed_at__isnull=False),
                name="member_listing_listed_has_date",
            )
        ]

    def __str__(self):
        return self.display_name
