"""Issuing a membership (step 7 of an application): the onboarding checklist, portal
invitations, the mailing-list change log and its exports, and the public members' page.
Imported into members.models.

Rows here change only through members/onboarding_services.py.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from aiga.files import get_private_storage

__all__ = [
    "MailingListChange",
    "MailingListExport",
    "MemberListing",
    "OnboardingStep",
    "PortalInvitation",
]


class OnboardingStep(models.Model):
    """One item of the onboarding checklist of an issued membership. Each runs on its own,
    can fail on its own and be retried from the admin without touching the others."""

    class Kind(models.TextChoices):
        MEMBER_NUMBER = "member_number", _("会員番号の付番")
        PORTAL_ACCOUNTS = "portal_accounts", _("会員ポータルへの招待")
        MAILING_LIST = "mailing_list", _("メーリングリストへの登録")
        MEMBERS_PAGE = "members_page", _("会員一覧ページへの掲載")
        WELCOME_NOTICE = "welcome_notice", _("会員資格発行のお知らせ")

    class Status(models.TextChoices):
        PENDING = "pending", _("未実行")
        DONE = "done", _("完了")
        FAILED = "failed", _("失敗")

    application = models.ForeignKey(
        "members.Application",
        verbose_name=_("入会申込"),
        on_delete=models.CASCADE,
        related_name="onboarding_steps",
    )
    organisation = models.ForeignKey(
        "members.Organisation",
        verbose_name=_("会員組織"),
        on_delete=models.CASCADE,
        related_name="onboarding_steps",
    )
    kind = models.CharField(_("項目"), max_length=30, choices=Kind.choices)
    status = models.CharField(
        _("状態"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts = models.PositiveIntegerField(_("実行回数"), default=0)
    last_error = models.TextField(_("直近のエラー"), blank=True)
    done_at = models.DateTimeField(_("完了日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    # The order in which the steps are queued: the welcome notice needs the member number.
    ORDER = (
        Kind.MEMBER_NUMBER,
        Kind.PORTAL_ACCOUNTS,
        Kind.MAILING_LIST,
        Kind.MEMBERS_PAGE,
        Kind.WELCOME_NOTICE,
    )

    class Meta:
        verbose_name = _("入会後の手続（チェックリスト）")
        verbose_name_plural = _("入会後の手続（チェックリスト）")
        ordering = ["application", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "kind"], name="onboarding_step_once_per_application"
            )
        ]

    def __str__(self):
        return f"{self.organisation} — {self.get_kind_display()}: {self.get_status_display()}"


class PortalInvitation(models.Model):
    """A one-time, expiring link for a contact to set a password. Only the hash is kept."""

    contact = models.ForeignKey(
        "members.Contact",
        verbose_name=_("担当者"),
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    email = models.EmailField(_("送付先"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    expires_at = models.DateTimeField(_("有効期限"))
    used_at = models.DateTimeField(_("利用日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("ポータルへの招待")
        verbose_name_plural = _("ポータルへの招待")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.contact} <{self.email}>"

    def is_usable(self, now=None) -> bool:
        now = now or timezone.now()
        return self.used_at is None and self.expires_at > now


class MailingListExport(models.Model):
    """One CSV of the mailing-list changes since the previous export."""

    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("作成者"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(
        _("CSVファイル"), storage=get_private_storage, upload_to="mailing-list/"
    )
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
    logo = models.FileField(_("ロゴ"), upload_to=listing_logo_upload_to, blank=True)
    website = models.URLField(_("ウェブサイト"), blank=True)
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
