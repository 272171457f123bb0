"""The public application form: agreements (step 1) and the form itself (step 2).

Every field is normalised as people really type Japanese (full-width digits, hiragana
readings, 〒 and dashes in postal codes) before it is validated, and every error is
shown next to its field.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.jp import cn as corporate_number

from members import kana, postal
from members.admissions import workflow
from members.admissions.models import Application
from members.admissions.selectors.applications import current_documents, duplicate_message
from members.logos import LogoError, check_logo
from members.models import Industry, Officer

REQUIRED = _("入力してください。")
KATAKANA_ERROR = _(
    "カタカナで入力してください（ひらがな・半角カナは自動で全角カタカナに変換します）。"
)


PERSON_FIELDS = (
    "family_name",
    "given_name",
    "family_name_kana",
    "given_name_kana",
    "title",
    "department",
    "email",
    "phone",
)


PERSON_LABELS = {
    "family_name": _("姓"),
    "given_name": _("名"),
    "family_name_kana": _("セイ（フリガナ）"),
    "given_name_kana": _("メイ（フリガナ）"),
    "title": _("役職"),
    "department": _("部署"),
    "email": _("メールアドレス"),
    "phone": _("電話番号"),
}


# Which person fields each role asks for, and which of them are required on submission.
ROLE_FIELDS = {
    "legal": (
        ("family_name", "given_name", "family_name_kana", "given_name_kana", "title"),
        ("family_name", "given_name", "title"),
    ),
    "rep": (
        PERSON_FIELDS,
        ("family_name", "given_name", "family_name_kana", "given_name_kana", "email", "phone"),
    ),
    "prac": (
        PERSON_FIELDS,
        ("family_name", "given_name", "family_name_kana", "given_name_kana", "email", "phone"),
    ),
    "bill": (
        ("department", "family_name", "given_name", "family_name_kana", "given_name_kana", "email"),
        ("family_name", "given_name", "email"),
    ),
}


ROLE_FLAGS = {
    "legal": "is_legal_representative",
    "rep": "is_member_representative",
    "prac": "is_practical_contact",
    "bill": "is_billing_contact",
}


class AgreementForm(forms.Form):
    """One checkbox per current document; all are required."""

    agreed_by_name = forms.CharField(label=_("同意される方のお名前"), max_length=100)

    def __init__(self, *args, documents=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.documents = list(documents if documents is not None else current_documents())
        for document in self.documents:
            self.fields[f"doc_{document.pk}"] = forms.BooleanField(
                label=_("%(title)s（第%(version)s版）に同意します")
                % {"title": document.localized_title, "version": document.version},
                required=True,
                error_messages={"required": _("この文書への同意が必要です。")},
            )

    def document_fields(self):
        return [(document, self[f"doc_{document.pk}"]) for document in self.documents]


def _text(label, max_length=200, **kwargs):
    return forms.CharField(label=label, max_length=max_length, required=False, **kwargs)


class ApplicationForm(forms.Form):
    category = forms.ChoiceField(
        label=_("会員種別"), choices=Application.Category.choices, widget=forms.RadioSelect
    )
    # The company.
    legal_name = _text(_("法人名（正式名称）"))
    legal_name_kana = _text(_("フリガナ"))
    name_en = _text(_("英文名称"))
    corporate_number = _text(_("法人番号（13桁）"), max_length=40)
    postal_code = _text(_("郵便番号"), max_length=20)
    prefecture = forms.ChoiceField(
        label=_("都道府県"),
        required=False,
        choices=[("", "---------")] + [(p, p) for p in postal.PREFECTURES],
    )
    city = _text(_("市区町村"), max_length=100)
    address_line = _text(_("町名・番地・建物名"), max_length=300)
    website = _text(_("ウェブサイト"), max_length=200)
    capital_kind = forms.ChoiceField(
        label=_("資本の種類"), choices=Application.CapitalKind.choices, required=False
    )
    share_capital = _text(_("資本金（円）"), max_length=40)
    has_parent = forms.BooleanField(label=_("親会社がある"), required=False)
    parent_name = _text(_("親会社名"))
    parent_ratio = _text(_("親会社の出資比率（%）"), max_length=20)
    industry = forms.ModelChoiceField(
        label=_("業種"), queryset=Industry.objects.filter(is_active=True), required=False
    )
    ai_role = forms.ChoiceField(
        label=_("AIとの関わり"),
        choices=Application.AIRole.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    # An expert.
    recommender = forms.ModelChoiceField(
        label=_("推薦する理事・監事"),
        queryset=Officer.objects.filter(is_active=True),
        required=False,
    )
    expert_profile = forms.CharField(
        label=_("ご経歴・ご専門"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    # Members' page and mailing list.
    mailing_list = forms.CharField(
        label=_("メーリングリストに登録するメールアドレス（1行に1件）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    list_publicly = forms.BooleanField(
        label=_("会員一覧ページに社名・ロゴを掲載することに同意します"), required=False
    )
    logo = forms.FileField(
        label=_("ロゴ（PNG・JPEG・SVG、2MBまで）"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.jpg,.jpeg,.svg"}),
    )
    # Who applies.
    applicant_name = _text(_("申込者のお名前"), max_length=100)
    applicant_title = _text(_("申込者の役職"), max_length=100)
    applicant_email = _text(_("申込者のメールアドレス"), max_length=254)
    authorised = forms.BooleanField(
        label=_("私は申込者として、本申込を行う権限を有していることを表明します"), required=False
    )
    # People by role.
    prac_same = forms.BooleanField(label=_("会員代表者と同じ"), required=False)
    bill_same = forms.ChoiceField(
        label=_("請求書の宛先"),
        required=False,
        choices=[
            ("other", _("下記の方")),
            ("rep", _("会員代表者と同じ")),
            ("prac", _("実務担当と同じ")),
        ],
    )
    bill_cc = forms.CharField(
        label=_("請求書メールのCC（複数可）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, submitting: bool = True, has_logo: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.has_logo = has_logo
        self.logo_content: bytes | None = None
        self.logo_kind = ""
        for prefix, (names, _required) in ROLE_FIELDS.items():
            for name in names:
                max_length = 254 if name == "email" else 100
                self.fields[f"{prefix}_{name}"] = _text(PERSON_LABELS[name], max_length=max_length)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.RadioSelect | forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")
            if name.endswith("_kana"):
                widget.attrs.setdefault("data-kana", "1")
        for name in ("share_capital", "parent_ratio", "corporate_number", "postal_code"):
            self.fields[name].widget.attrs["inputmode"] = "numeric"
        self.fields["postal_code"].widget.attrs["autocomplete"] = "postal-code"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"

    # ---------------------------------------------------------------- field normalisation
    def _kana(self, name):
        value = kana.to_katakana(self.cleaned_data.get(name, ""))
        if value and not kana.is_katakana(value):
            raise ValidationError(KATAKANA_ERROR, code="katakana")
        return value

    def clean_legal_name_kana(self):
        return self._kana("legal_name_kana")

    def clean_corporate_number(self):
        value = kana.digits_only(self.cleaned_data.get("corporate_number", ""))
        if not value:
            return ""
        try:
            return corporate_number.validate(value)
        except InvalidLength:
            raise ValidationError(_("法人番号は13桁の数字です。"), code="length")
        except InvalidChecksum:
            raise ValidationError(
                _("法人番号のチェックディジットが一致しません。番号をご確認ください。"),
                code="checksum",
            )
        except StdnumError:
            raise ValidationError(_("法人番号は13桁の数字で入力してください。"), code="format")

    def clean_postal_code(self):
        value = kana.normalise_postal_code(self.cleaned_data.get("postal_code", ""))
        if not value:
            return ""
        if len(value) != 7 or not value.isdigit():
            raise ValidationError(_("郵便番号は7桁の数字で入力してください（例: 104-0061）。"))
        if postal.lookup(value) is None:
            raise ValidationError(_("この郵便番号は見つかりません。番号をご確認ください。"))
        return kana.format_postal_code(value)

    def clean_website(self):
        value = kana.ascii_width(self.cleaned_data.get("website", ""))
        if not value:
            return ""
        if "://" not in value:
            value = "https://" + value
        try:
            URLValidator(schemes=["http", "https"])(value)
        except ValidationError:
            raise ValidationError(_("ウェブサイトのURLを正しく入力してください。"))
        return value

    def clean_share_capital(self):
        try:
            return kana.parse_yen(self.cleaned_data.get("share_capital", ""))
        except ValueError:
            raise ValidationError(_("資本金は円単位の数字で入力してください（例: 100,000,000）。"))

    def clean_parent_ratio(self):
        try:
            value = kana.parse_percent(self.cleaned_data.get("parent_ratio", ""))
        except ValueError:
            raise ValidationError(_("出資比率は0から100までの数字で入力してください。"))
        if value is not None and not (0 <= value <= 100):
            raise ValidationError(_("出資比率は0から100までの数字で入力してください。"))
        if value is not None:
            value = value.quantize(type(value)("0.01"))
        return value

    def _email(self, name, value):
        value = kana.normalise_email(value)
        if not value:
            return ""
        try:
            validate_email(value)
        except ValidationError:
            raise ValidationError(_("メールアドレスの形式が正しくありません。"), code="email")
        return value

    def clean_applicant_email(self):
        return self._email("applicant_email", self.cleaned_data.get("applicant_email", ""))

    def _address_list(self, name):
        addresses = kana.split_addresses(self.cleaned_data.get(name, ""))
        bad = []
        for address in addresses:
            try:
                validate_email(address)
            except ValidationError:
                bad.append(address)
        if bad:
            raise ValidationError(
                _("メールアドレスの形式が正しくありません: %(bad)s") % {"bad": "、".join(bad)}
            )
        return addresses

    def clean_mailing_list(self):
        return self._address_list("mailing_list")

    def clean_bill_cc(self):
        return self._address_list("bill_cc")

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if not upload:
            return None
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("ロゴのファイルサイズは2MBまでです。"))
        content = upload.read()
        try:
            self.logo_kind = check_logo(content)
        except LogoError as exc:
            raise ValidationError(str(exc))
        self.logo_content = content
        return upload

    # ---------------------------------------------------------------- cross-field rules
    def clean(self):
        data = super().clean()
        self._clean_people(data)
        category = data.get("category") or workflow.CORPORATE
        if category == workflow.CORPORATE:
            self._fill_address(data)
            if data.get("has_parent") is False:
                data["parent_name"], data["parent_ratio"] = "", None
        if self.submitting:
            self._require(data, category)
        if category == workflow.CORPORATE and data.get("corporate_number") and self.submitting:
            message = duplicate_message(
                corporate_number=data["corporate_number"],
                exclude_id=getattr(self, "application_id", None),
            )
            if message:
                self.add_error("corporate_number", message)
        if not self.submitting and not data.get("applicant_email"):
            self.add_error(
                "applicant_email",
                _("下書きを保存するには、申込者のメールアドレスを入力してください。"),
            )
        return data

    def _clean_people(self, data):
        for prefix, (names, _required) in ROLE_FIELDS.items():
            for name in names:
                key = f"{prefix}_{name}"
                value = data.get(key, "") or ""
                try:
                    if name.endswith("_kana"):
                        value = kana.to_katakana(value)
                        if value and not kana.is_katakana(value):
                            raise ValidationError(KATAKANA_ERROR)
                    elif name == "email":
                        value = self._email(key, value)
                    elif name == "phone":
                        value = kana.normalise_phone(value)
                        if value and not kana.is_valid_phone(value):
                            raise ValidationError(
                                _("電話番号を正しく入力してください（例: 03-1234-5678）。")
                            )
                    else:
                        value = value.strip()
                except ValidationError as exc:
                    if key not in self.errors:
                        self.add_error(key, exc)
                    continue
                data[key] = value

    def _fill_address(self, data):
        """The postal code fills the prefecture and city when they are empty (no JS)."""
        code = data.get("postal_code")
        if not code:
            return
        found = postal.lookup(code)
        if found is None:
            return
        if not data.get("prefecture"):
            data["prefecture"] = found.prefecture
        if not data.get("city"):
            data["city"] = found.city
        if not data.get("address_line"):
            data["address_line"] = found.town

    def _require(self, data, category):
        def need(name, message=REQUIRED):
            value = data.get(name)
            if (value is None or value == "" or value is False) and name not in self.errors:
                self.add_error(name, message)

        if category == workflow.CORPORATE:
            for name in (
                "legal_name",
                "legal_name_kana",
                "corporate_number",
                "postal_code",
                "prefecture",
                "city",
                "address_line",
                "industry",
                "ai_role",
            ):
                need(name)
            kind = data.get("capital_kind") or "plain"
            if kind == "plain":
                need("share_capital", _("資本金を入力してください。"))
            if data.get("has_parent"):
                need("parent_name")
                need("parent_ratio")
            roles = ["legal", "rep"]
            if not data.get("prac_same"):
                roles.append("prac")
            if (data.get("bill_same") or "other") == "other":
                roles.append("bill")
            need("applicant_title")
            need("authorised", _("申込権限の表明が必要です。"))
        else:
            need("recommender", _("推薦する理事・監事を選んでください。"))
            need("expert_profile")
            roles = ["rep"]
            need("authorised", _("申込内容が事実であることの表明が必要です。"))
        for prefix in roles:
            for name in ROLE_FIELDS[prefix][1]:
                need(f"{prefix}_{name}")
        need("applicant_name")
        need("applicant_email")

    # ---------------------------------------------------------------- to the service
    # Form fields named otherwise than the model's.
    FORM_NAMES = {"mailing_list_emails": "mailing_list"}

    def application_data(self) -> dict:
        """The submitted fields (Application.SUBMITTED_FIELDS), as the service takes them."""
        d = self.cleaned_data
        category = d.get("category") or workflow.CORPORATE
        data = {}
        for name in Application.SUBMITTED_FIELDS:
            if name == "language":
                continue  # the request's, added by the view
            field = Application._meta.get_field(name)
            value = d.get(self.FORM_NAMES.get(name, name))
            if isinstance(field, models.BooleanField):
                value = bool(value)
            elif value is None and not field.null:
                value = [] if isinstance(field, models.JSONField) else ""
            data[name] = value
        data["category"] = category
        data["capital_kind"] = data["capital_kind"] or "plain"
        if category != workflow.CORPORATE:
            data["corporate_number"] = ""
        if category != workflow.EXPERT:
            data["recommender"] = None
        return data

    def contacts(self) -> list[dict]:
        """One row per person; a person named for several roles holds all their flags."""
        d = self.cleaned_data
        category = d.get("category") or workflow.CORPORATE
        prefixes = ["legal", "rep", "prac", "bill"] if category == "corporate" else ["rep"]
        people: dict[str, dict] = {}
        for prefix in prefixes:
            if prefix == "prac" and d.get("prac_same"):
                people["rep"][ROLE_FLAGS["prac"]] = True
                continue
            same = d.get("bill_same") or "other"
            if prefix == "bill" and same in people:
                people[same][ROLE_FLAGS["bill"]] = True
                people[same]["cc_emails"] = d.get("bill_cc") or []
                continue
            if prefix == "bill" and same == "prac" and d.get("prac_same"):
                people["rep"][ROLE_FLAGS["bill"]] = True
                people["rep"]["cc_emails"] = d.get("bill_cc") or []
                continue
            row = {name: d.get(f"{prefix}_{name}", "") for name in ROLE_FIELDS[prefix][0]}
            if not any(row.values()):
                continue
            row.setdefault("cc_emails", [])
            if prefix == "bill":
                row["cc_emails"] = d.get("bill_cc") or []
            row[ROLE_FLAGS[prefix]] = True
            people[prefix] = row
        for row in people.values():
            if not row.get("family_name"):
                row["family_name"] = ""
        return list(people.values())


def initial_from_application(application: Application) -> dict:
    """The form's initial data from a saved draft (the reverse of the two methods above)."""
    a = application
    initial = {}
    for name in Application.SUBMITTED_FIELDS:
        field = Application._meta.get_field(name)
        value = getattr(a, field.attname)
        initial[ApplicationForm.FORM_NAMES.get(name, name)] = value
    initial.update(
        share_capital="" if a.share_capital is None else f"{a.share_capital:,}",
        parent_ratio="" if a.parent_ratio is None else a.parent_ratio.normalize(),
        mailing_list="\n".join(a.mailing_list_emails or []),
        bill_same="other",
    )
    contacts = list(a.contacts.all())
    by_role = {
        prefix: next((c for c in contacts if getattr(c, flag)), None)
        for prefix, flag in ROLE_FLAGS.items()
    }
    rep, prac, bill = by_role["rep"], by_role["prac"], by_role["bill"]
    if prac is not None and prac is rep:
        initial["prac_same"] = True
    if bill is not None and bill is rep:
        initial["bill_same"] = "rep"
    elif bill is not None and bill is prac:
        initial["bill_same"] = "prac"
    for prefix, contact in by_role.items():
        if contact is None:
            continue
        for name in ROLE_FIELDS[prefix][0]:
            initial[f"{prefix}_{name}"] = getattr(contact, name, "")
    if bill is not None:
        initial["bill_cc"] = "\n".join(bill.cc_emails or [])
    return initial
