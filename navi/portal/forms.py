"""The respondents' forms: the company's profile for an assessment, and one item's answer
(one per item on an area's page, each with its own prefix, so the page saves as one form
without JavaScript and each item saves on its own with it)."""

from __future__ import annotations

from django import forms
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from aiga.uploads import DocumentUploadField
from members.choices import AIRole
from navi.models import NaviItem


class ProfileForm(forms.Form):
    ai_role = forms.ChoiceField(
        label=_("AIとの関わり"),
        choices=AIRole.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("AIとの関わりを選択してください。")},
    )
    use_cases = forms.CharField(
        label=_("想定するユースケース"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("「各リスク領域への対策」の回答で想定するユースケースを1行に1つ。"),
    )


def item_prefix(item: NaviItem) -> str:
    return f"item-{item.key}"


class AnswerForm(forms.Form):
    level = forms.TypedChoiceField(
        label=_("取組状況"), required=False, coerce=int, empty_value=None
    )
    comment = forms.CharField(
        label=_("コメント"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    evidence_url = forms.URLField(
        label=_("根拠資料のリンク"), required=False, max_length=500, assume_scheme="https"
    )
    evidence_file = DocumentUploadField(label=_("根拠資料（PDF）"), required=False)
    remove_file = forms.BooleanField(label=_("添付ファイルを削除"), required=False)
    seen_at = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, item: NaviItem, **kwargs):
        kwargs.setdefault("prefix", item_prefix(item))
        super().__init__(*args, **kwargs)
        self.item = item
        self.levels = {level.number: level for level in item.levels.all()}
        self.fields["level"].choices = [("", "")] + [(n, n) for n in self.levels]
        self.fields["level"].error_messages["invalid_choice"] = _(
            "この項目の段階から選択してください。"
        )

    def chosen_level(self):
        number = self.cleaned_data.get("level")
        return self.levels.get(number) if number else None

    def seen(self):
        try:
            return parse_datetime(self.cleaned_data.get("seen_at") or "")
        except ValueError:
            return None
