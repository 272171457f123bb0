"""Letters as a Japanese professional writes them: an opening fit for the relationship,
one closing, and a rejection addressed as a company or as a person (issue 18, items 2–4)."""

import pytest

from aiga.mail import registered_defaults, render_message

pytestmark = pytest.mark.django_db

# Letters to people the association has never dealt with: an applicant, before membership.
FIRST_CONTACT = {
    "application_draft_link",
    "application_received",
    "application_correction_request",
    "application_rejected",
    "application_withdrawn",
    "application_resubmitted",
    "board_meeting_moved_applicant",
}


def test_no_template_closes_twice():
    for key, default in registered_defaults().items():
        body = default.full_body_ja()
        assert body.count("今後とも") <= 1, key
        assert body.count("よろしくお願い申し上げます") <= 1, key


def test_a_first_contact_does_not_open_with_itsumo():
    defaults = registered_defaults()
    assert FIRST_CONTACT <= set(defaults)
    for key in FIRST_CONTACT:
        assert "いつも" not in defaults[key].full_body_ja(), key
        assert "continued support" not in defaults[key].full_body_en(), key
        assert "このたびは" in defaults[key].full_body_ja(), key
    # An existing relationship keeps its opening.
    assert "いつも大変お世話になっております。" in defaults["membership_issued"].full_body_ja()


@pytest.mark.parametrize(
    "is_expert,addressee,wish",
    [
        (False, "架空商事株式会社 緑川 花子 様", "末筆ながら、貴社のますますのご発展を心よりお祈り申し上げます。"),  # noqa: E501
        (True, "黒田 直子 様", "末筆ながら、黒田 直子様のますますのご活躍をお祈り申し上げます。"),
    ],
)  # fmt: skip
def test_the_rejection_is_addressed_as_a_company_or_a_person(is_expert, addressee, wish):
    name = "黒田 直子" if is_expert else "架空商事株式会社"
    context = {"addressee": addressee, "reference": "APP-00012", "name": name}
    _subject, body = render_message("application_rejected", {**context, "is_expert": is_expert})
    assert wish in body
    assert "貴社（貴殿）" not in body
    assert "今後とも" not in body and "ご不明な点" not in body
    assert "いつも" not in body


@pytest.mark.parametrize(
    "is_expert,expected,refused",
    [
        (False, "架空商事株式会社 のご担当者として", "有識者会員として"),
        (True, "有識者会員として", "のご担当者として"),
    ],
)
def test_the_portal_invitation_addresses_an_expert_as_an_expert(is_expert, expected, refused):
    context = {
        "addressee": "黒田 直子 様",
        "organisation": "架空商事株式会社",
        "member_number": "AIGA-0100",
        "is_expert": is_expert,
        "invitation_url": "https://example.org/portal/invitation/x/",
        "expires_at": "2026-12-17T10:00:00+09:00",
        "days": 14,
    }
    _subject, body = render_message("portal_invitation", context)
    assert expected in body and refused not in body
    assert "パスワードのご設定をお願いいたします" in body and "設定してください" not in body
