"""What the register holds about a person (by e-mail) or an organisation, for the
secretariat's export (aiga.personal_data)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from aiga.personal_data import Sheet, actor_entries, tokyo
from members.models import (
    ChangeNotice,
    Contact,
    MailingListChange,
    Membership,
    Organisation,
    PortalInvitation,
    User,
    Withdrawal,
)

CONTACT_HEADER = [
    _("会員組織"),
    _("姓"),
    _("名"),
    _("セイ"),
    _("メイ"),
    _("役職"),
    _("部署"),
    _("メールアドレス"),
    _("CC"),
    _("電話番号"),
    _("役割"),
    _("在籍"),
    _("請求書送付先住所"),
    _("登録日時"),
    _("退任・異動の日時"),
]


def _contact_row(contact: Contact) -> list:
    return [
        contact.organisation.legal_name,
        contact.family_name,
        contact.given_name,
        contact.family_name_kana,
        contact.given_name_kana,
        contact.title,
        contact.department,
        contact.email,
        ", ".join(contact.cc_emails or []),
        contact.phone,
        "、".join(str(label) for name, label in Contact.ROLE_FIELDS if getattr(contact, name)),
        _("はい") if contact.is_active else _("いいえ"),
        contact.invoice_postal_address,
        tokyo(contact.created_at),
        tokyo(contact.left_at),
    ]


def register_personal_data(*, email: str | None, organisation_id: int | None) -> list[Sheet]:
    sheets = []
    contacts = Contact.objects.select_related("organisation")
    if email:
        contacts = contacts.filter(email__iexact=email)
    elif organisation_id:
        contacts = contacts.filter(organisation_id=organisation_id)
    else:
        return []
    contacts = list(contacts.order_by("organisation_id", "id"))
    sheets.append(Sheet(_("担当者"), CONTACT_HEADER, [_contact_row(c) for c in contacts]))

    users = User.objects.filter(
        Q(email__iexact=email) if email else Q(contact__organisation_id=organisation_id)
    ).order_by("id")
    sheets.append(
        Sheet(
            _("ログインユーザー"),
            [
                _("メールアドレス"),
                _("氏名"),
                _("有効"),
                _("登録日時"),
                _("最終ログイン"),
                _("言語"),
            ],
            [
                [
                    u.email,
                    u.full_name,
                    _("はい") if u.is_active else _("いいえ"),
                    tokyo(u.date_joined),
                    tokyo(u.last_login),
                    u.get_language_display(),
                ]
                for u in users
            ],
        )
    )
    user_ids = [u.pk for u in users]
    if email:
        invitations = PortalInvitation.objects.filter(email__iexact=email)
        changes = MailingListChange.objects.filter(email__iexact=email)
    else:
        invitations = PortalInvitation.objects.filter(contact__organisation_id=organisation_id)
        changes = MailingListChange.objects.filter(organisation_id=organisation_id)
    sheets.append(
        Sheet(
            _("会員ポータルへの招待"),
            [_("送付先"), _("作成日時"), _("利用日時")],
            [[i.email, tokyo(i.created_at), tokyo(i.used_at)] for i in invitations],
        )
    )
    sheets.append(
        Sheet(
            _("メーリングリストの変更"),
            [_("メールアドレス"), _("変更"), _("登録日時")],
            [[c.email, c.get_action_display(), tokyo(c.created_at)] for c in changes],
        )
    )
    if organisation_id:
        sheets += _organisation_sheets(organisation_id)
    sheets.append(actor_entries(user_ids))
    return sheets


def _organisation_sheets(organisation_id: int) -> list[Sheet]:
    organisation = Organisation.objects.get(pk=organisation_id)
    fields = [
        f for f in Organisation._meta.concrete_fields if not f.is_relation and f.name not in ("id",)
    ]
    sheets = [
        Sheet(
            _("会員組織"),
            [f.verbose_name for f in fields],
            [[_plain(organisation, f) for f in fields]],
        ),
        Sheet(
            _("会員資格"),
            [_("会員種別"), _("状態"), _("入会日"), _("終了日")],
            [
                [m.get_category_display(), m.get_status_display(), m.admission_date, m.end_date]
                for m in Membership.objects.filter(organisation_id=organisation_id)
            ],
        ),
        Sheet(
            _("変更届"),
            [_("提出日時"), _("状態"), _("変更内容"), _("届出者")],
            [
                [
                    tokyo(n.submitted_at),
                    n.get_status_display(),
                    str(n.changes),
                    str(n.requested_by or ""),
                ]
                for n in ChangeNotice.objects.filter(organisation_id=organisation_id)
            ],
        ),
        Sheet(
            _("退会届"),
            [_("提出日時"), _("状態"), _("届出者"), _("理由"), _("退会日")],
            [
                [
                    tokyo(w.submitted_at),
                    w.get_status_display(),
                    w.submitted_by_name,
                    w.reason,
                    w.effective_date,
                ]
                for w in Withdrawal.objects.filter(organisation_id=organisation_id)
            ],
        ),
    ]
    return sheets


def _plain(obj, field):
    value = getattr(obj, field.name)
    if field.choices:
        return str(getattr(obj, f"get_{field.name}_display")())
    if hasattr(value, "tzinfo") and getattr(value, "hour", None) is not None:
        return tokyo(value)
    if isinstance(value, bool):
        return str(_("はい") if value else _("いいえ"))
    if hasattr(value, "name") and not isinstance(value, str):  # a file
        return value.name or ""
    return value
