"""Values in the admin as people read them: an invoice's source names the application it
came from, with a link; an audit entry its action and its status change in words."""

import re

import pytest

from aiga.admin import readable_lines
from aiga.audit import action_label, audit_log, state_label
from aiga.models import AuditEntry
from billing.sources import source_describe
from members.admissions.models import Application
from tests.billing.invoice_helpers import issue
from tests.factories import OrganisationFactory
from tests.members.admissions.board_helpers import ApplicationFactory, secretariat

pytestmark = pytest.mark.django_db


def test_an_application_source_reads_as_the_application():
    application = ApplicationFactory()
    label, url = source_describe(f"application:{application.pk}")
    assert label == f"入会申込 APP-{application.pk:05d}"
    assert url == f"/admin/admissions/application/{application.pk}/change/"


@pytest.mark.parametrize("key", ["application:999999", "demo:bank-2025", "", "nobody:3"])
def test_an_unknown_source_stays_as_it_is(key):
    assert source_describe(key) == (key, "")


def test_the_invoice_page_links_its_source(client):
    application = ApplicationFactory()
    invoice = issue(OrganisationFactory(), source_key=f"application:{application.pk}")
    client.force_login(secretariat())
    page = client.get(f"/admin/billing/invoice/{invoice.pk}/change/").content.decode()
    assert f"入会申込 APP-{application.pk:05d}" in page
    assert f"application:{application.pk}" not in page
    assert client.get(f"/admin/admissions/application/{application.pk}/change/").status_code == 200


def test_actions_and_states_in_words():
    assert action_label("invoice.sent") == "請求書の送付"
    assert (
        action_label("onboarding.mailing_list.failed")
        == "入会手続: メーリングリストへの登録（失敗）"
    )
    assert action_label("organisation.admin_change") == "organisation.admin_change"
    from members.models import Organisation

    assert action_label("organisation.admin_change", Organisation) == "会員組織の変更（管理画面）"
    assert action_label("something.new") == "something.new"  # unknown: the code, not a blank
    assert state_label("with_board", Application) == "理事会審査中"
    assert state_label("done", Application, "onboarding.member_number") == "完了"
    assert state_label("nonsense", Application) == "nonsense"


def test_the_audit_list_shows_words(client):
    application = ApplicationFactory()
    audit_log(
        actor=None,
        action="application.reject",
        target=application,
        from_state="with_board",
        to_state="rejected",
    )
    client.force_login(secretariat())
    page = re.sub(r"<[^>]+>", " ", client.get("/admin/aiga/auditentry/").content.decode())
    assert "入会不承認" in page
    assert "with_board" not in page and "application.reject" not in page
    entry = AuditEntry.objects.get(action="application.reject")
    detail = client.get(f"/admin/aiga/auditentry/{entry.pk}/change/").content.decode()
    assert "理事会審査中 → 不承認" in detail


def test_lists_read_one_a_line():
    assert str(readable_lines(["a@example.jp", "b@example.jp"])) == "a@example.jp<br>b@example.jp"
    assert str(readable_lines({"to": ["a@example.jp"], "cc": []})) == "to: a@example.jp<br>cc: -"
    assert readable_lines([]) == "-"
