"""Membership certificates: issued to a member only, in its language, with a code of at
least 128 bits; /verify/<code>/ says whether it is genuine and the company a member today,
and nothing else."""

import datetime
import re
import subprocess

import pytest
from django.core.cache import cache
from django.test import override_settings

from aiga.models import AuditEntry
from members.models import Membership, MembershipCertificate
from members.services.certificates import CertificateError, certificate_issue
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, member_user

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 12, 3)


@pytest.fixture
def member():
    organisation = OrganisationFactory(
        legal_name="みらいAIラボ株式会社", name_en="Mirai AI Lab Inc.", member_number="AIGA-0901"
    )
    MembershipFactory(organisation=organisation, admission_date=datetime.date(2024, 10, 15))
    ContactFactory(organisation=organisation, email="secret-person@mirai.example.jp")
    return organisation


def _text(certificate, tmp_path) -> str:
    path = tmp_path / "c.pdf"
    path.write_bytes(certificate.pdf.read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout
    return text.replace(" ", "").replace("\n", "")


def test_a_japanese_certificate_says_what_it_certifies(member, tmp_path):
    certificate = certificate_issue(organisation=member, language="ja", actor=None, today=TODAY)
    assert len(certificate.code) >= 22  # token_urlsafe(16) is 22 characters: 128 bits
    text = _text(certificate, tmp_path)
    for words in (
        "会員証明書",
        "みらいAIラボ株式会社",
        "AIGA-0901",
        "正会員（通常枠）",
        "2024年10月15日",
        "上記の者が当協会の会員であることを証明します。",
        "2026年12月3日",
        "一般社団法人AIガバナンス協会",
        f"/verify/{certificate.code}/",
    ):
        assert words in text, words
    assert AuditEntry.objects.filter(action="certificate.issue").count() == 1


def test_an_english_certificate_is_written_in_english(member, tmp_path):
    certificate = certificate_issue(organisation=member, language="en", actor=None, today=TODAY)
    text = _text(certificate, tmp_path)
    assert "MiraiAILabInc." in text
    assert "15October2024" in text and "3December2026" in text
    assert "AIGovernanceAssociation" in text
    assert "みらいAIラボ" not in text


def test_codes_are_unguessable_and_distinct(member):
    codes = {
        certificate_issue(organisation=member, language="ja", actor=None, today=TODAY).code
        for _ in range(3)
    }
    assert len(codes) == 3
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{32}", code) for code in codes)


def test_no_certificate_for_a_company_that_is_not_a_member():
    organisation = OrganisationFactory()
    with pytest.raises(CertificateError):
        certificate_issue(organisation=organisation, language="ja", actor=None, today=TODAY)
    ended = OrganisationFactory()
    MembershipFactory(
        organisation=ended,
        admission_date=datetime.date(2024, 10, 1),
        end_date=datetime.date(2026, 9, 30),
        status=Membership.Status.ENDED,
    )
    with pytest.raises(CertificateError):
        certificate_issue(organisation=ended, language="ja", actor=None, today=TODAY)
    assert not MembershipCertificate.objects.exists()


def test_the_member_issues_one_from_the_portal_and_only_sees_its_own(client, member):
    client.force_login(member_user(member))
    assert "会員証明書を発行" in client.get("/portal/certificate/").content.decode()
    response = client.post("/portal/certificate/", {"language": "en"})
    certificate = MembershipCertificate.objects.get()
    assert response["Location"] == "/portal/certificate/"
    listed = client.get("/portal/certificate/").content.decode()
    assert f"/portal/certificate/{certificate.pk}/pdf/" in listed and "発行しました" in listed
    body = b"".join(client.get(f"/portal/certificate/{certificate.pk}/pdf/").streaming_content)
    assert body.startswith(b"%PDF")
    # A bad language is a field error, not a certificate.
    assert client.post("/portal/certificate/", {"language": "fr"}).status_code == 400
    assert MembershipCertificate.objects.count() == 1
    # Another company's member finds nothing of it.
    client.force_login(member_user(OrganisationFactory()))
    assert client.get(f"/portal/certificate/{certificate.pk}/pdf/").status_code == 404
    assert member.legal_name not in client.get("/portal/certificate/").content.decode()


def _main(html: str) -> str:
    return html.split("<main", 1)[-1].split("</main>", 1)[0]


def test_the_verification_page_says_genuine_and_member_today_and_nothing_else(client, member):
    certificate = certificate_issue(organisation=member, language="ja", actor=None, today=TODAY)
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "この会員証明書は当協会が発行したものです。" in html
    assert "本日現在、当協会の会員です。" in html
    assert "みらいAIラボ株式会社" in html and "2026年12月3日" in html
    for secret in ("secret-person@mirai.example.jp", "AIGA-0901", "正会員", "¥", "円"):
        assert secret not in _main(html), secret


def test_a_former_member_s_certificate_is_genuine_but_not_a_member_today(client, member):
    certificate = certificate_issue(organisation=member, language="ja", actor=None, today=TODAY)
    membership = member.memberships.get()
    membership.end_date = datetime.date(2026, 12, 1)
    membership.status = Membership.Status.ENDED
    membership.save()
    html = client.get(f"/verify/{certificate.code}/").content.decode()
    assert "この会員証明書は当協会が発行したものです。" in html
    assert "本日現在、当協会の会員ではありません。" in html


def test_an_unknown_code_gets_the_same_shape_and_nothing_else(client, member):
    certificate = certificate_issue(organisation=member, language="ja", actor=None, today=TODAY)
    known = client.get(f"/verify/{certificate.code}/")
    unknown = client.get("/verify/" + "A" * 32 + "/")
    assert unknown.status_code == known.status_code == 200
    html = unknown.content.decode()
    assert "確認できませんでした" in html
    assert "みらいAIラボ" not in html and "発行したものです" not in html
    # The same page, but for the lines that describe the certificate.
    shape = lambda h: re.sub(r"<(dl|p)[^>]*>.*?</\1>", "", _main(h), flags=re.S)  # noqa: E731
    assert shape(html).replace(" ", "") == shape(known.content.decode()).replace(" ", "")


@override_settings(RATELIMIT_ENABLE=True)
def test_the_verification_page_is_rate_limited(client, member, monkeypatch):
    # The limit counts per minute window: the clock stands still, so the requests cannot
    # fall into two windows on a slow machine.
    import django_ratelimit.core

    now = django_ratelimit.core.time.time()
    monkeypatch.setattr(django_ratelimit.core.time, "time", lambda: now)
    cache.clear()
    for _ in range(20):
        assert client.get("/verify/nothing/").status_code == 200
    limited = client.get("/verify/nothing/")
    assert limited.status_code == 429
    assert "確認できませんでした" in limited.content.decode()
    cache.clear()
