"""The association's governance records: board meetings and officers."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aiga.dates import date_en, date_ja
from aiga.files import get_private_storage
from aiga.uploads import DocumentUpload


class Officer(models.Model):
    """Directors and the auditor, as the secretariat maintains them (experts' recommenders)."""

    class Role(models.TextChoices):
        REPRESENTATIVE_DIRECTOR = "representative_director", _("代表理事")
        EXECUTIVE_DIRECTOR = "executive_director", _("業務執行理事")
        DIRECTOR = "director", _("理事")
        AUDITOR = "auditor", _("監事")

    name = models.CharField(_("氏名"), max_length=100)
    name_kana = models.CharField(_("フリガナ"), max_length=100, blank=True)
    title = models.CharField(_("肩書"), max_length=200, blank=True)
    role = models.CharField(_("役職"), max_length=30, choices=Role.choices)
    order = models.PositiveIntegerField(_("表示順"), default=0)
    is_active = models.BooleanField(_("在任中"), default=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ユーザーアカウント"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="officer",
        help_text=_("この役員がログインに使うアカウント（あれば）。"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("役員")
        verbose_name_plural = _("役員")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.get_role_display()} {self.name}"


class RetainedQuerySet(models.QuerySet):
    """Board records kept for ten years (一般法人法 §97): a bulk delete refuses them too."""

    def delete(self):
        for row in self:
            row.check_deletable()
        return super().delete()


def minutes_upload_to(instance, filename):
    return f"board/minutes/{instance.date:%Y%m%d}-{filename}"


def next_meeting_number() -> int:
    """The next number of the one series that held meetings and written resolutions share
    (第〇回理事会, 第〇回理事会（書面決議）), given when a meeting is created."""
    return (BoardMeeting.objects.aggregate(n=Max("number"))["n"] or 0) + 1


class BoardMeeting(models.Model):
    """A board meeting (held, around the middle of each month) or a written resolution."""

    class Kind(models.TextChoices):
        HELD = "held", _("開催")
        WRITTEN = "written", _("書面決議")

    class Status(models.TextChoices):
        PLANNED = "planned", _("予定")
        HELD = "held", _("開催済み")
        MINUTES_APPROVED = "minutes_approved", _("議事録承認済み")

    number = models.PositiveIntegerField(
        _("回"),
        unique=True,
        default=next_meeting_number,
        help_text=_("第〇回理事会の回数。書面決議も同じ通し番号です。登録時に次の番号が入ります。"),
    )
    kind = models.CharField(_("形式"), max_length=10, choices=Kind.choices, default=Kind.HELD)
    date = models.DateField(
        _("日付"), help_text=_("開催の場合は開催日、書面決議の場合は提案日です。")
    )
    title = models.CharField(_("名称"), max_length=200, blank=True)
    status = models.CharField(
        _("状態"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    consents_completed_on = models.DateField(
        _("最後の理事の同意が到達した日"),
        null=True,
        blank=True,
        help_text=_("書面決議のみ。この日が入会日になります。"),
    )
    minutes_file = DocumentUpload(
        _("議事録（PDF）"),
        storage=get_private_storage,
        upload_to=minutes_upload_to,
        blank=True,
    )
    minutes_reference = models.CharField(_("議事録（参照先）"), max_length=300, blank=True)
    note = models.TextField(_("備考"), blank=True)
    created_at = models.DateTimeField(_("作成日時"), auto_now_add=True)

    history = HistoricalRecords()
    objects = RetainedQuerySet.as_manager()

    class Meta:
        verbose_name = _("理事会")
        verbose_name_plural = _("理事会")
        ordering = ["date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="written") | Q(consents_completed_on__isnull=True),
                name="board_meeting_consent_date_only_written",
            )
        ]

    def before_its_date(self, today) -> bool:
        """A meeting held on a day still to come: nothing decided at it can be recorded yet
        (a written resolution is dated by the last consent instead)."""
        return self.kind == self.Kind.HELD and self.date > today

    @property
    def name(self) -> str:
        """「第12回理事会」 or 「第12回理事会（書面決議）」, without the date."""
        if self.kind == self.Kind.HELD:
            return _("第%(number)s回理事会") % {"number": self.number}
        return _("第%(number)s回理事会（書面決議）") % {"number": self.number}

    def __str__(self):
        label = self.name
        english = (translation.get_language() or "ja").startswith("en")
        return _("%(label)s（%(date)s）") % {
            "label": label,
            "date": date_en(self.date) if english else date_ja(self.date),
        }

    def clean(self):
        super().clean()
        if self.status == self.Status.MINUTES_APPROVED and self._saved_status() != self.status:
            problems = minutes_approval_problems(self)
            if problems:
                raise ValidationError({"status": problems})

    def _saved_status(self) -> str | None:
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()

    def check_deletable(self, today: datetime.date | None = None) -> None:
        has_records = (
            bool(self.minutes_file)
            or self.consents.exists()
            or self.auditor_statements.exists()
            or self.attendance.exists()
        )
        if has_records:
            check_retention(self.resolution_date, today=today)

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)

    @property
    def resolution_date(self) -> datetime.date:
        """The day the board resolved: held on its date, written when the last consent came."""
        return self.consents_completed_on or self.date

    @property
    def admission_date(self):
        """The day a decision of this meeting takes effect (None until known)."""
        if self.kind == self.Kind.HELD:
            return self.date
        return self.consents_completed_on


# --- Written resolutions (一般法人法 §96–97), attendance and minutes (§95) ---------------

RETENTION_YEARS = 10
DIRECTOR_ROLES = (
    Officer.Role.REPRESENTATIVE_DIRECTOR,
    Officer.Role.EXECUTIVE_DIRECTOR,
    Officer.Role.DIRECTOR,
)


class RetentionError(Exception):
    """A board record asked to be deleted within the ten years the law keeps it."""


def retained_until(resolution_date: datetime.date) -> datetime.date:
    """Ten years from the resolution (29 February gives 28 February)."""
    try:
        return resolution_date.replace(year=resolution_date.year + RETENTION_YEARS)
    except ValueError:
        return resolution_date.replace(year=resolution_date.year + RETENTION_YEARS, day=28)


def check_retention(resolution_date: datetime.date, *, today: datetime.date | None = None):
    today = today or timezone.localdate()
    until = retained_until(resolution_date)
    if today < until:
        raise RetentionError(
            _("理事会の同意書・議事録等は決議の日から10年間（%(date)sまで）削除できません。")
            % {"date": until.isoformat()}
        )


def quorum_met(*, entitled: int, present: int) -> bool:
    """A majority of the directors entitled to vote (§95(1)); nobody entitled, no quorum."""
    return entitled > 0 and present * 2 > entitled


def minutes_approval_problems(meeting: BoardMeeting) -> list[str]:
    """What stops the meeting's minutes being marked approved (empty: nothing)."""
    problems = []
    if not meeting.minutes_file:
        problems.append(_("署名済みの議事録（PDF）を添付してください。"))
    if meeting.kind == BoardMeeting.Kind.WRITTEN:
        if meeting.consents_completed_on is None:
            problems.append(_("書面決議がまだ成立していません（同意書がそろっていません）。"))
        return problems
    if meeting.pk is None or not meeting.attendance.exists():
        problems.append(_("出席した理事・監事を記録してください。"))
    else:
        directors = meeting.attendance.filter(role__in=DIRECTOR_ROLES)
        if not quorum_met(
            entitled=directors.count(), present=directors.filter(attended=True).count()
        ):
            problems.append(
                _("出席した理事が議決に加わることができる理事の過半数に達していません。")
            )
    return problems


class BoardRecord(models.Model):
    """What a consent, a statement and an attendance share: kept with their meeting for ten
    years from its resolution."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("記録者"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("記録日時"), auto_now_add=True)

    objects = RetainedQuerySet.as_manager()

    class Meta:
        abstract = True

    def check_deletable(self, today: datetime.date | None = None) -> None:
        check_retention(self.meeting.resolution_date, today=today)

    def delete(self, *args, **kwargs):
        self.check_deletable()
        return super().delete(*args, **kwargs)


def consent_upload_to(instance, filename):
    return f"board/consents/{instance.meeting.date:%Y%m%d}-{filename}"


class WrittenConsent(BoardRecord):
    """A director's 同意書 for a written resolution, or the director's abstention for a
    special interest (特別利害関係), which takes the director out of the count."""

    meeting = models.ForeignKey(
        BoardMeeting,
        verbose_name=_("理事会（書面決議）"),
        on_delete=models.PROTECT,
        related_name="consents",
    )
    officer = models.ForeignKey(
        Officer, verbose_name=_("理事"), on_delete=models.PROTECT, related_name="consents"
    )
    consented_at = models.DateTimeField(
        _("同意書の到達日時"), null=True, blank=True, help_text=_("特別利害関係の場合は空欄。")
    )
    document = DocumentUpload(
        _("署名済みの同意書（PDF）"),
        storage=get_private_storage,
        upload_to=consent_upload_to,
        blank=True,
    )
    received_note = models.CharField(
        _("受領の方法"),
        max_length=300,
        blank=True,
        help_text=_("PDFがない場合、どのように受け取ったか（例: 原本を郵送で受領、事務局保管）。"),
    )
    abstains_special_interest = models.BooleanField(
        _("特別利害関係により議決に加わらない"), default=False
    )
    abstention_reason = models.TextField(_("特別利害関係の内容"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("書面決議の同意書")
        verbose_name_plural = _("書面決議の同意書")
        ordering = ["meeting", "officer__order", "officer_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "officer"], name="written_consent_unique"),
            models.CheckConstraint(
                condition=(
                    Q(abstains_special_interest=True, consented_at__isnull=True)
                    & ~Q(abstention_reason="")
                )
                | (
                    Q(abstains_special_interest=False, consented_at__isnull=False)
                    & (~Q(document="") | ~Q(received_note=""))
                ),
                name="written_consent_document_or_abstention",
            ),
        ]

    def __str__(self):
        return f"{self.meeting} {self.officer.name}"


def statement_upload_to(instance, filename):
    return f"board/auditors/{instance.meeting.date:%Y%m%d}-{filename}"


class AuditorStatement(BoardRecord):
    """An auditor's statement on a written resolution's proposal: an objection blocks it."""

    class Opinion(models.TextChoices):
        NO_OBJECTION = "no_objection", _("異議なし")
        OBJECTION = "objection", _("異議あり")

    meeting = models.ForeignKey(
        BoardMeeting,
        verbose_name=_("理事会（書面決議）"),
        on_delete=models.PROTECT,
        related_name="auditor_statements",
    )
    officer = models.ForeignKey(
        Officer,
        verbose_name=_("監事"),
        on_delete=models.PROTECT,
        related_name="auditor_statements",
    )
    opinion = models.CharField(_("意見"), max_length=20, choices=Opinion.choices)
    received_at = models.DateTimeField(_("到達日時"))
    document = DocumentUpload(
        _("監事の確認書（PDF）"),
        storage=get_private_storage,
        upload_to=statement_upload_to,
        blank=True,
    )
    note = models.TextField(_("備考"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("監事の意見")
        verbose_name_plural = _("監事の意見")
        ordering = ["meeting", "officer__order", "officer_id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "officer"], name="auditor_statement_unique"),
        ]

    def __str__(self):
        return f"{self.meeting} {self.officer.name}（{self.get_opinion_display()}）"


class MeetingAttendance(BoardRecord):
    """Who of the officers in office attended a held meeting, with the role they held then."""

    meeting = models.ForeignKey(
        BoardMeeting,
        verbose_name=_("理事会"),
        on_delete=models.PROTECT,
        related_name="attendance",
    )
    officer = models.ForeignKey(
        Officer, verbose_name=_("役員"), on_delete=models.PROTECT, related_name="attendance"
    )
    role = models.CharField(_("当時の役職"), max_length=30, choices=Officer.Role.choices)
    attended = models.BooleanField(_("出席"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("理事会の出席")
        verbose_name_plural = _("理事会の出席")
        ordering = ["meeting", "officer__order", "officer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "officer"], name="meeting_attendance_unique"
            ),
        ]

    def __str__(self):
        return f"{self.meeting} {self.officer.name}"
