"""Forms of the events: a guest's registration (with a honeypot), a walk-in at the door, an
attendance file."""

from django import forms
from django.utils.translation import gettext_lazy as _

from aiga.uploads import TextFileUploadField
from events.models import Registration

GUEST_CATEGORIES = [
    (Registration.Category.GUEST, _("一般（非会員）")),
    (Registration.Category.GOVERNMENT, _("行政・公的機関")),
    (Registration.Category.PRESS, _("報道関係者")),
]


class GuestRegistrationForm(forms.Form):
    name = forms.CharField(label=_("氏名"), max_length=100)
    organisation_name = forms.CharField(label=_("所属（会社・団体名）"), max_length=200)
    job_title = forms.CharField(label=_("役職"), max_length=100, required=False)
    email = forms.EmailField(label=_("メールアドレス"))
    category = forms.ChoiceField(label=_("区分"), choices=GUEST_CATEGORIES)
    agree = forms.BooleanField(
        label=_("上記の利用目的に同意します"),
        error_messages={"required": _("利用目的への同意が必要です。")},
    )
    # A field people never see (hidden by CSS); a robot that fills every field fills it.
    website = forms.CharField(label=_("ウェブサイト"), required=False)

    def is_robot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class WalkInForm(forms.Form):
    name = forms.CharField(label=_("氏名"), max_length=100)
    organisation_name = forms.CharField(label=_("所属"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("メールアドレス"),
        required=False,
        help_text=_("会員企業の担当者のアドレスなら、その会社の参加として記録します。"),
    )


class AttendanceImportForm(forms.Form):
    file = TextFileUploadField(
        label=_("出席者一覧（CSV）"),
        accept=".csv,.txt",
        help_text=_("オンライン会議の出席者レポート。メールアドレスの列で照合します。"),
    )


class PeriodForm(forms.Form):
    since = forms.DateField(label=_("開始日"), widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("終了日"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", _("終了日は開始日以降にしてください。"))
        return data
