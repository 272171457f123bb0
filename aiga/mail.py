"""E-mail templates: defaults in Japanese business style, editable by the secretariat.

Each app lists its messages in `<app>/emails.py` as `TEMPLATES = [MailDefault(...), ...]`.
After migrate, any template missing from the database is created from its default;
templates the secretariat has edited are never overwritten.
"""

from __future__ import annotations

import datetime
import importlib
import re
from dataclasses import dataclass

from django.apps import apps as django_apps
from django.conf import settings
from django.template import Context, Engine
from django.utils import translation

from .dates import date_en

LETTER_HEAD_JA = """{{ addressee }}

いつも大変お世話になっております。
一般社団法人AIガバナンス協会 事務局でございます。

"""

LETTER_FOOT_JA = """

ご不明な点がございましたら、本メールにご返信いただくか、事務局までお問い合わせください。
今後ともどうぞよろしくお願い申し上げます。

――――――――――――――――――――
一般社団法人AIガバナンス協会 事務局
〒104-0061 東京都中央区銀座1-12-4 N&E BLD.7階
{{ site_url }}
――――――――――――――――――――"""

LETTER_HEAD_EN = """Dear {{ addressee_en|default:addressee }},

Thank you for your continued support of the AI Governance Association.

"""

LETTER_FOOT_EN = """

If you have any questions, please reply to this e-mail.

Best regards,
Secretariat, AI Governance Association
N&E BLD. 7F, 1-12-4 Ginza, Chuo-ku, Tokyo 104-0061, Japan
{{ site_url }}"""

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

    def full_body_ja(self) -> str:
        return (
            LETTER_HEAD_JA + self.body_ja.strip() + LETTER_FOOT_JA if self.letter else self.body_ja
        )

    def full_body_en(self) -> str:
        if not self.body_en:
            return ""
        return (
            LETTER_HEAD_EN + self.body_en.strip() + LETTER_FOOT_EN if self.letter else self.body_en
        )


def registered_defaults() -> dict[str, MailDefault]:
    found: dict[str, MailDefault] = {}
    for config in django_apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.emails")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.emails":
                raise
            continue
        for default in getattr(module, "TEMPLATES", []):
            found[default.key] = default
    return found


def ensure_default_templates(sender=None, **kwargs):
    """post_migrate: create the templates that do not exist yet."""
    from .models import EmailTemplate

    for default in registered_defaults().values():
        EmailTemplate.objects.get_or_create(
            key=default.key,
            defaults={
                "description": default.description,
                "subject_ja": default.subject_ja,
                "body_ja": default.full_body_ja(),
                "subject_en": default.subject_en,
                "body_en": default.full_body_en(),
                "variables": default.variables,
            },
        )


_engine = Engine(
    autoescape=False,
    libraries={"humanize": "django.contrib.humanize.templatetags.humanize"},
    builtins=["aiga.templatetags.aiga_format"],
)


def _render(text: str, context: dict) -> str:
    return _engine.from_string(text).render(Context(context, autoescape=False))


_JA_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_JA_YEN = re.compile(r"(-?[\d,]+)円")


def _english_values(text: str) -> str:
    """Values the services pass pre-formatted in Japanese (2026年4月15日, 150,000円), written
    the English way in the English part."""
    text = _JA_DATE.sub(lambda m: date_en(datetime.date(int(m[1]), int(m[2]), int(m[3]))), text)
    return _JA_YEN.sub(lambda m: f"¥{m[1]}", text)


def english_addressee(addressee: str) -> str:
    """「〇〇株式会社 経理部 〇〇 〇〇 様」 without the Japanese honorific, for "Dear …,"."""
    addressee = (addressee or "").strip()
    for honorific in ("様", "御中", "殿"):
        if addressee.endswith(honorific):
            return addressee[: -len(honorific)].strip()
    return addressee


def render_message(template_key: str, context: dict, language: str = "ja") -> tuple[str, str]:
    """Render (subject, body). Japanese first, English below; English only when chosen."""
    from .models import EmailTemplate

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
    context = {"site_url": settings.SITE_URL, **context}
    context.setdefault("addressee_en", english_addressee(context.get("addressee", "")))
    if language == "en" and template.body_en:
        with translation.override("en"):
            subject = _english_values(_render(template.subject_en or template.subject_ja, context))
            body = _english_values(_render(template.body_en, context))
    else:
        with translation.override("ja"):
            subject = _render(template.subject_ja, context)
            body = _render(template.body_ja, context)
        if template.body_en:
            with translation.override("en"):
                body += SEPARATOR + _english_values(_render(template.body_en, context))
    return " ".join(subject.split()), body.strip() + "\n"
