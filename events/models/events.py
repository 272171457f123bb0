"""An event and what belongs to it: its speakers, its segments (the All-Hands' four), its
materials (private files, for the event's audience only) and its press coverage."""

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from aiga.files import get_private_storage
from aiga.uploads import DocumentUpload
from events import speakers
from events.models.kinds import Audience, EventKind, in_language
from members.models import Contact, Organisation


class Event(models.Model):
    kind = models.ForeignKey(
        EventKind, verbose_name=_("種類"), on_delete=models.PROTECT, related_name="events"
    )
    series = models.CharField(
        _("シリーズ"),
        max_length=50,
        blank=True,
        help_text=_("同じ種類の中で番号を分けるときだけ記入します（空欄は種類の通し番号）。"),
    )
    number = models.PositiveIntegerField(
        _("回"), null=True, blank=True, help_text=_("空欄のまま登録すると次の番号を付けます。")
    )
    title = models.CharField(_("題名"), max_length=200)
    title_en = models.CharField(_("題名（英語）"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("開始日時"), null=True, blank=True)
    ends_at = models.DateTimeField(_("終了日時"), null=True, blank=True)
    date_unconfirmed = models.BooleanField(
        _("日付未確認"),
        default=False,
        help_text=_("記録に日付がない過去のイベント。日付を推測して入れないでください。"),
    )
    time_unconfirmed = models.BooleanField(
        _("時刻未確認"), default=False, help_text=_("日付だけが分かっているもの。")
    )
    venue = models.CharField(_("会場"), max_length=200, blank=True)
    is_online = models.BooleanField(_("オンライン開催"), default=False)
    meeting_url = models.URLField(
        _("オンライン会議のURL"), blank=True, help_text=_("参加登録した方にだけ表示します。")
    )
    audience = models.CharField(
        _("対象"), max_length=20, choices=Audience.choices, default=Audience.MEMBERS
    )
    invited_organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("招待企業"),
        blank=True,
        related_name="event_invitations",
    )
    capacity = models.PositiveIntegerField(
        _("定員"),
        null=True,
        blank=True,
        help_text=_("定員を超えた申込みはキャンセル待ちになります。空欄は定員なし。"),
    )
    per_organisation_limit = models.PositiveIntegerField(
        _("1社あたりの参加人数の上限"), null=True, blank=True, help_text=_("空欄は上限なし。")
    )
    registration_closes_at = models.DateTimeField(
        _("参加登録の締切"), null=True, blank=True, help_text=_("空欄は終了時刻まで受け付けます。")
    )
    press_requires_approval = models.BooleanField(
        _("報道関係者の参加は事務局の承認制"),
        default=False,
        help_text=_("一般公開のイベントで、報道関係者の申込みを事務局が承認してから確定します。"),
    )
    organiser = models.ForeignKey(
        Organisation,
        verbose_name=_("主催会員企業"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    summary = models.TextField(_("概要"), blank=True)
    report = models.TextField(_("開催報告"), blank=True)
    participants_note = models.CharField(
        _("参加者数など"), max_length=200, blank=True, help_text=_("例：180名以上が参加")
    )
    is_published = models.BooleanField(_("掲載する"), default=True)
    agenda_confirmed_at = models.DateTimeField(
        _("アジェンダの確定日時"), null=True, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新日時"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("イベント")
        verbose_name_plural = _("イベント")
        ordering = ["-starts_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "series", "number"],
                condition=Q(number__isnull=False),
                name="event_number_unique_in_series",
                violation_error_message=_("このシリーズにはすでにこの回があります。"),
            ),
            # A date is either known or marked unconfirmed: never both, never neither.
            models.CheckConstraint(
                condition=(Q(date_unconfirmed=True) & Q(starts_at__isnull=True))
                | (Q(date_unconfirmed=False) & Q(starts_at__isnull=False)),
                name="event_date_known_or_unconfirmed",
                violation_error_message=_(
                    "開始日時を入れるか、日付未確認にしてください（両方は選べません）。"
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True)
                | (Q(starts_at__isnull=False) & Q(ends_at__gte=models.F("starts_at"))),
                name="event_ends_after_start",
                violation_error_message=_("終了日時は開始日時より後にしてください。"),
            ),
        ]

    def __str__(self):
        return self.display_title

    @property
    def number_label(self) -> str:
        return f"#{self.number}" if self.number else ""

    @property
    def display_title(self) -> str:
        """「AI GA Spotlight #3 経産省発行の…」: the kind's series name and number, then the
        title (a series' title alone would not say which talk); English when there is one."""
        title = in_language(self.title, self.title_en)
        if self.number and self.number_label not in title:
            series = self.series or self.kind.label
            return f"{series} {self.number_label} {title}"
        return title

    def is_past(self, now=None) -> bool:
        if self.starts_at is None:
            return True  # only past events lack a date
        return (self.ends_at or self.starts_at) < (now or timezone.now())


class EventSegment(models.Model):
    """A part of the programme: the All-Hands' 活動報告, 新規会員の自己紹介, ニュースの共有 and
    会員事例紹介 (AIガバナンス研究会, where a member company presents)."""

    event = models.ForeignKey(
        Event, verbose_name=_("イベント"), on_delete=models.CASCADE, related_name="segments"
    )
    order = models.PositiveIntegerField(_("順番"), default=0)
    title = models.CharField(_("コーナー"), max_length=200)
    presenter = models.ForeignKey(
        Organisation,
        verbose_name=_("登壇企業"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_segments",
    )
    note = models.CharField(_("内容"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("コーナー")
        verbose_name_plural = _("コーナー")
        ordering = ["event", "order", "id"]

    def __str__(self):
        return self.title


class Speaker(models.Model):
    class Kind(models.TextChoices):
        MEMBER_CONTACT = speakers.MEMBER_CONTACT, _("会員企業の担当者")
        EXPERT_MEMBER = speakers.EXPERT_MEMBER, _("有識者会員")
        OUTSIDE = speakers.OUTSIDE, _("外部の方")

    event = models.ForeignKey(
        Event, verbose_name=_("イベント"), on_delete=models.CASCADE, related_name="speakers"
    )
    order = models.PositiveIntegerField(_("順番"), default=0)
    kind = models.CharField(_("区分"), max_length=20, choices=Kind.choices)
    contact = models.ForeignKey(
        Contact,
        verbose_name=_("担当者"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="event_talks",
        help_text=_("会員企業の担当者・有識者会員のとき。"),
    )
    name = models.CharField(
        _("氏名"), max_length=100, blank=True, help_text=_("資料の表記どおり（例：殿村）。")
    )
    affiliation = models.CharField(_("所属"), max_length=200, blank=True)
    title = models.CharField(_("肩書"), max_length=100, blank=True, help_text=_("例：弁護士"))

    class Meta:
        verbose_name = _("登壇者")
        verbose_name_plural = _("登壇者")
        ordering = ["event", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(name="") | Q(contact__isnull=False),
                name="speaker_named_or_a_contact",
                violation_error_message=_("氏名を入れるか、担当者を選んでください。"),
            ),
        ]

    def __str__(self):
        return self.display

    @property
    def display(self) -> str:
        name, affiliation, title = self.name, self.affiliation, self.title
        if self.contact_id is not None:
            name = name or self.contact.family_name
            if self.kind == self.Kind.MEMBER_CONTACT:
                affiliation = affiliation or self.contact.organisation.legal_name
        return speakers.speaker_line(
            kind=self.kind, name=name, affiliation=affiliation, title=title
        )


def material_path(instance, filename):
    return f"events/{instance.event_id}/{uuid.uuid4().hex}.pdf"


class EventMaterial(models.Model):
    """Slides (PDF) or a recording's link, for the event's audience only."""

    event = models.ForeignKey(
        Event, verbose_name=_("イベント"), on_delete=models.CASCADE, related_name="materials"
    )
    order = models.PositiveIntegerField(_("順番"), default=0)
    title = models.CharField(_("資料名"), max_length=200)
    file = DocumentUpload(
        _("資料（PDF）"), storage=get_private_storage, upload_to=material_path, blank=True
    )
    recording_url = models.URLField(_("録画のURL"), blank=True)
    created_at = models.DateTimeField(_("登録日時"), auto_now_add=True)

    class Meta:
        verbose_name = _("資料")
        verbose_name_plural = _("資料")
        ordering = ["event", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(recording_url=""),
                name="material_file_or_recording",
                violation_error_message=_("資料のPDFか録画のURLを入れてください。"),
            ),
        ]

    def __str__(self):
        return self.title


class PressCoverage(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("イベント"), on_delete=models.CASCADE, related_name="press"
    )
    outlet = models.CharField(_("媒体"), max_length=100)
    headline = models.CharField(_("見出し"), max_length=300, blank=True)
    url = models.URLField(_("URL"), blank=True)
    published_on = models.DateField(_("掲載日"), null=True, blank=True)

    class Meta:
        verbose_name = _("掲載記事")
        verbose_name_plural = _("掲載記事")
        ordering = ["event", "published_on", "id"]

    def __str__(self):
        return self.outlet
