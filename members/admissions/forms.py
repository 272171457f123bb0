"""The public application form: agreements (step 1) and the form itself (step 2).

The form is the model's (ApplicationForm on Application, a formset of ContactForm on
ApplicationContact, one form per role), with the fields of members/fields.py that
normalise what people really type (full-width digits, hiragana readings, 〒 and dashes)
before validating it. crispy-forms renders them with each error next to its field.
"""

from __future__ import annotations

from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from aiga.uploads import ImageUploadField
from members import choices, postal
from members.admissions import workflow
from members.admissions.models import Application, ApplicationContact
from members.admissions.selectors.applications import current_documents
from members.fields import (
    CorporateNumberField,
    EmailAddressField,
    EmailListField,
    KatakanaField,
    PercentField,
    PhoneField,
    PostalCodeField,
    WebsiteField,
    YenField,
)
from members.models import Industry, Officer

REQUIRED = _("入力してください。")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("取下げの理由（任意）"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


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


class DraftLinkForm(forms.Form):
    """The address a new link for a saved draft goes to (/apply/draft/)."""

    email = EmailAddressField(
        label=_("下書きを保存したときのメールアドレス"),
        error_messages={"required": _("メールアドレスを入力してください。")},
    )


# What a submission needs besides the people, by category; a draft needs only the
# applicant's e-mail address.
REQUIRED_ON_SUBMISSION = {
    workflow.CORPORATE: (
        "legal_name",
        "legal_name_kana",
        "corporate_number",
        "postal_code",
        "prefecture",
        "city",
        "address_line",
        "industry",
        "ai_role",
        "applicant_name",
        "applicant_title",
        "applicant_email",
        "authorised",
    ),
    workflow.EXPERT: (
        "recommender",
        "expert_profile",
        "applicant_name",
        "applicant_email",
        "authorised",
    ),
}


class ApplicationForm(forms.ModelForm):
    """What an applicant submits (Application.SUBMITTED_FIELDS, as the model defines them),
    and how the people named in the contacts formset share their roles."""

    prefecture = forms.ChoiceField(
        label=_("都道府県"),
        required=False,
        choices=[("", "---------")] + [(p, p) for p in postal.PREFECTURES],
    )
    # An expert's affiliation is the application's name (legal_name), asked in their words.
    affiliation = forms.CharField(
        label=_("ご所属（大学・企業・団体等）"),
        max_length=200,
        required=False,
        help_text=_("所属のない方は空欄で構いません。"),
    )
    mailing_list_emails = EmailListField(
        label=_("メーリングリストに登録するメールアドレス（1行に1件）"), required=False
    )
    logo = ImageUploadField(label=_("ロゴ（PNG・JPEG・WebP、2MBまで）"), required=False)
    # Who holds which role (the people themselves are in the contacts formset).
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
    bill_cc = EmailListField(
        label=_("請求書メールのCC（複数可）"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    class Meta:
        model = Application
        fields = [name for name in Application.SUBMITTED_FIELDS if name != "language"]
        field_classes = {
            "legal_name_kana": KatakanaField,
            "corporate_number": CorporateNumberField,
            "postal_code": PostalCodeField,
            "website": WebsiteField,
            "share_capital": YenField,
            "parent_ratio": PercentField,
            "applicant_email": EmailAddressField,
        }
        widgets = {
            "category": forms.RadioSelect,
            "ai_role": forms.RadioSelect,
            "expert_profile": forms.Textarea(attrs={"rows": 4}),
        }
        labels = {
            "has_parent": _("親会社がある"),
            "list_publicly": _("会員一覧ページに社名・ロゴを掲載することに同意します"),
            "applicant_name": _("申込者のお名前"),
        }
        help_texts = {
            "legal_name_kana": _(
                "法人格（株式会社等）を除いてご入力ください。"
                "ひらがな・半角カナは全角カタカナに変換します。"
            ),
            "corporate_number": _("国税庁の法人番号（13桁）。"),
            "postal_code": _("入力すると住所を自動で補完します。"),
            "share_capital": _("円単位。全角数字やカンマも使えます（例: １，０００，０００）。"),
            "applicant_email": _("受付確認メールと下書き再開用リンクの送付先です。"),
        }
        error_messages = {
            "share_capital": {
                "required": _("資本金を入力してください。"),
                "invalid": _("資本金は円単位の数字で入力してください（例: 100,000,000）。"),
                "too_large": _("資本金の金額が大きすぎます。桁数をご確認ください。"),
            },
            "recommender": {"required": _("推薦する理事・監事を選んでください。")},
        }

    def __init__(self, *args, submitting: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.submitting = submitting
        self.fields["industry"].queryset = Industry.objects.filter(is_active=True)
        self.fields["recommender"].queryset = Officer.objects.filter(is_active=True)
        self.fields["ai_role"].choices = choices.AIRole.choices
        self.fields["capital_kind"].required = False
        if self.instance.pk:
            self.initial.update(role_sharing_initial(list(self.instance.contacts.all())))
            if self.instance.category == workflow.EXPERT:
                self.initial["affiliation"] = self.instance.legal_name
        # One checkbox, worded for each category (the page shows the one chosen).
        self.fields["authorised"].label = format_html(
            '<span class="corporate-only">{}</span><span class="expert-only">{}</span>',
            _("私は申込者として、本申込を行う権限を有していることを表明します"),
            _("申込内容が事実であることを表明します"),
        )
        for name, field in self.fields.items():
            field.required = False
            if "required" not in self._meta.error_messages.get(name, {}):
                field.error_messages["required"] = REQUIRED
        for name in self._required_names():
            self.fields[name].required = True
        self.fields["authorised"].error_messages["required"] = (
            _("申込権限の表明が必要です。")
            if self.category == workflow.CORPORATE
            else _("申込内容が事実であることの表明が必要です。")
        )
        if not submitting:
            self.fields["applicant_email"].required = True
            self.fields["applicant_email"].error_messages["required"] = _(
                "下書きを保存するには、申込者のメールアドレスを入力してください。"
            )

    @property
    def category(self) -> str:
        value = self["category"].value()
        return value if value in workflow.CATEGORIES else workflow.CORPORATE

    def _required_names(self) -> set[str]:
        """The fields a submission needs, from what was typed (unbound: every category's,
        for the page marks them all and shows the category's own)."""
        if self.is_bound and not self.submitting:
            return set()
        if not self.is_bound:
            return {
                *REQUIRED_ON_SUBMISSION[workflow.CORPORATE],
                *REQUIRED_ON_SUBMISSION[workflow.EXPERT],
                "share_capital",
                "parent_name",
                "parent_ratio",
            }
        names = set(REQUIRED_ON_SUBMISSION[self.category])
        if self.category == workflow.CORPORATE:
            if self._postal_address() is not None:
                names -= {"prefecture", "city", "address_line"}  # clean() fills them
            if (self["capital_kind"].value() or choices.CapitalKind.PLAIN) == "plain":
                names.add("share_capital")
            if self["has_parent"].value():
                names |= {"parent_name", "parent_ratio"}
        return names

    def role_holders(self) -> dict[str, str]:
        """Each role and the role whose person holds it, from what was typed:
        {"prac": "rep"} when the member representative is also the practical contact."""
        if self.category == workflow.EXPERT:
            return {"rep": "rep"}
        prac = "rep" if self["prac_same"].value() else "prac"
        bill = {"rep": "rep", "prac": prac}.get(self["bill_same"].value() or "other", "bill")
        return {"legal": "legal", "rep": "rep", "prac": prac, "bill": bill}

    def clean(self):
        data = super().clean()
        if self.category == workflow.EXPERT:
            data["legal_name"], data["legal_name_kana"] = data.get("affiliation") or "", ""
        if self.category == workflow.CORPORATE:
            self._fill_address(data)
            if not data.get("has_parent"):
                data["parent_name"], data["parent_ratio"] = "", None
        return data

    def _postal_address(self):
        try:
            code = self.fields["postal_code"].clean(self["postal_code"].value())
        except forms.ValidationError:
            return None
        return postal.lookup(code) if code else None

    def _fill_address(self, data):
        """The postal code fills the prefecture, city and town left empty (no JS)."""
        found = self._postal_address()
        if found is None:
            return
        for name, value in (
            ("prefecture", found.prefecture),
            ("city", found.city),
            ("address_line", found.town),
        ):
            if not data.get(name):
                data[name] = value

    def validate_unique(self):
        """A company already a member or already applying is noted for the secretariat by
        the service (application_flag_duplicate); the form says nothing that would reveal
        who is a member."""

    def application_data(self) -> dict:
        """The submitted fields (Application.SUBMITTED_FIELDS), as the service takes them."""
        data = {name: self.cleaned_data.get(name) for name in self._meta.fields}
        data["category"] = self.category
        data["capital_kind"] = data["capital_kind"] or choices.CapitalKind.PLAIN
        for name in ("has_parent", "list_publicly", "authorised"):
            data[name] = bool(data[name])
        if self.category != workflow.CORPORATE:
            data["corporate_number"] = ""
        if self.category != workflow.EXPERT:
            data["recommender"] = None
        return data


def role_sharing_initial(contacts) -> dict:
    """prac_same, bill_same and bill_cc from a saved draft's people."""
    by_role = {
        role: next((c for c in contacts if getattr(c, r.flag)), None) for role, r in ROLES.items()
    }
    rep, prac, bill = by_role["rep"], by_role["prac"], by_role["bill"]
    initial = {"prac_same": prac is not None and prac is rep, "bill_same": "other"}
    if bill is not None and bill is rep:
        initial["bill_same"] = "rep"
    elif bill is not None and bill is prac:
        initial["bill_same"] = "prac"
    if bill is not None:
        initial["bill_cc"] = bill.cc_emails or []
    return initial


# ---------------------------------------------------------------- the people, by role
NAME_FIELDS = ("family_name", "given_name", "family_name_kana", "given_name_kana")
PHONE_FIELDS = (*NAME_FIELDS, "department", "title", "email", "phone")


@dataclass(frozen=True)
class Role:
    """A role on the form: the flag it sets on the person, what it asks and requires."""

    flag: str
    fields: tuple[str, ...]
    required: tuple[str, ...]


ROLES = {
    "legal": Role(
        "is_legal_representative", (*NAME_FIELDS, "title"), ("family_name", "given_name", "title")
    ),
    "rep": Role("is_member_representative", PHONE_FIELDS, (*NAME_FIELDS, "email", "phone")),
    "prac": Role("is_practical_contact", PHONE_FIELDS, (*NAME_FIELDS, "email", "phone")),
    "bill": Role(
        "is_billing_contact",
        ("department", *NAME_FIELDS, "email"),
        ("family_name", "given_name", "email"),
    ),
}


class ContactForm(forms.ModelForm):
    """One person in one role's section; its fields are named `<role>_<field>`."""

    class Meta:
        model = ApplicationContact
        fields = PHONE_FIELDS
        field_classes = {
            "family_name_kana": KatakanaField,
            "given_name_kana": KatakanaField,
            "email": EmailAddressField,
            "phone": PhoneField,
        }
        labels = {
            "family_name_kana": _("セイ（フリガナ）"),
            "given_name_kana": _("メイ（フリガナ）"),
        }

    def __init__(self, *args, role: str, active: bool, submitting: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.role = role
        self.active = active
        spec = ROLES[role]
        for name in list(self.fields):
            if name not in spec.fields:
                del self.fields[name]
        for name, field in self.fields.items():
            field.required = submitting and active and name in spec.required
            field.error_messages["required"] = REQUIRED
        self.order_fields(spec.fields)

    def add_prefix(self, field_name):
        return f"{self.prefix}_{field_name}"

    def full_clean(self):
        """A role held by someone else's section (「会員代表者と同じ」) is not read."""
        if not self.active:
            self._errors = forms.utils.ErrorDict()
            self.cleaned_data = {}
            return
        super().full_clean()

    @cached_property
    def helper(self) -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True
        helper.layout = Layout(
            Row(
                *(
                    Column(name, css_class="col-md-3" if name in NAME_FIELDS else "col-md-6")
                    for name in self.fields
                )
            )
        )
        return helper


class BaseContactFormSet(forms.BaseFormSet):
    """The application's people: one ContactForm per role, in a fixed order (so the counts
    are the formset's own, not read from the request)."""

    def __init__(self, data=None, files=None, *, holders=None, contacts=(), submitting=True):
        self.roles = tuple(ROLES)
        self.active = set((holders or {role: role for role in ROLES}).values())
        self.holders = holders or {}
        # A saved person fills the first section of their roles; a role they share
        # (「会員代表者と同じ」) leaves its own section empty.
        self.instances, shown = {}, set()
        for role, spec in ROLES.items():
            person = next((c for c in contacts if getattr(c, spec.flag)), None)
            self.instances[role] = None if person is None or person.pk in shown else person
            shown.add(getattr(person, "pk", None))
        super().__init__(data, files, prefix="contacts", form_kwargs={"submitting": submitting})

    @cached_property
    def management_form(self):
        n = len(ROLES)
        return ManagementForm(
            {
                f"{self.prefix}-{TOTAL_FORM_COUNT}": n,
                f"{self.prefix}-{INITIAL_FORM_COUNT}": 0,
                f"{self.prefix}-{MIN_NUM_FORM_COUNT}": n,
                f"{self.prefix}-{MAX_NUM_FORM_COUNT}": n,
            },
            prefix=self.prefix,
        )

    def add_prefix(self, index):
        return self.roles[index]

    def get_form_kwargs(self, index):
        role = self.roles[index]
        return {
            **self.form_kwargs,
            "role": role,
            "active": role in self.active,
            "instance": self.instances[role],
        }

    def __getitem__(self, role):
        return self.forms[self.roles.index(role)] if isinstance(role, str) else self.forms[role]

    def contacts(self, *, cc_emails: list[str]) -> list[dict]:
        """One row per person; a person named for several roles holds all their flags."""
        people: dict[str, dict] = {}
        for role, holder in self.holders.items():
            data = self[holder].cleaned_data
            if not any(data.values()):
                continue
            row = people.setdefault(holder, {**data, "cc_emails": []})
            row[ROLES[role].flag] = True
            if role == "bill":
                row["cc_emails"] = cc_emails
        return list(people.values())


ContactFormSet = forms.formset_factory(
    ContactForm, formset=BaseContactFormSet, extra=0, min_num=len(ROLES), max_num=len(ROLES)
)
