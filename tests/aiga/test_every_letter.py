"""Every e-mail the system sends, rendered in Japanese and in English with the context the
code gives it (the whole demo, and what the demo does not do), read as a Japanese
professional would (issue 18): no empty 「（）」, no closing twice, no internal code, no
「いつも」 to someone the association has never dealt with, and English that reads as
English, with no full-width punctuation and no Japanese label of a code."""

import re

import pytest

from aiga.mail import SEPARATOR, registered_defaults, render_message
from aiga.outbox import LinkUnavailable, issue_link
from billing.models import Invoice
from members import choices
from members.admissions.models import AgreementDocument
from members.models import Industry, Membership
from tests.aiga.test_letters import FIRST_CONTACT

pytestmark = pytest.mark.django_db

EMPTY_BRACKETS = re.compile(r"（\s*）|\(\s*\)")
# Stored codes that must never reach a reader: choice values, JSON, Python literals.
CODES = (
    "regular|smb|expert|corporate|individual|held|written|planned|plain|fund|foreign"
    "|developer|both|non_taxable|credit_note|pending|carried_over"
)
CODE_IN_JAPANESE = re.compile(rf"(?<![\w@./-])({CODES}|True|False|None)(?![\w@.-])")
CODE_ANYWHERE = re.compile(
    rf"[（(]({CODES})[)）]|\{{['\"]|\[['\"{{]|\b(True|False)\b|application:\d|\{{\{{|\{{%"
)
FULL_WIDTH = re.compile(r"[、。「」『』【】（）：；！？〒\u3000・]")
EMPTY_LABEL_JA = re.compile(r"^[^\s：]{1,30}：[ \t]*$", re.MULTILINE)
EMPTY_LABEL_EN = re.compile(r"^[A-Z][A-Za-z]*(?: [A-Za-z]+){0,3}:[ \t]*$", re.MULTILINE)
# Text typed by a person (the secretariat's request, a reason, the applicant's own words
# and names) is quoted as typed, in whatever script it was typed in.
FREE_TEXT = {
    "message",
    "reason",
    "expert_profile",
    "name",
    "legal_name",
    "address",
    "department",
    "title",
    "addressee",
    "addressee_en",
    "organisation",
    "recommender",
    "subject",
    "description",
    "parent_name",
    # A 変更届's values before and after, and who filed it.
    "old",
    "new",
    "requested_by",
    # A general assembly's place and agenda, as the secretariat typed them.
    "venue",
    "agenda",
    # An event's title (typed in the admin; the English one when it has one), its venue,
    # who registered, a guest's organisation, a material's title.
    "event_title",
    "event_title_en",
    "person",
}


def free_text(value, key=""):
    if isinstance(value, dict):
        for k, v in value.items():
            if k != "consents":
                yield from free_text(v, k)
    elif isinstance(value, list):
        for item in value:
            yield from free_text(item, key)
    elif isinstance(value, str) and key in FREE_TEXT and value:
        yield value


def japanese_labels_of_codes() -> set[str]:
    """The Japanese labels the English must show in English."""
    labels = set()
    for choice in (choices.Tier, choices.MemberKind, choices.CapitalKind, choices.AIRole):
        labels |= {str(label) for label in choice.labels}
    labels |= {str(label) for label in Membership.Category.labels}
    labels |= set(Industry.objects.exclude(name_en="").values_list("name", flat=True))
    labels |= set(AgreementDocument.objects.exclude(title_en="").values_list("title", flat=True))
    return labels


def letters(message):
    """(language, part, text) for the Japanese and the English rendering of a message."""
    try:
        context = {**message.context, **issue_link(message)}
    except LinkUnavailable:
        context = dict(message.context)
    out = []
    for language in ("ja", "en"):
        subject, body = render_message(message.template_key, context, language)
        if language == "ja":
            japanese, _sep, english = body.partition(SEPARATOR.strip())
            out.append(("ja", subject + "\n" + japanese))
            if english:
                out.append(("en", english))
        elif registered_defaults()[message.template_key].body_en:
            out.append(("en", subject + "\n" + body))
    return context, out


def problems(message) -> list[str]:
    found = []
    context, parts = letters(message)
    typed = sorted(set(free_text(context)), key=len, reverse=True)
    english_labels = japanese_labels_of_codes()
    key = message.template_key
    for language, text in parts:
        where = f"{key} [{language}]"
        if EMPTY_BRACKETS.search(text):
            found.append(f"{where}: empty brackets")
        if m := CODE_ANYWHERE.search(text):
            found.append(f"{where}: internal value {m.group(0)!r}")
        if text.count("今後とも") > 1 or text.count("よろしくお願い申し上げます") > 1:
            found.append(f"{where}: a doubled closing")
        if key in FIRST_CONTACT and ("いつも" in text or "continued support" in text):
            found.append(f"{where}: 「いつも」 to a first contact")
        if language == "ja":
            if m := CODE_IN_JAPANESE.search(text):
                found.append(f"{where}: internal value {m.group(0)!r}")
            if m := EMPTY_LABEL_JA.search(text):
                found.append(f"{where}: a label with nothing after it {m.group(0)!r}")
            continue
        bare = text
        for value in typed:
            bare = bare.replace(value, "")
        if m := FULL_WIDTH.search(bare):
            line = next(line for line in bare.splitlines() if m.group(0) in line)
            found.append(f"{where}: full-width {m.group(0)!r} in {line!r}")
        if m := EMPTY_LABEL_EN.search(text):
            found.append(f"{where}: a label with nothing after it {m.group(0)!r}")
        for label in english_labels:
            if label in bare:
                found.append(f"{where}: the Japanese label {label!r}")
    return found


def test_every_template_reads_well_in_both_languages(demo_messages):
    assert {m.template_key for m in demo_messages} >= set(registered_defaults()) - {
        "generic_notice"
    }
    found = [p for message in demo_messages for p in problems(message)]
    assert not found, "\n".join(found)


def test_the_credit_note_the_demo_sends_names_its_replacement(demo_messages):
    (message,) = [m for m in demo_messages if m.template_key == "billing.credit_note_issued"]
    replacement = Invoice.objects.get(replaces__number=message.context["cancelled_number"])
    assert message.context["replacement_number"] == replacement.number
    assert message.context["reason"] == "宛名の誤り"


class _Message:
    def __init__(self, template_key, context):
        self.template_key, self.context = template_key, context


@pytest.mark.parametrize(
    "text,expected",
    [
        ("受付番号：APP-00001\n業種：（）", "empty brackets"),
        ("会員種別：正会員（regular）", "internal value"),
        ("今後ともよろしく。\n今後ともどうぞ。", "a doubled closing"),
        ("英文名称：\n法人番号：1", "a label with nothing after it"),
    ],
)
def test_the_check_itself_finds_each_fault(text, expected):
    message = _Message(
        "generic_notice", {"addressee": "見本 太郎 様", "subject": "件名", "message": text}
    )
    assert any(expected in p for p in problems(message)), problems(message)


def test_the_check_finds_full_width_punctuation_and_japanese_labels_in_english():
    message = _Message(
        "generic_notice",
        {
            "addressee": "Taro Mihon",
            "subject": "s",
            "message": "本文",
            "message_en": "Fee: 600,000 yen（正会員（通常枠））",
        },
    )
    found = problems(message)
    assert any("full-width" in p for p in found)
    assert any("the Japanese label '正会員（通常枠）'" in p for p in found)


def test_the_check_finds_itsumo_in_a_first_contact():
    message = _Message(
        "application_withdrawn",
        {"addressee": "見本 太郎 様", "reference": "APP-00001", "name": "見本 太郎"},
    )
    assert problems(message) == []  # the template as written
    from aiga.models import EmailTemplate

    template = EmailTemplate.objects.get(key="application_withdrawn")
    template.body_ja = template.body_ja.replace("このたびは", "いつも大変お世話になっております。")
    template.save()
    assert any("いつも" in p for p in problems(message))
