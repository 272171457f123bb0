import datetime
import io
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, PngImagePlugin

from aiga.models import AuditEntry, OutboxMessage
from members.admissions.models import AgreementDocument, Application, Consent
from members.admissions.selectors.applications import DraftLinkError, draft_from_token
from members.admissions.services.applications import (
    ApplicationError,
    application_send_draft_link,
    application_transition,
    application_withdraw,
)
from members.admissions.workflow import TransitionError
from members.models import Membership
from tests.factories import MembershipFactory, OrganisationFactory, UserFactory
from tests.helpers import DRAFT_LINK, emailed_link
from tests.members.admissions.apply_helpers import (
    agree,
    corporate_number,
    errors,
    expert_data,
    field_error,
    form_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


def png(width=200, height=100) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "navy").save(buffer, "PNG")
    return buffer.getvalue()


def submit(client, data, files=None, capture=None):
    payload = dict(data)
    if files:
        payload.update(files)
    return client.post("/apply/form/", payload)


# ---------------------------------------------------------------- step 1: consents


def test_form_without_consent_redirects_to_agreements(client):
    response = client.get("/apply/form/")
    assert response.status_code == 302 and response["Location"] == "/apply/"


def test_missing_one_consent_is_refused_next_to_it(client):
    response = client.get("/apply/")
    documents = list(AgreementDocument.objects.all())
    assert len(documents) == 6
    data = {f"doc_{d.pk}": "on" for d in documents[1:]}
    data["agreed_by_name"] = "緑川 花子"
    response = client.post("/apply/", data)
    assert response.status_code == 200
    assert "この文書への同意が必要です。" in errors(response)
    assert client.get("/apply/form/").status_code == 302


def test_submission_records_which_version_was_agreed(client, django_capture_on_commit_callbacks):
    agree(client)
    response = submit(client, form_data())
    assert response.status_code == 302, errors(response)
    application = Application.objects.get()
    consents = list(application.consents.select_related("document"))
    assert len(consents) == 6
    assert {c.document.version for c in consents} == {"1.0"}
    assert {c.agreed_by_name for c in consents} == {"緑川 花子"}
    assert all(c.ip == "127.0.0.1" for c in consents)


def test_each_document_is_read_in_full_before_agreeing(client):
    page = client.get("/apply/").content.decode()
    documents = AgreementDocument.objects.filter(version="1.0")
    assert documents.count() == 6
    for document in documents:
        link = f'href="/apply/documents/{document.pk}/"'
        assert link in page, document.kind
        text = client.get(f"/apply/documents/{document.pk}/").content.decode()
        assert document.full_text.splitlines()[0] in text
        assert len(document.full_text) > 200
    # The samples say they are samples; the action agenda is the brochure's own items.
    articles = documents.get(kind="articles")
    assert articles.full_text.startswith("【サンプル文書】")
    agenda = client.get(f"/apply/documents/{documents.get(kind='action_agenda').pk}/")
    assert "リスクベースアプローチ" in agenda.content.decode()
    assert "サンプル" not in agenda.content.decode()


def test_a_version_without_its_full_text_never_applies():
    from members.admissions.selectors.applications import current_documents

    AgreementDocument.objects.create(
        kind="privacy",
        title="個人情報保護方針",
        version="2.0",
        text="要旨だけ",
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    current = {d.kind: d.version for d in current_documents()}
    assert current["privacy"] == "1.0"


def test_the_consent_keeps_the_fingerprint_of_the_text_agreed_to(client):
    import hashlib

    agree(client)
    assert submit(client, form_data()).status_code == 302
    for consent in Application.objects.get().consents.select_related("document"):
        expected = hashlib.sha256(consent.document.full_text.encode("utf-8")).hexdigest()
        assert consent.document_sha256 == expected


def test_a_text_changed_after_it_was_shown_must_be_agreed_to_again(client):
    agree(client)
    privacy = AgreementDocument.objects.get(kind="privacy", version="1.0")
    privacy.full_text += "\n第6条 追加された条文"
    privacy.save()
    response = submit(client, form_data())
    assert response.status_code == 302 and response["Location"] == "/apply/"
    assert Application.objects.count() == 0


def test_the_admin_refuses_a_version_without_its_full_text(client):
    client.force_login(UserFactory(groups=["Secretariat"]))
    response = client.post(
        "/admin/admissions/agreementdocument/add/",
        {
            "kind": "privacy",
            "title": "個人情報保護方針",
            "version": "3.0",
            "text": "要旨",
            "effective_date": "2027-04-01",
            "full_text": "  ",
        },
    )
    assert response.status_code == 200
    assert "全文を入力してください" in response.content.decode()
    assert not AgreementDocument.objects.filter(version="3.0").exists()


def test_a_new_version_does_not_change_earlier_consents_but_drafts_must_agree_again(client):
    agree(client)
    assert submit(client, form_data()).status_code == 302
    earlier = Application.objects.get()
    privacy = AgreementDocument.objects.get(kind="privacy", version="1.0")
    newer = AgreementDocument.objects.create(
        kind="privacy",
        title=privacy.title,
        version="1.1",
        text="改定版",
        full_text="個人情報保護方針 第1.1版の全文",
        effective_date=timezone.localdate() - datetime.timedelta(days=1),
    )
    assert earlier.consents.filter(document=privacy).exists()
    assert not earlier.consents.filter(document=newer).exists()

    # A draft that agreed to 1.0 must agree to 1.1 before it can go on.
    newer.effective_date = timezone.localdate() + datetime.timedelta(days=30)
    newer.save()
    client2 = client.__class__()
    agree(client2)
    draft_data = form_data(action="save", corporate_number=corporate_number("701040108998"))
    assert client2.post("/apply/form/", draft_data).status_code == 302
    newer.effective_date = timezone.localdate()
    newer.save()
    response = client2.post("/apply/form/", {**draft_data, "action": "submit"})
    assert response.status_code == 302 and response["Location"] == "/apply/"
    draft = Application.objects.get(status="draft")
    agree(client2)
    response = client2.post("/apply/form/", {**draft_data, "action": "submit"})
    assert response.status_code == 302 and response["Location"] == "/apply/done/"
    draft.refresh_from_db()
    assert draft.status == "submitted"
    assert draft.consents.filter(document=newer).exists()
    assert draft.consents.filter(document=privacy).exists()  # the earlier consent is kept


def test_service_refuses_submission_without_every_consent(client):
    agree(client)
    assert submit(client, form_data(action="save")).status_code == 302
    draft = Application.objects.get()
    Consent.objects.filter(application=draft, document__kind="antisocial").delete()
    from members.admissions.services.applications import application_submit

    with pytest.raises(ApplicationError) as exc:
        application_submit(application_id=draft.pk, data={}, contacts=[])
    assert exc.value.code == "consent_missing"
    draft.refresh_from_db()
    assert draft.status == "draft"


# ---------------------------------------------------------------- step 2: the form


def test_submission_normalises_what_people_type(client, django_capture_on_commit_callbacks):
    agree(client)
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, form_data())
    assert response.status_code == 302 and response["Location"] == "/apply/done/"
    a = Application.objects.get()
    assert a.status == "submitted" and a.submitted_at is not None
    assert a.legal_name_kana == "カクウテクノロジー"
    assert a.share_capital == 50_000_000
    assert a.postal_code == "104-0061"
    assert (a.prefecture, a.city, a.address_line) == ("東京都", "中央区", "銀座")
    assert a.website == "https://example.jp"
    assert a.mailing_list_emails == ["hanako@example.jp", "team@example.jp"]
    assert a.quoted_tier == "smb" and a.quoted_total == a.quote["total"] > 0
    contacts = list(a.contacts.all())
    assert len(contacts) == 3  # legal rep; member rep = practical contact; billing
    rep = a.member_representative
    assert rep.is_practical_contact and not rep.is_billing_contact
    assert (rep.family_name_kana, rep.given_name_kana) == ("ミドリカワ", "ハナコ")
    assert rep.email == "hanako@example.jp" and rep.phone == "03-1234-5678"
    billing = next(c for c in a.contacts.all() if c.is_billing_contact)
    assert billing.cc_emails == ["cc1@example.jp", "cc2@example.jp"]
    assert billing.department == "経理部"
    assert AuditEntry.objects.filter(action="application.submit", to_state="submitted").exists()


def test_submission_writes_exactly_two_emails(client, django_capture_on_commit_callbacks):
    agree(client)
    with django_capture_on_commit_callbacks(execute=True):
        submit(client, form_data())
    messages = OutboxMessage.objects.order_by("id")
    assert [m.template_key for m in messages] == [
        "application_received",
        "application_notice_secretariat",
    ]
    assert messages[0].to == ["hanako@example.jp"]
    assert messages[1].to == ["office@example.org"]
    assert len(mail.outbox) == 2
    applicant_mail = next(m for m in mail.outbox if m.to == ["hanako@example.jp"])
    assert "架空テクノロジー株式会社" in applicant_mail.body
    assert "今後の流れ" in applicant_mail.body
    assert "カクウテクノロジー" in applicant_mail.body  # a copy of what was submitted


def test_expert_application(client, django_capture_on_commit_callbacks):
    agree(client, name="黒田 直子")
    with django_capture_on_commit_callbacks(execute=True):
        response = submit(client, expert_data())
    assert response.status_code == 302, errors(response)
    a = Application.objects.get()
    assert a.category == "expert" and a.recommender is not None
    assert a.quoted_tier == "expert" and a.quoted_total == 0
    assert a.corporate_number == ""
    assert a.member_representative.full_name_kana == "クロダ ナオコ"
    assert len(mail.outbox) == 2


def test_expert_needs_a_recommender(client):
    agree(client)
    response = submit(client, expert_data(recommender=""))
    assert response.status_code == 200
    assert field_error(response, "recommender") == "推薦する理事・監事を選んでください。"


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("corporate_number", "1234567890123", "チェックディジット"),
        ("corporate_number", "12345", "13桁"),
        ("postal_code", "0000000", "見つかりません"),
        ("postal_code", "12-34", "7桁"),
        ("legal_name_kana", "架空テクノロジー", "カタカナ"),
        ("share_capital", "5千万円", "円単位"),
        ("website", "not a url", "URL"),
        ("applicant_email", "hanako@", "メールアドレス"),
        ("mailing_list_emails", "ok@example.jp\nbad@", "bad@"),
        ("legal_name", "", "入力してください"),
    ],
)
def test_field_errors_next_to_their_field_and_nothing_written(client, field, value, message):
    agree(client)
    response = submit(client, form_data(**{field: value}))
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert Application.objects.count() == 0
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize(
    "field,value,message",
    [
        ("rep_phone", "12-34", "電話番号"),
        ("rep_email", "hanako.example.jp", "メールアドレス"),
        ("rep_given_name_kana", "花子", "カタカナ"),
        ("bill_cc", "x@", "x@"),
    ],
)
def test_people_errors(client, field, value, message):
    agree(client)
    response = submit(client, form_data(**{field: value}))
    assert response.status_code == 200
    assert message in field_error(response, field)
    assert Application.objects.count() == 0


def test_parent_company_needs_name_and_share(client):
    agree(client)
    response = submit(client, form_data(has_parent="on", parent_ratio="１５０"))
    assert "0から100" in field_error(response, "parent_ratio")
    assert field_error(response, "parent_name") == "入力してください。"
    response = submit(
        client,
        form_data(has_parent="on", parent_name="架空ホールディングス", parent_ratio="６０％"),
    )
    assert response.status_code == 302
    a = Application.objects.get()
    assert str(a.parent_ratio) == "60.00"
    assert a.quoted_tier == "regular"  # more than 50% owned by a parent: not SMB


def test_english_errors_when_chosen(client):
    agree(client)
    response = client.post("/apply/form/", form_data(legal_name=""), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert field_error(response, "legal_name")  # shown (English catalogue added later)


def test_tampered_posts_never_500(client):
    agree(client)
    for data in (
        {"category": "zzz"},
        {"industry": "999999"},
        {"recommender": "abc", "category": "expert"},
        {"prefecture": "火星"},
        {"bill_same": "nobody"},
    ):
        response = submit(client, form_data(**data))
        assert response.status_code == 200
    assert Application.objects.count() == 0


# ---------------------------------------------------------------- logos


def test_png_logo_is_kept_under_logos(client):
    agree(client)
    logo = SimpleUploadedFile("logo.svg", png(), content_type="image/svg+xml")  # name lies
    response = submit(client, form_data(), {"logo": logo})
    assert response.status_code == 302, errors(response)
    a = Application.objects.get()
    assert a.logo.name.startswith("logos/") and a.logo.name.endswith(".png")


# What the attacker uploaded: each passed the old SVG pattern list, or was HTML named .png.
ATTACK_SVGS = [
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect/></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:x="http://www.w3.org/1999/xlink">'
    b'<a x:href="java\tscript:alert(1)"><rect width="9" height="9"/></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><a><animate attributeName="href" '
    b'to="javascript:alert(1)"/><rect/></a></svg>',
    b'<svg xmlns="http://www.w3.org/2000/svg"><set attributeName="onclick" to="alert(1)"/></svg>',
    b'<?xml-stylesheet type="text/xsl" href="data:text/xsl,x"?><svg xmlns="http://www.w3.org/2000/svg"/>',
    b"<html><script>alert(document.cookie)</script></html>",
]


@pytest.mark.parametrize("content", ATTACK_SVGS)
def test_svg_and_html_logos_are_refused(client, content):
    agree(client)
    response = submit(client, form_data(), {"logo": SimpleUploadedFile("a.svg", content)})
    assert response.status_code == 200
    assert "PNG、JPEG、WebP" in field_error(response, "logo")
    assert Application.objects.count() == 0


def test_a_logo_is_stored_as_pixels_this_site_wrote(client):
    """Metadata and bytes after the image end (a polyglot's payload) do not survive."""
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    Image.new("RGBA", (40, 20), (0, 0, 128, 255)).save(buffer, "PNG", pnginfo=info)
    hostile = buffer.getvalue() + b"<script>alert(2)</script>"
    agree(client)
    response = submit(client, form_data(), {"logo": SimpleUploadedFile("l.png", hostile)})
    assert response.status_code == 302, errors(response)
    stored = Application.objects.get().logo.read()
    assert b"script" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert (image.format, image.size) == ("PNG", (40, 20))
        assert image.getpixel((0, 0)) == (0, 0, 128, 255)


@pytest.mark.parametrize(
    "content,message",
    [
        (b"GIF89a" + b"\x00" * 20, "PNG、JPEG、WebP"),
        (b"\x89PNG\r\n\x1a\n" + b"garbage", "読み取れません"),
        ("big", "4096"),
        (b"x" * (2 * 1024 * 1024 + 1), "2MB"),
    ],
)
def test_bad_logos_refused(client, content, message):
    if content == "big":
        content = png(5000, 10)
    agree(client)
    response = submit(client, form_data(), {"logo": SimpleUploadedFile("a.png", content)})
    assert response.status_code == 200
    assert message in field_error(response, "logo")


# ---------------------------------------------------------------- drafts and links


def _emailed_token():
    """The token of the last draft link e-mailed: it is issued as the e-mail goes out."""
    return emailed_link(DRAFT_LINK).rstrip("/").rsplit("/", 1)[1]


def test_draft_saved_with_partial_data_and_resumed_by_link(client):
    agree(client)
    response = client.post(
        "/apply/form/",
        {"category": "corporate", "legal_name": "架空商事株式会社",
         "applicant_email": "draft@example.jp", "action": "save"},
    )  # fmt: skip
    assert response.status_code == 302
    draft = Application.objects.get()
    assert draft.status == "draft" and draft.legal_name == "架空商事株式会社"
    token = _emailed_token()
    draft.refresh_from_db()
    assert draft.draft_token_hash and len(draft.draft_token_hash) == 64
    assert token not in draft.draft_token_hash  # only the hash is stored
    message = OutboxMessage.objects.get(template_key="application_draft_link")
    assert token not in str(message.context) and token not in message.subject

    other = client.__class__()
    response = other.get(f"/apply/draft/{token}/")
    assert response.status_code == 302 and response["Location"] == "/apply/form/"
    page = other.get("/apply/form/").content.decode()
    assert "架空商事株式会社" in page


def test_a_draft_reopens_with_its_people_and_who_shares_which_role(client):
    agree(client)
    data = form_data(action="save", prac_same="on", bill_same="rep", bill_cc="cc@example.jp")
    assert client.post("/apply/form/", data).status_code == 302
    people = Application.objects.get().contacts.all()
    assert len(people) == 2  # the legal representative and the member representative
    rep = people.get(is_member_representative=True)
    assert (rep.family_name, rep.email, rep.phone) == ("緑川", "hanako@example.jp", "03-1234-5678")
    assert rep.is_member_representative and rep.is_practical_contact and rep.is_billing_contact
    assert rep.cc_emails == ["cc@example.jp"]

    page = client.get("/apply/form/").content.decode()
    assert re.search(r'name="rep_family_name" value="緑川"', page)
    assert re.search(r'<input type="checkbox" name="prac_same"[^>]* checked', page)
    assert re.search(r'<option value="rep" selected>', page)
    assert re.search(r"<input [^>]*name=\"prac_family_name\"(?![^>]*value=)", page)  # empty
    assert "cc@example.jp</textarea>" in page


def test_a_role_held_by_another_section_is_not_read(client):
    """「会員代表者と同じ」: what is left in the hidden section neither blocks nor is saved."""
    agree(client)
    response = submit(
        client, form_data(prac_same="on", prac_family_name="消し忘れ", prac_email="bad@")
    )
    assert response.status_code == 302, errors(response)
    people = list(Application.objects.get().contacts.all())
    assert "消し忘れ" not in {p.family_name for p in people}
    assert [p.family_name for p in people if p.is_practical_contact] == ["緑川"]


def test_an_expert_names_only_themself(client):
    agree(client)
    response = submit(client, expert_data(legal_family_name="", bill_email="bad@"))
    assert response.status_code == 302, errors(response)
    (person,) = Application.objects.get().contacts.all()
    assert person.family_name == "黒田" and person.is_member_representative
    assert not (person.is_legal_representative or person.is_billing_contact)


def test_draft_save_needs_an_email(client):
    agree(client)
    response = client.post("/apply/form/", {"category": "corporate", "action": "save"})
    assert response.status_code == 200
    assert "メールアドレス" in field_error(response, "applicant_email")
    assert Application.objects.count() == 0


def test_second_save_keeps_the_link_and_sends_no_new_email(client):
    agree(client)
    data = {"category": "corporate", "applicant_email": "d@example.jp", "action": "save"}
    client.post("/apply/form/", data)
    client.post("/apply/form/", {**data, "legal_name": "変更後"})
    assert OutboxMessage.objects.filter(template_key="application_draft_link").count() == 1
    assert Application.objects.get().legal_name == "変更後"


def test_expired_link_explains_how_to_get_a_new_one(client):
    agree(client)
    client.post("/apply/form/", {"category": "corporate", "applicant_email": "d@example.jp",
                                 "action": "save"})  # fmt: skip
    token = _emailed_token()
    Application.objects.update(draft_token_expires_at=timezone.now() - datetime.timedelta(1))
    response = client.__class__().get(f"/apply/draft/{token}/")
    assert response.status_code == 410
    assert "有効期限が切れています" in response.content.decode()
    with pytest.raises(DraftLinkError):
        draft_from_token(token=token)


def test_link_opens_only_its_own_draft(client):
    agree(client)
    client.post("/apply/form/", {"category": "corporate", "applicant_email": "a@example.jp",
                                 "legal_name": "一社目", "action": "save"})  # fmt: skip
    token_a = _emailed_token()
    other = client.__class__()
    agree(other)
    other.post("/apply/form/", {"category": "corporate", "applicant_email": "b@example.jp",
                                "legal_name": "二社目", "action": "save"})  # fmt: skip
    token_b = _emailed_token()
    assert token_a != token_b
    assert draft_from_token(token=token_a).legal_name == "一社目"
    assert draft_from_token(token=token_b).legal_name == "二社目"
    response = client.__class__().get(f"/apply/draft/{token_a[:-2]}xx/")
    assert response.status_code == 404
    assert "このリンクは無効です" in response.content.decode()


def test_new_link_request_invalidates_the_old_one(client):
    agree(client)
    client.post("/apply/form/", {"category": "corporate", "applicant_email": "a@example.jp",
                                 "action": "save"})  # fmt: skip
    old = _emailed_token()
    response = client.post("/apply/draft/", {"email": "a@example.jp"})
    assert "新しいリンクをお送りしました" in response.content.decode()
    new = _emailed_token()
    assert new != old
    with pytest.raises(DraftLinkError):
        draft_from_token(token=old)
    assert draft_from_token(token=new)
    # An unknown address gets the same answer and no e-mail.
    count = OutboxMessage.objects.count()
    response = client.post("/apply/draft/", {"email": "nobody@example.jp"})
    assert "新しいリンクをお送りしました" in response.content.decode()
    assert OutboxMessage.objects.count() == count
    assert application_send_draft_link(email="nobody@example.jp") is False


def test_submitted_application_link_no_longer_works(client):
    agree(client)
    client.post("/apply/form/", form_data(action="save"))
    token = _emailed_token()
    assert client.post("/apply/form/", form_data()).status_code == 302
    assert client.__class__().get(f"/apply/draft/{token}/").status_code == 404


# ---------------------------------------------------------------- duplicates


def _answer(response) -> tuple:
    """What an applicant sees after submitting: where they are sent and the page there."""
    return response.status_code, response["Location"]


@pytest.mark.parametrize("who", ["listed member", "unlisted member", "applying", "nobody"])
def test_the_answer_never_reveals_whether_a_company_is_a_member_or_applying(client, who):
    """The same answer for any corporate number; the secretariat sees the match."""
    from members.models import MemberListing

    number = corporate_number()
    if who.endswith("member"):
        organisation = OrganisationFactory(corporate_number=number, member_number="AIGA-0099")
        MembershipFactory(organisation=organisation)
        MemberListing.objects.create(
            organisation=organisation,
            display_name=organisation.legal_name,
            is_listed=who == "listed member",
            listed_at=timezone.now() if who == "listed member" else None,
        )
    if who == "applying":
        first = client.__class__()
        agree(first)
        assert submit(first, form_data()).status_code == 302
    OutboxMessage.objects.all().delete()

    agree(client)
    response = submit(client, form_data())
    assert _answer(response) == (302, "/apply/done/")
    done = client.get("/apply/done/").content.decode()
    assert "既に" not in done and "会員です" not in done
    application = Application.objects.order_by("-pk").first()
    assert application.status == "submitted"
    # The applicant's copy is the ordinary one; the office's copy too.
    assert OutboxMessage.objects.count() == 2
    assert not any("既に会員" in str(m.context) for m in OutboxMessage.objects.all())
    if who.endswith("member"):
        assert application.duplicate_of_organisation.member_number == "AIGA-0099"
    elif who == "applying":
        assert application.duplicate_of_application == Application.objects.order_by("pk").first()
    else:
        assert not application.possible_duplicate


def test_two_applications_for_one_company_at_once_are_both_received(client):
    """No unique constraint to trip: the second is received and flagged, not a 500."""
    agree(client)
    assert submit(client, form_data()).status_code == 302
    other = client.__class__()
    agree(other)
    assert submit(other, form_data()).status_code == 302
    first, second = Application.objects.order_by("pk")
    assert second.duplicate_of_application == first and not first.possible_duplicate


def test_the_secretariat_sees_the_possible_duplicate(client):
    organisation = OrganisationFactory(
        corporate_number=corporate_number(), member_number="AIGA-0099"
    )
    MembershipFactory(organisation=organisation)
    agree(client)
    submit(client, form_data())
    application = Application.objects.get()
    staff = client.__class__()
    staff.force_login(UserFactory(groups=["Secretariat"]))
    page = staff.get(f"/admin/admissions/applicationreview/{application.pk}/change/")
    html = page.content.decode()
    assert 'id="possible-duplicate"' in html and "AIGA-0099" in html
    plain = client.__class__()
    agree(plain)
    submit(plain, form_data(corporate_number=corporate_number("701040108998")))
    unflagged = Application.objects.exclude(pk=application.pk).get()
    listing = staff.get("/admin/admissions/applicationreview/?duplicate=yes").content.decode()
    assert f"/admin/admissions/applicationreview/{application.pk}/change/" in listing
    assert f"/admin/admissions/applicationreview/{unflagged.pk}/change/" not in listing


def test_ended_member_may_apply_again(client):
    organisation = OrganisationFactory(corporate_number=corporate_number())
    MembershipFactory(
        organisation=organisation,
        status=Membership.Status.ENDED,
        end_date=datetime.date(2025, 12, 31),
    )
    agree(client)
    assert submit(client, form_data()).status_code == 302


def test_withdrawn_application_does_not_block(client):
    agree(client)
    submit(client, form_data())
    first = Application.objects.get()
    application_withdraw(application_id=first.pk, actor=None, actor_groups=["applicant"])
    other = client.__class__()
    agree(other)
    assert submit(other, form_data()).status_code == 302


# ---------------------------------------------------------------- the generic transition


def test_transition_service_checks_table_and_audits(client):
    agree(client)
    submit(client, form_data())
    a = Application.objects.get()
    with pytest.raises(TransitionError):
        application_transition(
            application_id=a.pk, action="approve", actor=None, actor_groups=["Board"]
        )
    a.refresh_from_db()
    assert a.status == "submitted"
    application_transition(
        application_id=a.pk, action="forward_to_board", actor=None, actor_groups=["Secretariat"]
    )
    a.refresh_from_db()
    assert a.status == "with_board"
    entry = AuditEntry.objects.filter(action="application.forward_to_board").get()
    assert (entry.from_state, entry.to_state) == ("submitted", "with_board")


# ---------------------------------------------------------------- live quote and postal


def test_live_quote_decides_the_tier(client):
    response = client.post("/apply/quote/", {"category": "corporate", "share_capital": "５億"})
    assert response.status_code == 200
    assert 'data-tier="regular"' in response.content.decode()  # as /membership/ reads it
    response = client.post("/apply/quote/", {"category": "corporate", "share_capital": "五億"})
    assert "円単位" in response.content.decode()
    response = client.post(
        "/apply/quote/", {"category": "corporate", "share_capital": "５００，０００，０００"}
    )
    assert 'data-tier="regular"' in response.content.decode()
    response = client.post("/apply/quote/", {"category": "corporate", "share_capital": "1000万"})
    assert 'data-tier="smb"' in response.content.decode()  # ¥10,000,000
    response = client.post(
        "/apply/quote/", {"category": "corporate", "share_capital": "10000000", "tier": "regular"}
    )
    assert 'data-tier="smb"' in response.content.decode()  # a posted tier is ignored


def test_an_expert_sees_that_there_is_nothing_to_pay(client):
    html = client.post("/apply/quote/", {"category": "expert"}).content.decode()
    assert "有識者会員には会費はかかりません" in html
    assert "上期" not in html and "下期" not in html and "¥" not in html


def test_postal_json(client):
    response = client.get("/apply/postal/", {"code": "１０４－００６１"})
    assert response.json()["city"] == "中央区"
    assert client.get("/apply/postal/", {"code": "999"}).status_code == 404


def test_link_requests_are_rate_limited(client, monkeypatch):
    # The limit counts per minute window: the clock stands still, so the eleven requests
    # cannot fall into two windows on a slow machine.
    import django_ratelimit.core

    now = django_ratelimit.core.time.time()
    monkeypatch.setattr(django_ratelimit.core.time, "time", lambda: now)
    for _ in range(10):
        assert client.post("/apply/draft/", {"email": "x@example.jp"}).status_code == 200
    assert client.post("/apply/draft/", {"email": "x@example.jp"}).status_code == 429


def test_english_applicant_sees_english_document_titles_and_agrees_to_the_same_versions(client):
    from members.admissions.models import AgreementDocument

    client.post("/i18n/setlang/", {"language": "en", "next": "/apply/"})
    html = client.get("/apply/").content.decode()
    assert "Articles of association" in html
    assert "Pledge to exclude anti-social forces" in html
    assert "the Japanese documents are binding" in html
    assert AgreementDocument.objects.get(kind="articles", version="1.0").title == "定款"


# ---------------------------------------------------------------- experts


def test_an_expert_gives_affiliation_and_title(client):
    agree(client)
    data = expert_data(affiliation="架空大学 情報学研究科", rep_title="教授", legal_name="消し忘れ")
    response = submit(client, data)
    assert response.status_code == 302, errors(response)
    application = Application.objects.get()
    assert application.legal_name == "架空大学 情報学研究科"
    assert application.contacts.get().title == "教授"
    assert application.display_name == "黒田 直子"


def test_the_experts_checkbox_says_what_its_error_says(client):
    agree(client)
    page = client.get("/apply/form/").content.decode()
    assert "申込内容が事実であることを表明します" in page
    data = expert_data()
    del data["authorised"]
    response = submit(client, data)
    assert "申込内容が事実であることの表明が必要です" in field_error(response, "authorised")


def test_the_secretariat_reviews_an_expert_as_a_person(client):
    agree(client)
    submit(client, expert_data(affiliation="架空大学"))
    application = Application.objects.get()
    staff = client.__class__()
    staff.force_login(UserFactory(groups=["Secretariat"]))
    html = staff.get(f"/admin/admissions/applicationreview/{application.pk}/change/")
    html = html.content.decode()
    assert "架空大学（）" not in html and "黒田 直子" in html
    options = re.findall(
        r'<option value="(\w+)"', html.split('name="kind"')[1].split("</select>")[0]
    )
    assert options == ["antisocial", "recommender"]
