"""A template saved with a syntax error would break every later message of its kind: the
admin tries it first and refuses it with the error, keeping the one in use."""

import pytest

from aiga.models import EmailTemplate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def post(client, template, **changes):
    data = {
        "description": template.description,
        "subject_ja": template.subject_ja,
        "body_ja": template.body_ja,
        "subject_en": template.subject_en,
        "body_en": template.body_en,
        **changes,
    }
    return client.post(f"/admin/aiga/emailtemplate/{template.pk}/change/", data)


@pytest.mark.parametrize(
    "field,text",
    [
        ("body_ja", "{{ addressee }}\n{% if is_expert %}有識者の方へ"),  # never closed
        ("subject_ja", "【AIGA】{{ reference|no_such_filter }}"),
        ("body_en", "Dear {{ addressee }},\n{% load no_such_library %}"),
        ("subject_en", "{% endif %}"),
    ],
)
def test_a_broken_template_is_refused_and_the_old_one_kept(client, field, text):
    client.force_login(UserFactory(groups=["Secretariat"]))
    template = EmailTemplate.objects.get(key="portal_invitation")
    before = getattr(template, field)
    response = post(client, template, **{field: text})
    assert response.status_code == 200
    assert "このテンプレートは使えません" in response.content.decode()
    template.refresh_from_db()
    assert getattr(template, field) == before


def test_a_good_edit_is_saved(client):
    client.force_login(UserFactory(groups=["Secretariat"]))
    template = EmailTemplate.objects.get(key="portal_invitation")
    response = post(client, template, subject_ja="【AIGA】会員ポータルへのご招待（ご確認ください）")
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.subject_ja == "【AIGA】会員ポータルへのご招待（ご確認ください）"


def test_every_template_as_it_stands_can_be_saved_again():
    """No false refusals: each template, unchanged, passes the check."""
    from aiga.admin import EmailTemplateForm

    templates = list(EmailTemplate.objects.all())
    assert len(templates) >= 10
    for template in templates:
        data = {name: getattr(template, name) for name in EmailTemplateForm.Meta.fields}
        form = EmailTemplateForm(data=data, instance=template)
        assert form.is_valid(), (template.key, form.errors)


def test_a_template_that_fails_on_what_its_messages_carry_is_refused(client):
    """Once a message of its kind has been sent, the edit is rendered with that context."""
    from aiga.outbox import outbox_enqueue

    outbox_enqueue(
        to="a@example.jp",
        template_key="portal_invitation",
        purpose="test",
        context={"addressee": "架空商事株式会社 青木 真理 様", "days": 14},
    )
    client.force_login(UserFactory(groups=["Secretariat"]))
    template = EmailTemplate.objects.get(key="portal_invitation")
    response = post(client, template, body_ja="{{ addressee }}\n{{ days|date:addressee.x.y }}")
    assert "このテンプレートは使えません" in response.content.decode()
