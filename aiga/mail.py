"""E-mail templates: defaults in Japanese business style, editable by the secretariat.

Each app lists its messages in `<app>/emails.py` as `TEMPLATES = [MailDefault(...), ...]`.
After migrate, any template missing from the database is created from its default, and one
nobody has edited takes the current default (so a corrected wording reaches a running
install); templates the secretariat has edited are never overwritten.
"""

from __future__ import annotations

import hashlib
import importlib
from dataclasses import dataclass
from functools import lru_cache

from django.apps import apps as django_apps
from django.conf import settings
from django.template import Context, Engine, TemplateSyntaxError
from django.utils import translation

from aiga.models import EmailTemplate, OutboxMessage

# A letter: the addressee, an opening fit for the relationship, who writes, the body, a
# closing and the signature. An existing relationship opens with 「いつも大変お世話になって
# おります。」; a first contact (an applicant) with thanks for what they did instead.
OPENING_JA = "いつも大変お世話になっております。"
OPENING_EN = "Thank you for your continued support of the AI Governance Association."
CLOSING_JA = (
    "ご不明な点がございましたら、本メールにご返信いただくか、事務局までお問い合わせください。\n"
    "今後ともどうぞよろしくお願い申し上げます。"
)
CLOSING_EN = "If you have any questions, please reply to this e-mail."

LETTER_HEAD_JA = """{{ addressee }}

%(opening)s
{{ association.name }} 事務局でございます。

"""

SIGNATURE_JA = """

――――――――――――――――――――
{{ association.name }} 事務局{% if association.contact_person %}\
（担当：{{ association.contact_person }}）{% endif %}
〒{{ association.postal_code }} {{ association.address }}
{% if association.phone %}TEL：{{ association.phone }}　{% endif %}E-mail：{{ association.email }}
{{ association.website }}
――――――――――――――――――――"""

LETTER_HEAD_EN = """Dear {{ addressee_en|default:addressee }},

%(opening)s

"""

SIGNATURE_EN = """

Best regards,
{% if association.contact_person_en %}{{ association.contact_person_en }}
{% endif %}Secretariat, {{ association.name_en }}
{{ association.address_en }}
{% if association.phone %}Tel. {{ association.phone }} / {% endif %}E-mail: {{ association.email }}
{{ association.website }}"""

SEPARATOR = "\n\n---------- English follows ----------\n\n"


@dataclass(frozen=True)
class MailDefault:
    key: str
    description: str
    subject_ja: str
    body_ja: str
    subject_en: str = ""
    body_en: str = ""
    variables: str = ""
    letter: bool = True
    # The letter's opening and closing (None: the usual ones; "" for none).
    opening_ja: str = OPENING_JA
    opening_en: str = OPENING_EN
    closing_ja: str = CLOSING_JA
    closing_en: str = CLOSING_EN

    @property
    def first_contact(self) -> bool:
        return self.opening_ja != OPENING_JA

    def full_body_ja(self) -> str:
        if not self.letter:
            return self.body_ja
        closing = f"\n\n{self.closing_ja}" if self.closing_ja else ""
        head = LETTER_HEAD_JA % {"opening": self.opening_ja}
        return head + self.body_ja.strip() + closing + SIGNATURE_JA

    def full_body_en(self) -> str:
        if not self.body_en:
            return ""
        if not self.letter:
            return self.body_en
        closing = f"\n\n{self.closing_en}" if self.closing_en else ""
        head = LETTER_HEAD_EN % {"opening": self.opening_en}
        return head + self.body_en.strip() + closing + SIGNATURE_EN


def registered_defaults() -> dict[str, MailDefault]:
    found: dict[str, MailDefault] = {}
    for module in _email_modules():
        for default in getattr(module, "TEMPLATES", []):
            found[default.key] = default
    return found


TEXT_FIELDS = ("subject_ja", "body_ja", "subject_en", "body_en")


def text_sha256(texts: dict) -> str:
    joined = "\x1f".join(texts.get(name) or "" for name in TEXT_FIELDS)
    return hashlib.sha256(joined.encode()).hexdigest()


def _written_from_default(template: EmailTemplate) -> bool:
    """Whether nobody has edited the row since it was written from a default: its text is
    still the default's it records, or (a row from before the record) the text it was
    created with."""
    current = text_sha256({name: getattr(template, name) for name in TEXT_FIELDS})
    if template.default_sha256:
        return current == template.default_sha256
    first = template.history.order_by("history_date", "history_id").first()
    return first is not None and current == text_sha256(
        {name: getattr(first, name) for name in TEXT_FIELDS}
    )


def ensure_default_templates(sender=None, **kwargs):
    """post_migrate: create the templates that do not exist yet, and bring those nobody has
    edited up to the current default (a wording fixed in the code reaches a running
    install). A template the secretariat has edited is never overwritten."""
    for default in registered_defaults().values():
        texts = {
            "subject_ja": default.subject_ja,
            "body_ja": default.full_body_ja(),
            "subject_en": default.subject_en,
            "body_en": default.full_body_en(),
        }
        digest = text_sha256(texts)
        ours = {"description": default.description, "variables": default.variables}
        template = EmailTemplate.objects.filter(key=default.key).first()
        if template is None:
            EmailTemplate.objects.create(key=default.key, default_sha256=digest, **texts, **ours)
            continue
        if template.default_sha256 == digest:
            continue
        if _written_from_default(template):
            for name, value in {**texts, **ours}.items():
                setattr(template, name, value)
            template.default_sha256 = digest
            template._change_reason = "既定の文面の更新"
            template.save()


def _email_modules():
    """Each app's `<app>.emails` module, in app order."""
    for config in django_apps.get_app_configs():
        try:
            yield importlib.import_module(f"{config.name}.emails")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.emails":
                raise


@lru_cache(maxsize=1)
def _engine() -> Engine:
    """The e-mail template engine. The outbox stores raw values (ISO dates, integers of
    yen, codes); the filters turn them into text in the language being rendered: the
    shared ones (`jdate`, `jdatetime`, `amount`) and those an app's `emails.py` declares
    with its own `register = template.Library()` (labels of its codes)."""
    builtins = ["aiga.templatetags.aiga_format"]
    builtins += [m.__name__ for m in _email_modules() if hasattr(m, "register")]
    return Engine(autoescape=False, builtins=builtins)


def _render(text: str, context: dict) -> str:
    return _engine().from_string(text).render(Context(context, autoescape=False))


def choice_label(choices, code) -> str:
    """The label of a stored code (a TextChoices value) in the language being rendered."""
    try:
        return str(choices(code).label)
    except ValueError:
        return str(code or "")


def english_addressee(addressee: str) -> str:
    """「〇〇株式会社 経理部 〇〇 〇〇 様」 without the Japanese honorific, for "Dear …,"."""
    addressee = (addressee or "").strip()
    for honorific in ("様", "御中", "殿"):
        if addressee.endswith(honorific):
            return addressee[: -len(honorific)].strip()
    return addressee


def render_message(template_key: str, context: dict, language: str = "ja") -> tuple[str, str]:
    """Render (subject, body). Japanese first, English below; English only when chosen."""
    template = EmailTemplate.objects.filter(key=template_key).first()
    if template is None:
        default = registered_defaults().get(template_key)
        if default is None:
            raise LookupError(f"No e-mail template {template_key!r}.")
        template = EmailTemplate(
            key=default.key,
            subject_ja=default.subject_ja,
            body_ja=default.full_body_ja(),
            subject_en=default.subject_en,
            body_en=default.full_body_en(),
        )
    context = {"site_url": settings.SITE_URL, "association": settings.ASSOCIATION, **context}
    context.setdefault("addressee_en", english_addressee(context.get("addressee", "")))
    if language == "en" and template.body_en:
        with translation.override("en"):
            subject = _render(template.subject_en or template.subject_ja, context)
            body = _render(template.body_en, context)
    else:
        with translation.override("ja"):
            subject = _render(template.subject_ja, context)
            body = _render(template.body_ja, context)
        if template.body_en:
            with translation.override("en"):
                body += SEPARATOR + _render(template.body_en, context)
    return " ".join(subject.split()), body.strip() + "\n"


def template_error(text: str, context: dict | None, language: str) -> str:
    """Why this template text cannot be sent ("" when it can). It is compiled, and rendered
    as the outbox would with `context` when there is one (a real message's: placeholders
    cannot stand in for the structured values some filters take)."""
    try:
        template = _engine().from_string(text)
        if context is not None:
            full = {"site_url": settings.SITE_URL, "association": settings.ASSOCIATION}
            with translation.override(language):
                template.render(Context({**full, **context}, autoescape=False))
    except TemplateSyntaxError as exc:
        return str(exc)
    except Exception as exc:  # noqa: BLE001 - any failure to render is the template's
        return f"{type(exc).__name__}: {exc}"
    return ""


def sample_context(template: EmailTemplate) -> dict | None:
    """What a message of this kind was last sent with, or None when none has been sent."""
    last = OutboxMessage.objects.filter(template_key=template.key).order_by("-id").first()
    if last is None or not isinstance(last.context, dict):
        return None
    context = dict(last.context)
    context.setdefault("addressee_en", english_addressee(context.get("addressee", "")))
    return context
