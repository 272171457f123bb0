"""Forms of the register's own pages."""

from __future__ import annotations

import logging

from django import forms
from django.conf import settings
from django.contrib.auth.forms import PasswordResetForm
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from aiga.uploads import DocumentUploadField, ImageUploadField
from members import postal
from members.fields import EmailAddressField, KatakanaField, PercentField, PostalCodeField, YenField
from members.models import Contact, Organisation
from members.tasks import password_reset_send

logger = logging.getLogger(__name__)


def _queue_password_reset(email: str) -> None:
    try:
        password_reset_send.delay(email)
    except Exception:  # noqa: BLE001 - a broker failure must not tell the visitor anything
        logger.warning("Could not queue a password reset request.", exc_info=True)


class PasswordResetRequestForm(PasswordResetForm):
    """Django's form, whose save() looks nothing up and sends nothing: it queues a task with
    the typed address (on commit), which finds the accounts and writes the e-mail to the
    outbox. Known and unknown addresses take the same path, and the same time, here."""

    def save(self, **kwargs) -> None:
        email = self.cleaned_data["email"]
        transaction.on_commit(lambda: _queue_password_reset(email))


# ---------------------------------------------------------------- the portal's self-service

REQUIRED = _("入力してください。")


class ChangeNoticeForm(forms.Form):
    """A 変更届, prefilled with what the register holds; only the fields that change are
    recorded (the service compares)."""

    legal_name = forms.CharField(label=_("名称（正式名称）"), max_length=200)
    legal_name_kana = KatakanaField(label=_("フリガナ"), max_length=200, required=False)
    postal_code = PostalCodeField(label=_("郵便番号"), max_length=8, required=False)
    prefecture = forms.ChoiceField(
        label=_("都道府県"),
        required=False,
        choices=[("", "---------")] + [(p, p) for p in postal.PREFECTURES],
    )
    address = forms.CharField(
        label=_("住所（市区町村以下）"),
        max_length=300,
        required=False,
        help_text=_("市区町村・番地・建物名"),
    )
    legal_representative_name = forms.CharField(
        label=_("法人代表者の氏名"),
        max_length=101,
        required=False,
        help_text=_("姓と名の間に空白を入れてください（例: 山田 太郎）。"),
    )
    legal_representative_title = forms.CharField(
        label=_("法人代表者の役職"), max_length=100, required=False
    )
    share_capital = YenField(label=_("資本金（円）"), required=False, min_value=0)
    parent_ratio = PercentField(label=_("親会社の出資比率（%）"), required=False)
    member_representative = forms.ModelChoiceField(
        label=_("会員代表者"), queryset=Contact.objects.none(), required=False
    )
    document = DocumentUploadField(
        label=_("添付書類（登記事項証明書など・PDF）"),
        required=False,
        help_text=_(
            "名称・住所・法人代表者・資本金の変更では、登記事項証明書の写しを添付してください。"
        ),
    )
    member_note = forms.CharField(
        label=_("補足（任意）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, organisation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["member_representative"].queryset = organisation.contacts.filter(
            is_active=True
        ).order_by("id")
        self.fields["member_representative"].label_from_instance = lambda c: (
            f"{c.full_name}（{c.department or c.title or c.email}）"
        )
        self.fields["legal_name"].error_messages["required"] = REQUIRED

    def clean_legal_representative_name(self):
        name = " ".join((self.cleaned_data.get("legal_representative_name") or "").split())
        if name and " " not in name:
            raise forms.ValidationError(
                _("姓と名の間に空白を入れてください（例: 山田 太郎）。"), code="format"
            )
        return name


PORTAL_ROLE_LABELS = {
    "is_practical_contact": _("実務担当"),
    "is_billing_contact": _("請求書宛先"),
    "is_navi_respondent": _("ナビ回答者"),
    "is_event_participant": _("イベント参加者"),
}


class ContactRolesForm(forms.Form):
    is_practical_contact = forms.BooleanField(label=_("実務担当"), required=False)
    is_billing_contact = forms.BooleanField(
        label=_("請求書宛先"),
        required=False,
        help_text=_("これから発行する請求書の宛先になります（発行済みの請求書は変わりません）。"),
    )
    is_navi_respondent = forms.BooleanField(label=_("ナビ回答者"), required=False)
    is_event_participant = forms.BooleanField(label=_("イベント参加者"), required=False)


class ColleagueForm(ContactRolesForm):
    family_name = forms.CharField(label=_("姓"), max_length=50)
    given_name = forms.CharField(label=_("名"), max_length=50)
    family_name_kana = KatakanaField(label=_("セイ"), max_length=50, required=False)
    given_name_kana = KatakanaField(label=_("メイ"), max_length=50, required=False)
    title = forms.CharField(label=_("役職"), max_length=100, required=False)
    department = forms.CharField(label=_("部署"), max_length=100, required=False)
    email = EmailAddressField(label=_("メールアドレス"))

    field_order = [
        "family_name",
        "given_name",
        "family_name_kana",
        "given_name_kana",
        "title",
        "department",
        "email",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("family_name", "given_name", "email"):
            self.fields[name].error_messages["required"] = REQUIRED


class MySettingsForm(forms.Form):
    language = forms.ChoiceField(label=_("表示言語・メールの言語"), choices=settings.LANGUAGES)
    mailing_list = forms.BooleanField(label=_("会員向けメーリングリストを受け取る"), required=False)


class LogoForm(forms.Form):
    logo = ImageUploadField(
        label=_("ロゴ画像（PNG・JPEG・WebP）"),
        help_text=_("事務局の確認後、会員一覧ページに掲載されます。"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["logo"].error_messages["required"] = _("画像を選んでください。")


class PersonalDataExportForm(forms.Form):
    """Whose data the secretariat exports: a person by e-mail address, or a company by its
    member number or corporate number (one of the two)."""

    email = forms.EmailField(label=_("個人のメールアドレス"), required=False)
    organisation = forms.CharField(label=_("会員番号または法人番号"), required=False, max_length=20)

    def clean_organisation(self):
        value = self.cleaned_data["organisation"].strip()
        if not value:
            return None
        found = Organisation.objects.filter(member_number=value).first() or (
            Organisation.objects.filter(corporate_number=value).first()
        )
        if found is None:
            raise forms.ValidationError(_("この番号の会員組織は見つかりません。"))
        return found

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("email") and not cleaned.get("organisation"):
            raise forms.ValidationError(
                _("メールアドレスか、会員番号・法人番号のどちらかを入力してください。")
            )
        return cleaned


class SecondFactorForm(forms.Form):
    """A code from the authenticator app, or one of the recovery codes."""

    token = forms.CharField(
        label=_("確認コード"),
        max_length=40,
        help_text=_(
            "認証アプリに表示されている6桁の数字を入力してください。"
            "アプリを使えないときは、リカバリーコードを1つ入力してください。"
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
        error_messages={"required": _("確認コードを入力してください。")},
    )


class ReauthenticateForm(forms.Form):
    """The password again (and the second factor's code, for whoever has one) before a
    staff member's or a director's account is changed."""

    password = forms.CharField(
        label=_("パスワード"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
        error_messages={"required": _("パスワードを入力してください。")},
    )
