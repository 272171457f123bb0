"""docs/privacy.md accounts for every model field that holds personal data.

The fields are discovered from the models, not listed here: any field whose name says it
holds a name, a kana reading, an e-mail address, a telephone number, an address or an IP
(and the few declared below whose names do not say so) must be named in docs/privacy.md as
`app_label.Model.field`. A new such field in any app fails this test until the document says
what it is kept for and how long — or, for a look-alike (an industry's name), lists it among
the fields that are not personal data."""

import re
from pathlib import Path

import pytest
from django.apps import apps

DOC = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"

NAME_PATTERN = re.compile(r"(e?mail|phone|fax|name|kana|address|postal|(^|_)ip($|_)|username)")

# Fields holding personal data whose names do not say so.
DECLARED = {
    "members.Contact": ["title", "department"],
    "admissions.ApplicationContact": ["title", "department"],
    "admissions.Application": ["applicant_title", "expert_profile"],
    "members.Officer": ["title"],
    "events.Speaker": ["title"],
    "events.Registration": ["job_title"],
    "aiga.OutboxMessage": ["to", "cc", "context", "subject"],
    "aiga.AuditEntry": ["note", "data"],
    "members.ChangeNotice": ["changes"],
    "members.Withdrawal": ["reason"],
    "billing.BankLine": ["description"],
    "axes.AccessAttempt": ["user_agent"],
    "axes.AccessLog": ["user_agent"],
    "axes.AccessFailureLog": ["user_agent"],
}


def personal_data_fields() -> list[str]:
    found = []
    for model in apps.get_models():
        opts = model._meta
        # History tables copy their model's fields (docs/privacy.md says so once); a proxy
        # shares its concrete model's table.
        if opts.proxy or opts.model_name.startswith("historical"):
            continue
        label = opts.label
        names = [f.name for f in opts.concrete_fields if NAME_PATTERN.search(f.name)]
        names += DECLARED.get(label, [])
        found += [f"{label}.{name}" for name in names]
    return sorted(set(found))


def test_the_declared_fields_exist():
    for label, names in DECLARED.items():
        model = apps.get_model(label)
        for name in names:
            model._meta.get_field(name)  # FieldDoesNotExist names the stale entry


def test_every_field_holding_personal_data_is_in_the_privacy_document():
    text = DOC.read_text(encoding="utf-8")
    missing = [field for field in personal_data_fields() if f"`{field}`" not in text]
    assert not missing, "docs/privacy.md does not mention: " + ", ".join(missing)


def test_the_discovery_finds_what_it_must():
    fields = personal_data_fields()
    for expected in (
        "members.Contact.email",
        "members.Contact.family_name_kana",
        "admissions.Consent.ip",
        "billing.Payment.payer_name",
        "aiga.OutboxMessage.to",
    ):
        assert expected in fields


FORMS_COLLECTING_PERSONAL_DATA = [
    "members/admissions/templates/admissions/apply_form.html",
    "members/admissions/templates/admissions/apply_link.html",
    "members/templates/members/profile/person_add.html",
    "members/templates/members/profile/notice_form.html",
]


def test_each_form_collecting_personal_data_shows_the_shared_purpose_notice():
    root = DOC.parents[1]
    for template in FORMS_COLLECTING_PERSONAL_DATA:
        assert '{% include "_privacy_notice.html" %}' in (root / template).read_text(), template


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/apply/draft/"])
def test_the_notice_is_on_the_public_pages(client, url):
    page = client.get(url).content.decode()
    assert 'id="privacy-notice"' in page
    assert "個人情報の利用目的" in page
