"""Bad input on the public application pages is answered with a message next to the field,
never a server error, and nothing is written (issue "Security II", item 5)."""

import pytest
from django.test import Client

from aiga.models import AuditEntry, OutboxMessage
from members.admissions.models import Application, ApplicationContact
from tests.members.admissions.apply_helpers import agree, field_error, form_data

pytestmark = pytest.mark.django_db

NUL = "使用できない制御文字（NUL）が含まれています。入力内容をご確認ください。"
TOO_LARGE = "資本金の金額が大きすぎます。桁数をご確認ください。"


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def nothing_written():
    return (
        Application.objects.count(),
        ApplicationContact.objects.count(),
        OutboxMessage.objects.count(),
    ) == (0, 0, 0)


def test_a_nul_byte_in_the_draft_link_address_is_refused_with_a_message(client):
    response = client.post("/apply/draft/", {"email": "hanako\x00@example.jp"})
    assert response.status_code == 200
    assert NUL in response.content.decode()
    assert 'id="link-sent"' not in response.content.decode()
    assert OutboxMessage.objects.count() == 0
    assert not AuditEntry.objects.filter(action="application.draft_link_sent").exists()


@pytest.mark.parametrize(
    "typed,message",
    [
        ("", "メールアドレスを入力してください。"),
        ("hanako", "メールアドレスの形式が正しくありません。"),
    ],
)
def test_the_draft_link_address_is_checked(client, typed, message):
    response = client.post("/apply/draft/", {"email": typed})
    assert response.status_code == 200
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "field,value",
    [
        ("legal_name", "架空\x00テクノロジー株式会社"),
        ("applicant_name", "\x00"),
        ("rep_family_name", "緑\x00川"),
    ],
)
def test_a_nul_byte_in_a_field_is_refused_next_to_it(client, field, value):
    agree(client)
    response = client.post("/apply/form/", form_data(**{field: value}))
    assert response.status_code == 200
    assert field_error(response, field) == NUL
    assert nothing_written()


@pytest.mark.parametrize("capital", [str(2**63), "9" * 40, "1000000000000001", "１０００兆１円"])
def test_a_share_capital_beyond_any_company_is_refused(client, capital):
    agree(client)
    response = client.post("/apply/form/", form_data(share_capital=capital))
    assert response.status_code == 200
    assert field_error(response, "share_capital") == TOO_LARGE
    assert nothing_written()


def test_a_thousand_trillion_yen_is_still_a_share_capital(client):
    agree(client)
    response = client.post("/apply/form/", form_data(share_capital="1000兆"))
    assert response.status_code == 302
    assert Application.objects.get().share_capital == 10**15


@pytest.mark.parametrize("length", [51, 100])
@pytest.mark.parametrize("field", ["rep_family_name", "bill_given_name", "legal_family_name"])
def test_a_name_longer_than_its_column_is_refused(client, field, length):
    agree(client)
    response = client.post("/apply/form/", form_data(**{field: "長" * length}))
    assert response.status_code == 200
    assert "50" in field_error(response, field)
    assert nothing_written()


def test_the_live_quote_says_the_capital_is_too_large(client):
    response = client.post("/apply/quote/", {"category": "corporate", "share_capital": str(2**63)})
    assert response.status_code == 200
    assert TOO_LARGE in response.content.decode()
