"""Who comes to an event: a member company's people (registered by a colleague or by
themselves) and, for public events, guests (press, government, others). A registration is
confirmed, waiting for a place (キャンセル待ち), waiting for its guest to confirm their
address or for the secretariat's approval (press), or cancelled; after the event it is
attended or a no-show."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from events import capacity
from members.models import Contact, Organisation


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = capacity.CONFIRMED, _("参加登録済み")
        WAITLISTED = capacity.WAITLISTED, _("キャンセル待ち")
        UNCONFIRMED = capacity.UNCONFIRMED, _("メールアドレス確認待ち")
        AWAITING_APPROVAL = capacity.AWAITING_APPROVAL, _("事務局の承認待ち")
        CANCELLED = capacity.CANCELLED, _("キャンセル")

    class Category(models.TextChoices):
        MEMBER = "member", _("会員")
        PRESS = "press", _("報道関係者")
        GOVERNMENT = "government", _("行政・公的機関")
        GUEST = "guest", _("一般（非会員）")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("未確定")
        ATTENDED = "attended", _("出席")
        NO_SHOW = "no_show", _("欠席（無断）")

    event = models.ForeignKey(
        "events.Event",
        verbose_name=_("イベント"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("利用者"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("担当者"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("会員組織"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("登録した方"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    category = models.CharField(
        _("区分"), max_length=20, choices=Category.choices, default=Category.MEMBER
    )
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.CONFIRMED
    )
    # A guest's particulars (a member's are its contact's). Blanked when anonymised.
    name = models.CharField(_("氏名"), max_length=100, blank=True)
    organisation_name = models.CharField(_("所属"), max_length=200, blank=True)
    job_title = models.CharField(_("役職"), max_length=100, blank=True)
    email = models.EmailField(_("メールアドレス"), blank=True)
    confirm_token_hash = models.CharField(max_length=64, blank=True, editable=False)
    email_confirmed_at = models.DateTimeField(_("メールアドレス確認日時"), null=True, blank=True)
    is_walk_in = models.BooleanField(_("当日参加"), default=False)
    ground_rule_agreed_at = models.DateTimeField(_("参加の前提への同意日時"), null=True, blank=True)
    waitlisted_at = models.DateTimeField(_("キャンセル待ち登録日時"), null=True, blank=True)
    promoted_at = models.DateTimeField(_("繰り上げ日時"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("キャンセル日時"), null=True, blank=True)
    attendance = models.CharField(
        _("出欠"), max_length=20, choices=Attendance.choices, default="", blank=True
    )
    checked_in_at = models.DateTimeField(_("受付日時"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("匿名化日時"), null=True, blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("参加登録")
        verbose_name_plural = _("参加登録")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=Q(user__isnull=False) & ~Q(status="cancelled"),
                name="registration_one_per_user",
                violation_error_message=_("すでに参加登録しています。"),
            ),
            models.UniqueConstraint(
                fields=["event", "contact"],
                condition=Q(contact__isnull=False) & ~Q(status="cancelled"),
                name="registration_one_per_contact",
                violation_error_message=_("すでに参加登録しています。"),
            ),
        ]
        indexes = [models.Index(fields=["event", "status", "waitlisted_at"])]

    def __str__(self):
        return f"{self.event} / {self.person_name}"

    @property
    def person_name(self) -> str:
        if self.contact_id is not None:
            return self.contact.full_name
        if self.name:
            return self.name
        if self.user_id is not None:
            return self.user.email
        return "—"

    @property
    def affiliation(self) -> str:
        if self.organisation_id is not None:
            return self.organisation.legal_name
        return self.organisation_name

    @property
    def address(self) -> str:
        if self.contact_id is not None and self.contact.email:
            return self.contact.email
        if self.user_id is not None:
            return self.user.email
        return self.email

    @property
    def is_active(self) -> bool:
        return self.status != self.Status.CANCELLED
