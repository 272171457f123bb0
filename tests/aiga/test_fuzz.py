"""Property-based tests (hypothesis): whatever is typed into a public form or endpoint, or
into the admin's payment form, the answer is never a server error and nothing is left
half-written.

Each example replaces a few fields of a valid submission with hostile values (NUL bytes,
huge and negative numbers, full-width digits, very long strings, unicode oddities, dates
like 9999-12-31, empty values, several values for one field) and checks the status and
what the database holds. Each runs in a savepoint that is rolled back, with the cache
(the rate limits' counters) cleared, so every example meets the real form from the same
state. The module ends by printing how many inputs it tried and how many server errors it
saw, for CI's log.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from contextlib import contextmanager
from urllib.parse import quote, urlsplit

import pytest
from axes.models import AccessAttempt
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from aiga.models import AuditEntry, OutboxMessage
from billing.models import Estimate, Invoice, Payment
from members.admissions.models import Application, ApplicationContact
from members.admissions.selectors.applications import current_documents
from members.models import User
from tests.billing.invoice_helpers import issue
from tests.factories import ContactFactory, OrganisationFactory, UserFactory
from tests.members.admissions.apply_helpers import form_data

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=25,
    deadline=None,
    database=None,  # nothing written into the work tree
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

TRIED = {"inputs": 0, "server_errors": 0}
ANSWERS: Counter[int] = Counter()


@pytest.fixture(scope="module", autouse=True)
def _report(pytestconfig):
    yield
    line = (
        f"fuzz: {TRIED['inputs']} inputs tried on the public forms and endpoints and the "
        f"admin's payment form; {TRIED['server_errors']} server errors (answers: "
        + ", ".join(f"{status}×{n}" for status, n in sorted(ANSWERS.items()))
        + ")"
    )
    # What capsys.disabled() does, for a fixture of the whole module.
    with pytestconfig.pluginmanager.get_plugin("capturemanager").global_and_fixture_disabled():
        print(f"\n{line}")


# ------------------------------------------------------------------ hostile values

FULL_WIDTH = str.maketrans("0123456789-,.", "０１２３４５６７８９－，．")

ODDITIES = [
    "",
    " ",
    "\u3000",
    "\x00",
    "a\x00b",
    "\x00" * 10,
    "\ufeff",  # byte-order mark
    "\u202eevil",  # right-to-left override
    "\u200b\u200d",  # zero-width space and joiner
    "e\u0301" * 20,  # combining accents
    "𠮷野家",  # outside the BMP
    "👨‍👩‍👧‍👦",
    "ﷺ",  # one character NFKC makes eighteen
    "Ⅻ①㍻²",
    "١٢٣٤٥",  # Arabic-Indic digits
    "<script>alert(1)</script>",
    "' OR 1=1 --",
    '=HYPERLINK("http://x")',
    "%00",
    "\r\n\r\n",
    "\\",
    "あ" * 51,
    "あ" * 101,
    "a" * 255,
    "x" * 5000,
    "ｶﾌﾞｼｷｶﾞｲｼｬ",
    "noreply@example.jp",
    "ａｂｃ＠ｅｘａｍｐｌｅ．ｊｐ",
    "a@b",
    "@",
    "a@" + "b" * 300 + ".jp",
]
NUMBERS = [
    "0",
    "-1",
    "-0",
    "1e309",
    "1e-999999999",
    "NaN",
    "Infinity",
    "0x10",
    "1.5",
    str(2**63),
    str(2**63 - 1),
    str(10**15),
    str(10**15 + 1),
    str(10**30),
    "9" * 5000,
    "0" * 5000 + "1",
    "5億",
    "１億２０００万",
    "99999999999999999999兆",
    "1兆9999億9999万9999",
    "¥1,000,000",
    "－100",
]
DATES = [
    "9999-12-31",
    "0000-01-01",
    "0001-01-01",
    "abc",
    "2026-02-29",
    "2026-02-30",
    "2026-13-01",
    "99999-01-01",
    "-2026-01-01",
    "２０２６－０４－０１",
    "2026/4/1",
    "1999-12-31",
    "2100-01-01",
]

texts = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), min_size=1, max_size=20).map(lambda t: t * 30),
    st.sampled_from(ODDITIES + NUMBERS + DATES),
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.integers(min_value=0, max_value=10**20).map(lambda n: f"{n:,}".translate(FULL_WIDTH)),
    st.dates().map(datetime.date.isoformat),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
)
# A field sent several times is a list of values.
values = st.one_of(texts, texts, texts, st.lists(texts, min_size=2, max_size=3))


def changes(fields, *, max_size=3):
    """A few of the form's fields (or an unknown one), each given a hostile value."""
    names = st.one_of(st.sampled_from(sorted(fields)), st.text(min_size=1, max_size=10))
    return st.dictionaries(names, values, min_size=1, max_size=max_size)


# ------------------------------------------------------------------ checks


@contextmanager
def isolated():
    """One example: a rolled-back savepoint and empty rate-limit counters."""
    cache.clear()
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def answered(response):
    TRIED["inputs"] += 1
    ANSWERS[response.status_code] += 1
    if response.status_code >= 500:
        TRIED["server_errors"] += 1
    assert response.status_code < 500, response.content[:2000]
    return response


def counts(*models) -> tuple[int, ...]:
    return tuple(model.objects.count() for model in models)


def client() -> Client:
    return Client(raise_request_exception=False)


# ------------------------------------------------------------------ the joining flow


def _document_fields() -> dict:
    return {f"doc_{document.pk}": "on" for document in current_documents()}


def _agreed_client() -> Client:
    visitor = client()
    response = visitor.post("/apply/", {**_document_fields(), "agreed_by_name": "緑川 花子"})
    assert response.status_code == 302 and response["Location"] == "/apply/form/"
    return visitor


def test_agreements():
    base = {**_document_fields(), "agreed_by_name": "緑川 花子"}

    @FUZZ
    @given(changed=changes(set(base)))
    def run(changed):
        with isolated():
            response = answered(client().post("/apply/", {**base, **changed}))
            assert response.status_code in (200, 302)

    run()


APPLICATION_ROWS = (Application, ApplicationContact, OutboxMessage, AuditEntry)


def test_application_form():
    base = form_data()
    fields = set(base) | {"has_parent", "capital_kind", "recommender", "expert_profile"}
    logos = st.binary(max_size=2048).map(lambda b: SimpleUploadedFile("logo.png", b))

    @FUZZ
    @given(changed=changes(fields), logo=st.none() | logos)
    @example(changed={"share_capital": str(2**63)}, logo=None)
    @example(changed={"rep_family_name": "あ" * 51, "bill_given_name": "a" * 100}, logo=None)
    @example(changed={"legal_name": "架空\x00株式会社", "bill_cc": "a\x00@example.jp"}, logo=None)
    def run(changed, logo):
        with isolated():
            visitor = _agreed_client()
            before = counts(*APPLICATION_ROWS)
            data = {**base, **changed}
            if logo is not None:
                data["logo"] = logo
            response = answered(visitor.post("/apply/form/", data))
            after = counts(*APPLICATION_ROWS)
            if response.status_code == 302 and response["Location"] == "/apply/done/":
                application = Application.objects.latest("pk")
                assert application.status == Application.Status.SUBMITTED
                assert application.contacts.exists()
                assert after[0] == before[0] + 1
            elif response.status_code == 302 and response["Location"] == "/apply/form/":
                assert after[0] == before[0] + 1  # a draft, saved whole
                assert Application.objects.latest("pk").applicant_email
            else:
                assert after == before, (response.status_code, changed)

    run()


def test_live_quote():
    base = {"category": "corporate", "capital_kind": "plain", "share_capital": "5億"}
    fields = set(base) | {"has_parent", "parent_ratio"}

    @FUZZ
    @given(changed=changes(fields))
    @example(changed={"share_capital": str(2**63)})
    def run(changed):
        with isolated():
            answered(client().post("/apply/quote/", {**base, **changed}))

    run()


def test_postal_lookup():
    @FUZZ
    @given(changed=changes({"code"}, max_size=2))
    def run(changed):
        with isolated():
            response = answered(client().get("/apply/postal/", changed))
            assert response.status_code in (200, 404)

    run()


def test_draft_link_request():
    @FUZZ
    @given(changed=changes({"email"}, max_size=2))
    @example(changed={"email": "hanako\x00@example.jp"})
    def run(changed):
        with isolated():
            before = counts(OutboxMessage, AuditEntry)
            response = answered(client().post("/apply/draft/", changed))
            assert response.status_code == 200
            assert counts(OutboxMessage, AuditEntry) == before  # nobody has a draft

    run()


def test_draft_link():
    @FUZZ
    @given(token=texts.filter(bool))
    @example(token="\x00")
    def run(token):
        with isolated():
            response = answered(client().get(f"/apply/draft/{quote(token, safe='')}/"))
            assert response.status_code in (302, 404, 410)

    run()


# ------------------------------------------------------------------ the fee calculator

QUOTE = {"category": "corporate", "capital_kind": "plain", "capital": "300000000"}
QUOTE_FIELDS = set(QUOTE) | {"parent_ratio", "date"}


@pytest.mark.parametrize(
    "method,url",
    [
        ("get", "/membership/"),
        ("post", "/membership/"),
        ("get", "/billing/quote/"),
        ("get", "/billing/quote/fragment/"),
    ],
)
def test_fee_calculator(method, url):
    @FUZZ
    @given(changed=changes(QUOTE_FIELDS))
    @example(changed={"date": "9999-12-31"})
    @example(changed={"capital": str(2**63)})
    def run(changed):
        with isolated():
            response = answered(getattr(client(), method)(url, {**QUOTE, **changed}))
            assert response.status_code in (200, 400)

    run()


def test_estimate_pdf(issuer):
    # An admission date ahead of today (a past one is refused), so that valid examples
    # render a PDF.
    ahead = datetime.date.today() + datetime.timedelta(days=60)
    base = {**QUOTE, "date": ahead.isoformat(), "company": "株式会社サンプル"}

    @settings(FUZZ, max_examples=15)  # each valid one renders a PDF
    @given(changed=changes(QUOTE_FIELDS | {"company"}))
    @example(changed={"date": "9999-12-31"})
    @example(changed={"company": "株式会社\x00サンプル"})
    def run(changed):
        with isolated():
            response = answered(client().get("/billing/estimate.pdf", {**base, **changed}))
            assert response.status_code in (200, 400)
            if response.status_code == 200:
                assert response.content.startswith(b"%PDF")
            # A PDF handed out is a numbered row; a refused request leaves none.
            assert Estimate.objects.count() == (1 if response.status_code == 200 else 0)

    run()


# ------------------------------------------------------------------ accounts


def test_login():
    UserFactory(email="owner@example.jp")
    base = {"username": "owner@example.jp", "password": "not-the-password"}

    @FUZZ
    @given(changed=changes(set(base)))
    @example(changed={"username": "0" * 270})
    def run(changed):
        with isolated():
            response = answered(client().post("/accounts/login/", {**base, **changed}))
            assert response.status_code in (200, 302, 429)
            assert not User.objects.filter(last_login__isnull=False).exists()
            assert AccessAttempt.objects.count() <= 1

    run()


def test_password_reset():
    UserFactory(email="owner@example.jp")

    @FUZZ
    @given(changed=changes({"email"}, max_size=2))
    def run(changed):
        with isolated():
            answered(client().post("/accounts/password_reset/", changed))

    run()


def test_language_switch():
    base = {"language": "en", "next": "/membership/"}

    @FUZZ
    @given(changed=changes(set(base)))
    def run(changed):
        with isolated():
            response = answered(client().post("/i18n/setlang/", {**base, **changed}))
            assert response.status_code in (200, 204, 302)
            if response.status_code == 302:
                assert urlsplit(response["Location"]).netloc in ("", "testserver")  # this site

    run()


# ------------------------------------------------------------------ the admin's payment form


def test_admin_payment_form(issuer):
    organisation = OrganisationFactory(legal_name="みらいAIラボ株式会社")
    ContactFactory(organisation=organisation, email="keiri@example.jp", is_billing_contact=True)
    invoice = issue(organisation)
    clerk = UserFactory(groups=["Secretariat"])
    url = f"/admin/billing/invoice/{invoice.pk}/payment/"
    base = {
        "paid_on": "2026-05-20",
        "amount": "350000",
        "payer_name": "ミライエーアイラボ",
        "method": "bank_transfer",
        "note": "",
    }

    @FUZZ
    @given(changed=changes(set(base)))
    @example(changed={"amount": str(10**30)})
    @example(changed={"paid_on": "9999-12-31", "note": "\x00"})
    def run(changed):
        with isolated():
            secretariat = client()
            secretariat.force_login(clerk)
            before = counts(Payment, AuditEntry)
            response = answered(secretariat.post(url, {**base, **changed}))
            assert response.status_code in (200, 302)
            payments, audits = counts(Payment, AuditEntry)
            status = Invoice.objects.get(pk=invoice.pk).status
            if response.status_code == 302:
                payment = Payment.objects.latest("pk")
                assert payments == before[0] + 1 and audits > before[1]
                assert 1 <= payment.amount <= 10**15
            else:
                assert (payments, audits) == before, changed
                assert status == Invoice.Status.ISSUED
                assert re.search(r"errorlist|errornote", response.content.decode())

    run()
