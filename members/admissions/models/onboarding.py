"""Issuing a membership (step 7 of an application): the onboarding checklist, portal
invitations, the mailing-list change log and its exports, and the public members' page.
Imported into members.models.

Rows here change only through members/onboarding_services.py.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


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
        "admissions.Application",
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
