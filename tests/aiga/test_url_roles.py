"""Every URL the site routes, asked by every role, gives the answer decided for it here:
the page (200), a redirect to log in, refused (403), not found (404), or not this method
(405). Another company's ids answer 404 and its name never appears to a member.

A new URL has no rule until someone writes one below: the test fails and names it. The
admin's URLs follow the access decided for each model in ADMIN_ACCESS."""

from __future__ import annotations

import datetime
import io
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.test import RequestFactory
from django.urls import URLPattern, URLResolver, get_resolver
from PIL import Image

from members.admissions.models import AgendaItem, AgreementDocument
from members.models import BoardMeeting, MemberListing, Organisation, OrganisationDocument, User
from navi.models import NaviAnswer, NaviAssessment, NaviVersion
from tests.helpers import force_login_verified

ROLES = ("anon", "member", "board", "secretariat")
USERS = {
    "member": "member-bank@example.jp",
    "board": "riji@example.jp",
    "secretariat": "jimukyoku@example.jp",
}
NAVI_FIXTURE = Path(__file__).parent.parent / "navi" / "fixtures" / "ver9.0.yaml"
OTHER = "合同会社ことのはデータ"  # a member that is not on the public list

# What each answer means: a status, or "login" (302 to a log-in page).
L, R = "login", 302  # R: a redirect that is not to log in
A = (200, 200, 200, 200)  # public

# route → (anonymous, member, board, secretariat), with the route's ids filled from PARAMS.
# For ids the member is given another company's; `own` rows give the member their own.
RULES: dict[str, tuple] = {
    "": A,
    "healthz": A,
    "favicon.ico": (R, R, R, R),  # to the vendored static file
    "i18n/setlang/": (R, R, R, R),
    "accounts/login/": (200, R, R, R),
    # The admin's log-in, routed by the register (where each role lands); staff go in.
    "admin/login/": (200, 200, 200, R),
    "accounts/roles/": (L, 200, 200, 200),  # the pages of the roles held, to choose from
    "accounts/logout/": (405, 405, 405, 405),
    "accounts/password_change/": (L, 200, 200, 200),
    "accounts/password_change/done/": (L, 200, 200, 200),
    "accounts/password_reset/": A,
    "accounts/password_reset/done/": A,
    "accounts/reset/<uidb64>/<token>/": A,  # an invalid link says so
    "accounts/reset/done/": A,
    # The second factor: the code after the password (a verified session goes on where it
    # works; the member, with no authenticator, to set one up); its set-up or management
    # page; the password again before a staff account is changed.
    "accounts/two-factor/": (L, R, R, R),
    "accounts/two-factor/setup/": (L, 200, 200, 200),
    "accounts/reauthenticate/": (L, 200, 200, 200),
    "portal/": (L, 200, 403, 403),
    "portal/documents/<int:pk>/": (L, 404, 403, 403),
    "portal/invitation/<str:token>/": (410, 410, 410, 410),  # used, expired or unknown alike
    "members/": A,
    # A private file attached to a record, for whoever may view the record in the admin.
    "admin/files/<str:app_label>/<str:model_name>/<str:pk>/<str:field>/": (L, L, L, 200),
    "members/logo/<int:pk>/": A,
    "portal/billing/": (L, 200, 403, 403),
    "portal/billing/<int:pk>/pdf/": (L, 404, 403, 403),
    # The company's own details, 変更届, people, settings and logo (issue 28, self-service).
    "portal/profile/": (L, 200, 403, 403),
    "portal/profile/notices/new/": (L, 200, 403, 403),
    "portal/profile/notices/<int:pk>/": (L, 404, 403, 403),
    "portal/profile/notices/<int:pk>/withdraw/": (L, 405, 403, 403),  # a form's POST
    "portal/profile/notices/<int:pk>/document/": (L, 404, 403, 403),
    "portal/profile/people/": (L, 200, 403, 403),
    "portal/profile/people/new/": (L, 200, 403, 403),
    "portal/profile/people/<int:pk>/": (L, 404, 403, 403),
    "portal/profile/people/<int:pk>/deactivate/": (L, 405, 403, 403),
    "portal/profile/people/<int:pk>/invite/": (L, 405, 403, 403),
    "portal/profile/settings/": (L, 200, 403, 403),
    "portal/profile/logo/": (L, 200, 403, 403),
    "portal/profile/logo/current/": (L, 200, 403, 403),
    "portal/profile/logo/pending/": (L, 404, 403, 403),  # none waiting
    "portal/billing/<int:pk>/receipt/": (L, 404, 403, 403),  # another company's invoice
    "portal/certificate/": (L, 200, 403, 403),
    "portal/certificate/<int:pk>/pdf/": (L, 404, 403, 403),  # another company's certificate
    "portal/withdrawal/": (L, 200, 403, 403),
    "portal/withdrawal/<int:pk>/cancel/": (405, 405, 405, 405),  # a form's POST only
    "verify/<str:code>/": A,  # a code nobody was given: 「確認できませんでした」
    "portal/admissions/": (L, 200, 403, 403),
    "portal/admissions/accept/<int:pk>/": (405, 405, 405, 405),  # a form's POST only
    # The Navi: a company's respondents, their own assessments only (the member is given
    # another company's). Directors and the secretariat never answer or read them here.
    "portal/navi/": (L, 200, 403, 403),
    "portal/navi/start/<int:version_id>/": (405, 405, 405, 405),  # a form's POST only
    "portal/navi/invite/<int:contact_id>/": (405, 405, 405, 405),
    "portal/navi/<int:pk>/": (L, 404, 403, 403),
    "portal/navi/<int:pk>/areas/<slug:area_key>/": (L, 404, 403, 403),
    "portal/navi/<int:pk>/items/<slug:item_key>/": (405, 405, 405, 405),
    "portal/navi/<int:pk>/items/<slug:item_key>/evidence/": (L, 404, 403, 403),
    # A carried-over answer confirmed (one item, or an area's): a button's POST only.
    "portal/navi/<int:pk>/items/<slug:item_key>/confirm/": (405, 405, 405, 405),
    "portal/navi/<int:pk>/areas/<slug:area_key>/confirm/": (405, 405, 405, 405),
    "portal/navi/<int:pk>/submit/": (405, 405, 405, 405),
    "portal/navi/<int:pk>/reopen/": (405, 405, 405, 405),
    "portal/navi/<int:pk>/result/": (L, 404, 403, 403),
    "portal/navi/<int:pk>/result/report.pdf": (L, 404, 403, 403),
    "portal/navi/<int:pk>/result/answers.xlsx": (L, 404, 403, 403),
    # A closed round's anonymous benchmark beside the company's own figures.
    "portal/navi/<int:pk>/benchmark/": (L, 404, 403, 403),
    "apply/": A,
    "apply/documents/<int:pk>/": A,  # a document's full text, read before agreeing
    "apply/form/": (R, R, R, R),  # to the agreements first
    "apply/quote/": (405, 405, 405, 405),
    "apply/postal/": (404, 404, 404, 404),  # no such postal code
    "apply/draft/": A,
    "apply/draft/<str:token>/": (404, 404, 404, 404),
    "apply/done/": (R, R, R, R),
    "apply/withdraw/<str:token>/": (404, 404, 404, 404),  # a link no application has
    "board/": (L, 403, 200, 403),
    "board/decide/<int:application_id>/": (405, 405, 405, 405),  # a form's POST only
    # A director's private calendar: the page issues its address; the feed opens by it alone.
    "board/calendar/": (L, 403, 200, 403),
    "board/calendar/<str:token>.ics": (404, 404, 404, 404),  # an address nobody was given
    # The mail provider's bounce report: no such address without EMAIL_BOUNCE_TOKEN.
    "hooks/email-bounce/": (405, 405, 405, 405),
    # The board pack: the directors who decide, and the secretariat who prepares it.
    "board/meetings/<int:meeting_id>/pack.pdf": (L, 403, 200, 200),
    "board/meetings/<int:meeting_id>/pack.xlsx": (L, 403, 200, 200),
    # An application on the board's agenda, read in full by the directors.
    "board/applications/<int:application_id>/": (L, 403, 200, 200),
    "secretariat/unpaid-applications/": (L, 403, 403, 200),
    "membership/": A,
    "billing/quote/": (400, 400, 400, 400),  # the quote API needs its figures
    "billing/quote/fragment/": A,
    "billing/estimate.pdf": (400, 400, 400, 400),  # the estimate needs its figures
    # The Navi: its introduction for everyone; items in full and the comparison for members
    # and the secretariat (the demo loads the tests' small version, ver9.0).
    "navi/": A,
    "navi/compare/": (L, 200, 403, 200),
    "navi/items/<str:key>/": (L, 200, 403, 200),
    "navi/<str:number>/items/<str:key>/": (L, 200, 403, 200),
    # A closed round's report, its analysis export and symposium summary (a form's POST):
    # the secretariat's staff only (directors may view rounds in the admin, not this).
    "navi/rounds/<int:pk>/report/": (L, 403, 403, 200),
    "navi/rounds/<int:pk>/report/answers.csv": (L, 403, 403, 200),
    "navi/rounds/<int:pk>/report/summary.pdf": (405, 405, 405, 405),
    # Events: the public page and calendar; for the ids, an event (and its material) to
    # which only another company is invited: the secretariat sees it, nobody else does.
    "events/": A,
    "events/calendar.ics": A,
    "events/<int:pk>/": (404, 404, 404, 404),  # only public events have a public page
    "events/<int:pk>.ics": (L, 404, 404, 200),
    "events/materials/<int:pk>/": (L, 404, 404, 200),
    "events/feed/<str:token>.ics": (404, 404, 404, 404),  # an address nobody was given
    "portal/events/": (L, 200, 403, 403),
    "portal/events/calendar/": (L, 200, 403, 403),
    "portal/events/<int:pk>/": (L, 404, 403, 403),
    "portal/events/<int:pk>/register/": (405, 405, 405, 405),  # a form's POST only
    "portal/events/registrations/<int:pk>/cancel/": (405, 405, 405, 405),
    # Guests register for public events only (the id is an invited event: not found).
    "events/<int:pk>/register/": (404, 404, 404, 404),
    "events/<int:pk>/register/sent/": (404, 404, 404, 404),
    "events/confirm/<str:token>/": A,  # a button to confirm; an unknown link says so on POST
    # The secretariat's reception, attendance file and press approval (issue 27).
    "secretariat/events/<int:pk>/checkin/": (L, 403, 403, 200),
    "secretariat/events/<int:pk>/checkin/<int:registration_id>/": (405, 405, 405, 405),
    "secretariat/events/<int:pk>/walk-in/": (405, 405, 405, 405),
    "secretariat/events/<int:pk>/attendance/": (L, 403, 403, 200),
    "secretariat/events/<int:pk>/approve/<int:registration_id>/": (405, 405, 405, 405),
    # The All-Hands' agenda (the id an All-Hands of the demo) and the engagement report.
    "secretariat/events/<int:pk>/agenda/": (L, 403, 403, 200),
    "secretariat/events/<int:pk>/agenda.pdf": (L, 403, 403, 200),
    "secretariat/events/<int:pk>/agenda.xlsx": (L, 403, 403, 200),
    "secretariat/events/engagement/": (L, 403, 403, 200),
    "secretariat/events/engagement.csv": (L, 403, 403, 200),
    "secretariat/events/engagement.xlsx": (L, 403, 403, 200),
}

# Pages that answer any id with a page of their own (an invalid link says so).
PAGES_FOR_ANY_ID = {
    "accounts/reset/<uidb64>/<token>/",
    "verify/<str:code>/",
    "events/confirm/<str:token>/",
}

# The secretariat's access to each model in the admin, by page, for its first record (or,
# with none, an id that does not exist: the admin then redirects with a message):
# (list, add, a record, delete, history). Everyone else is sent to the admin's log-in.
V = (200, 403, 200, 403, 200)  # read-only: written by the services' buttons
ADMIN_ACCESS: dict[str, tuple] = {
    "aiga.auditentry": V,
    "aiga.emailtemplate": V,  # edited, never added or deleted
    "aiga.outboxmessage": V,
    "members.officer": (200, 200, 200, 403, 200),  # made inactive, not deleted
    "members.portalinvitation": V,
    "members.mailinglistchange": V,
    "members.mailinglistexport": (200, 403, R, 403, R),
    "members.memberlisting": (200, 200, 200, 200, 200),
    "members.changenotice": V,  # approved or returned by its buttons (the services)
    "members.membershipcertificate": V,  # issued by members from the portal
    "members.withdrawal": V,  # submitted in the portal, confirmed by the actions
    "members.user": V,  # superusers manage accounts; the secretariat deactivates members'
    "members.industry": (200, 200, 200, 200, 200),
    "members.organisation": (200, 200, 200, 403, 200),  # ended, not deleted
    "members.membership": (200, 200, 200, 403, 200),
    "members.contact": (200, 200, 200, 403, 200),  # made inactive, not deleted
    "auth.group": (403, 403, 403, 403, 403),  # superusers only
    "billing.issuerprofile": V,  # one record, edited
    "billing.invoice": (200, 200, 200, 403, 200),  # drafts are written here; issued kept
    "billing.creditnote": V,
    "billing.payment": V,
    "billing.estimate": (200, 200, R, 403, R),
    "billing.bankstatement": (200, 200, R, 403, R),  # imported, then confirmed; kept
    "billing.receipt": (200, 403, R, 403, R),  # issued by members from the portal
    "billing.feeschedule": (200, 200, 200, 403, 200),  # a new version, never a deletion
    # The renewal run: "add" is its preview; the demo has none run (the secretariat runs it).
    "billing.renewalrun": (200, R, R, 403, R),
    "billing.invoicereminder": V,  # taken by the daily job
    "billing.reminderpause": (200, 200, 200, 200, 200),  # 協議中: set and lifted here
    "billing.membershipsuspension": V,  # from the invoice's page (suspend/), lifted on payment
    # Written by the register import (import/ below); the demo has none.
    "billing.legacyinvoice": (200, 403, R, 403, R),
    "admissions.application": V,
    "admissions.agreementdocument": (200, 200, 200, 403, 200),  # new versions only
    "admissions.onboardingstep": V,
    "admissions.memberacceptance": V,  # accepted in the portal (the demo has one)
    "admissions.applicationreview": V,
    "members.boardmeeting": (200, 200, 200, 403, 200),
    # The general assembly (the demo has none: a record's pages redirect).
    "members.generalassembly": (200, 200, R, R, R),
    # Recorded through the service's form, then kept ten years: never changed or deleted.
    # (The demo has none: a record's page redirects, its history is not found.)
    "members.writtenconsent": (200, 200, R, 403, 404),
    "members.auditorstatement": (200, 200, R, 403, 404),
    "members.meetingattendance": (200, 403, R, 403, 404),  # recorded on record/ below
    # A published version is never deleted; its items are added on the version's page.
    "navi.naviversion": (200, 200, 200, 403, 200),
    "navi.naviitem": (200, 403, 200, 403, 200),
    # 一斉自己診断: scheduled through the add form, then moved on by its buttons; kept.
    "navi.naviround": (200, 200, 200, 403, 200),
    "events.eventkind": (200, 200, 200, 200, 200),  # a kind in use cannot be deleted
    "events.event": (200, 200, 200, 200, 200),
    "events.registration": V,  # members register in the portal
    # A company's answers: only with navi.view_answers, which no group has.
    "navi.naviassessment": (403, 403, 403, 403, 403),
    "navi.navianswer": (403, 403, 403, 403, 403),
    "axes.accessattempt": (403, 403, 403, 403, R),  # superusers only
    "axes.accesslog": (403, 403, 403, 403, 403),
    "axes.accessfailurelog": (403, 403, 403, 403, R),
}
# The admin's other pages, for the secretariat (GET, the model's first record).
ADMIN_EXTRA: dict[str, int | str] = {
    "": 200,
    "login/": R,
    "logout/": 405,
    "password_change/": 200,
    "password_change/done/": 200,
    "autocomplete/": 403,
    "jsi18n/": 200,
    "r/<path:content_type_id>/<path:object_id>/": 404,
    "^(?P<app_label>navi|aiga|members|auth|billing|admissions|events|axes)/$": 200,
    "(?P<url>.*)$": 404,  # an address the admin does not have
    "<model>/^([^/]+)/history/([^/]+)/$": 200,  # a past version, to read
    "<model>/no version": 404,
    "auth/group/^([^/]+)/history/([^/]+)/$": 403,
    "members/mailinglistexport/new/": R,  # a POST; the list is shown again
    "members/mailinglistexport/<int:pk>/download/": 404,
    "members/user/<id>/password/": 403,
    "billing/invoice/<int:pk>/pdf/": 200,
    "billing/invoice/<int:pk>/issue/": 403,
    "billing/invoice/<int:pk>/resend/": 403,
    "billing/invoice/<int:pk>/cancel/": 200,
    "billing/invoice/<int:pk>/payment/": 200,
    "billing/invoice/<int:pk>/transfer-fee/": 405,  # a button's POST
    "billing/invoice/journal/": 200,  # the accountant's export
    "billing/invoice/<int:pk>/suspend/": 200,  # the form (the service refuses too early)
    "billing/renewalrun/preview/": 200,
    "billing/renewalrun/<int:pk>/resume/": 405,  # a button's POST
    "billing/legacyinvoice/import/": 200,  # the register import (a dry run first)
    "members/organisation/registers/": 200,  # 社員名簿・会員名簿 as of a date
    "members/organisation/registers/download/": R,  # without its parameters: back to the page
    "members/generalassembly/<int:pk>/convene/": 405,  # the button's POST
    "billing/estimate/<int:pk>/pdf/": 404,
    "billing/bankstatement/<int:pk>/confirm-certain/": 405,  # the confirm screen's buttons
    "billing/bankstatement/<int:pk>/lines/<int:line_id>/confirm/": 405,
    "billing/bankstatement/<int:pk>/lines/<int:line_id>/skip/": 405,
    "admissions/onboardingstep/^(?P<pk>.+)/actions/(?P<tool>\\w+)/$": 405,  # a button's POST
    "admissions/onboardingstep/^actions/(?P<tool>\\w+)/$": 405,
    # The Navi's buttons (publish, copy; clear the mark) are POSTs; `retry` is none of them.
    "navi/naviversion/^(?P<pk>.+)/actions/(?P<tool>\\w+)/$": 404,
    "navi/naviversion/^actions/(?P<tool>\\w+)/$": 404,
    "navi/naviitem/^(?P<pk>.+)/actions/(?P<tool>\\w+)/$": 404,
    "navi/naviitem/^actions/(?P<tool>\\w+)/$": 404,
    "navi/naviround/^(?P<pk>.+)/actions/(?P<tool>\\w+)/$": 404,  # open, close, remind: POSTs
    "navi/naviround/^actions/(?P<tool>\\w+)/$": 404,
    "navi/naviround/<int:pk>/remind/": 405,  # one company's reminder: a button's POST
    "navi/naviround/<int:pk>/reopen/": 404,  # which company's assessment: ?assessment=
    "admissions/applicationreview/overview/": 200,
    "admissions/applicationreview/dashboard/": 200,  # 会員の概況 (issue 29)
    # 変更届: approved by its button (a POST), returned through the reason's form.
    "members/changenotice/<int:pk>/return/": 200,
    # 開示請求: the secretariat exports what is held about a person or a company (issue 33).
    "members/contact/personal-data/": 200,
    "members/changenotice/^(?P<pk>.+)/actions/(?P<tool>\\w+)/$": 404,  # no such button
    "members/changenotice/^actions/(?P<tool>\\w+)/$": 404,
    # A logo a member sent, waiting for approval (the demo's first listing has none).
    "members/memberlisting/<int:pk>/pending-logo/": 404,
    "members/memberlisting/^(?P<pk>.+)/actions/(?P<tool>\\w+)/$": 404,
    "members/memberlisting/^actions/(?P<tool>\\w+)/$": 404,
    # The applicant's logo, to whoever may view the application (the demo's first sent none).
    "admissions/application/<int:pk>/logo/": 404,
    "members/writtenconsent/resolution/<int:meeting_id>/": 404,  # the demo has no written one
    "members/writtenconsent/resolution/<int:meeting_id>/proposal.pdf": 404,
    "members/writtenconsent/resolution/<int:meeting_id>/consent-forms.pdf": 404,
    "members/meetingattendance/record/": 200,
    "members/meetingattendance/minutes/": 200,
    "admissions/applicationreview/<int:pk>/check/": R,
    "admissions/applicationreview/<int:pk>/correction/": R,
    "admissions/applicationreview/<int:pk>/forward/": R,
    "admissions/applicationreview/<int:pk>/move/": R,
    "admissions/applicationreview/<int:pk>/decide/": R,
    "admissions/applicationreview/<int:pk>/withdraw/": R,  # a form's POST; GET goes back
}
STANDARD = ("", "add/", "<path:object_id>/history/", "<path:object_id>/delete/")
STANDARD += ("<path:object_id>/change/", "<path:object_id>/")


def _routes(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def _fill(route: str, values: dict) -> str:
    route = route.replace("^", "").replace("$", "").replace("\\Z", "")

    def value(match):
        return str(values.get(match.group(1), values["default"]))

    route = re.sub(r"\(\?P<(\w+)>(?:[^()]|\([^)]*\))*\)", value, route)
    route = re.sub(r"<(?:\w+:)?(\w+)>", value, route)
    route = re.sub(r"\([^)]*\)", lambda m: str(values["default"]), route)
    return "/" + route


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        call_command("navi_load", file=str(NAVI_FIXTURE), stdout=open("/dev/null", "w"))  # noqa: SIM115
        yield
        call_command("flush", interactive=False, verbosity=0)
        from conftest import restore_reference_data

        restore_reference_data()


def _objects() -> dict:
    from billing.models import Invoice

    bank = User.objects.get(email=USERS["member"]).contact.organisation
    other = Organisation.objects.get(legal_name=OTHER)
    docs = {}
    for organisation in (bank, other):
        doc = OrganisationDocument(organisation=organisation, title=f"{organisation}の書類")
        doc.file.save("doc.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
        docs[organisation.pk] = doc.pk
    return {
        "bank": bank,
        "other": other,
        "own": {"pk": docs[bank.pk], "default": docs[bank.pk]},
        "others": {
            "pk": docs[other.pk],
            "default": docs[other.pk],
            "meeting_id": BoardMeeting.objects.order_by("pk").first().pk,
            "version_id": NaviVersion.objects.published().order_by("pk").first().pk,
            "contact_id": other.contacts.order_by("pk").first().pk
            if other.contacts.exists()
            else 987654,
            "area_key": "rules",
            "item_key": "N01",
            "application_id": AgendaItem.objects.order_by("pk").first().application_id,
            "token": "not-a-token",
            "uidb64": "MQ",
            "app_label": "members",
            "model_name": "organisationdocument",
            "field": "file",
            "key": "N02",
            "number": "9.0",
        },
        "other_invoice": Invoice.objects.filter(organisation=other).exclude(pdf="").first().pk,
        "other_notice": _other_notice(other),
        "other_contact": _other_contact(other).pk,
        "other_assessment": _other_assessment(other),
        "logo": _listed_logo(bank),
        **_closed_event(),
        "other_certificate": _certificate(other),
        "closed_round": _closed_round(),
    }


def _closed_event() -> dict:
    """The demo's round table to which only another company is invited, and its slides
    (written where this test keeps its files)."""
    from events.models import EventMaterial

    material = EventMaterial.objects.select_related("event").get(
        event__audience="invited", event__invited_organisations__legal_name=OTHER
    )
    material.file.storage.save(material.file.name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    from events.models import Event

    all_hands = Event.objects.filter(kind__key="all_hands", starts_at__isnull=False).first()
    return {
        "closed_event": material.event_id,
        "closed_material": material.pk,
        "all_hands": all_hands.pk,
    }


def _closed_round() -> int:
    """A closed round (the demo's, or one of the tests' small version closed for this)."""
    from navi.models import NaviRound
    from navi.services.rounds import round_close, round_open, round_schedule

    closed = NaviRound.objects.filter(status="closed").order_by("pk").first()
    if closed is None:
        version = NaviVersion.objects.get(number="9.0")
        closed = round_schedule(
            version=version,
            title_ja="試験用の一斉自己診断",
            opens_on=datetime.date(2026, 9, 1),
            closes_on=datetime.date(2026, 9, 30),
            actor=None,
        )
        closed = round_close(round_=round_open(round_=closed, actor=None), actor=None)
    return closed.pk


def _other_contact(organisation):
    from members.models import Contact

    return organisation.contacts.order_by("pk").first() or Contact.objects.create(
        organisation=organisation, family_name="他社", given_name="担当", email="o@example.jp"
    )


def _other_notice(organisation) -> int:
    """Another company's 変更届, with a document: the member must not reach either."""
    from members.models import ChangeNotice

    notice = ChangeNotice(
        organisation=organisation,
        requested_by=_other_contact(organisation),
        changes={"legal_name": {"old": organisation.legal_name, "new": "別名"}},
    )
    notice.document.save("n.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=False)
    notice.save()
    return notice.pk


def _certificate(organisation) -> int:
    from members.services.certificates import certificate_issue

    return certificate_issue(organisation=organisation, language="ja", actor=None).pk


def _other_assessment(other) -> int:
    """The other company's submitted assessment (the demo's), with an evidence file."""
    assessment = NaviAssessment.objects.filter(organisation=other).order_by("pk").first()
    answer = NaviAnswer.objects.filter(assessment=assessment, item__key="N01").first()
    answer.evidence_file.save("evidence.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    return assessment.pk


def _listed_logo(organisation) -> int:
    from aiga.uploads import clean_image

    listing = MemberListing.objects.get(organisation=organisation)
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "navy").save(buffer, "PNG")
    listing.logo.save("logo.png", ContentFile(clean_image(buffer.getvalue()).content))
    return listing.pk


def _body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="ignore")
    return response.content.decode(errors="ignore")


def _answer(response) -> int | str:
    if response.status_code == 302:
        location = response["Location"]
        return L if "/login/" in location else R
    return response.status_code


def _site_urls():
    """Every route but the admin site's own (those follow ADMIN_ACCESS below)."""
    for pattern in get_resolver().url_patterns:
        if isinstance(pattern, URLResolver) and pattern.app_name == "admin":
            continue
        yield from _routes([pattern])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_url_gives_each_role_its_decided_answer(client, demo, role, capsys):
    demo = _objects()  # files live in each test's own media folders
    if role != "anon":
        force_login_verified(client, User.objects.get(email=USERS[role]))
    wrong, unruled, asked = [], [], 0
    values = dict(demo["others"])
    for route in sorted(set(_site_urls())):
        if route not in RULES:
            unruled.append(route)
            continue
        vals = dict(values)
        if "billing/<int:pk>/pdf" in route or "billing/<int:pk>/receipt" in route:
            vals["pk"] = demo["other_invoice"]
        if route.startswith("portal/certificate/<int:pk>"):
            vals["pk"] = demo["other_certificate"]
        if route.startswith("portal/navi/<int:pk>/"):
            vals["pk"] = demo["other_assessment"]
        if route.startswith("navi/rounds/"):
            vals["pk"] = demo["closed_round"]
        if route.startswith("members/logo/"):
            vals["pk"] = demo["logo"]
        if route.startswith(("events/", "portal/events/", "secretariat/events/")):
            vals["pk"] = demo["closed_event"]
        if route.startswith("secretariat/events/<int:pk>/agenda"):
            vals["pk"] = demo["all_hands"]
        if route.startswith("events/materials/"):
            vals["pk"] = demo["closed_material"]
        if route.startswith("portal/profile/notices/"):
            vals["pk"] = demo["other_notice"]
        if route.startswith("portal/profile/people/"):
            vals["pk"] = demo["other_contact"]
        if route.startswith("apply/documents/"):
            vals["pk"] = AgreementDocument.objects.order_by("pk").first().pk
        url = _fill(route, vals)
        expected = RULES[route][ROLES.index(role)]
        response = client.get(url)
        got = _answer(response)
        asked += 1
        if got != expected:
            wrong.append((url, expected, got))
        if role == "member" and OTHER in _body(response):
            wrong.append((url, "no other company's name", OTHER))
        if "<" in route:  # an id that exists nowhere: never a page, never a server error
            missing = _fill(route, {"default": 987654, "token": "x" * 43, "uidb64": "OTg3NjU0"})
            got = _answer(client.get(missing))
            if got not in (L, R, 400, 403, 404, 405, 410) and route not in PAGES_FOR_ANY_ID:
                wrong.append((missing, "not found", got))
    with capsys.disabled():
        print(f"\n{role}: {asked} URLs asked, {len(wrong)} wrong, {len(unruled)} without a rule")
    assert unruled == []
    assert wrong == [], "\n".join(map(str, wrong))


@pytest.mark.django_db
def test_a_member_opens_its_own_documents_and_invoices(client, demo):
    """The same URLs as above, with the member's own ids: their file."""
    from billing.models import Invoice

    invoice = Invoice.objects.exclude(pdf="").filter(organisation__contacts__user__isnull=False)
    invoice = invoice.order_by("pk").first()
    organisation = invoice.organisation
    user = organisation.contacts.exclude(user=None).first().user
    document = OrganisationDocument(organisation=organisation, title="自社の書類")
    document.file.save("own.pdf", ContentFile(b"%PDF-1.4\n%%EOF\n"), save=True)
    # The demo's PDF was written to another test's media folder: put one where it is named.
    assert invoice.pdf.storage.save(invoice.pdf.name, ContentFile(b"%PDF-1.4\n%%EOF\n")) == (
        invoice.pdf.name
    )
    client.force_login(user)
    for url in (f"/portal/documents/{document.pk}/", f"/portal/billing/{invoice.pk}/pdf/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert _body(response).startswith("%PDF")


@pytest.mark.django_db
def test_a_respondent_opens_its_own_companys_navi_pages(client, demo):
    """The Navi's URLs above, with the member's own assessment: its pages."""
    user = User.objects.get(email=USERS["member"])
    assessment = NaviAssessment.objects.filter(organisation=user.contact.organisation).first()
    client.force_login(user)
    for url in (
        "/portal/navi/",
        f"/portal/navi/{assessment.pk}/",
        f"/portal/navi/{assessment.pk}/areas/rules/",
        f"/portal/navi/{assessment.pk}/result/",
        f"/portal/navi/{assessment.pk}/result/answers.xlsx",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert OTHER not in _body(response)


def _admin_urls(user):
    """(rule key, url) for every admin page, with the model's first record as the id."""
    request = RequestFactory().get("/")
    request.user = user
    for pattern in admin.site.get_urls():
        if isinstance(pattern, URLPattern):
            values = {"default": 1, "app_label": "members", "url": "nowhere/"}
            yield str(pattern.pattern), _fill("admin/" + str(pattern.pattern), values)
    for model, model_admin in admin.site._registry.items():
        first = model_admin.get_queryset(request).order_by("pk").first()
        pk = first.pk if first else 987654
        base = f"admin/{model._meta.app_label}/{model._meta.model_name}/"
        for pattern in model_admin.get_urls():
            route = str(pattern.pattern)
            if route in STANDARD:
                continue
            key = base[6:] + route
            if route == "^([^/]+)/history/([^/]+)/$" and model is not Group:
                # A past version, to read; a record with no history yet has none to show.
                history = model.history.filter(id=pk).order_by("history_id").first()
                key = "<model>/" + route if history else "<model>/no version"
                url = f"/{base}{pk}/history/{history.history_id if history else 1}/"
            else:
                url = _fill(base + route, {"default": pk, "tool": "retry"})
            yield key, url
        for i, page in enumerate(("", "add/", f"{pk}/change/", f"{pk}/delete/", f"{pk}/history/")):
            yield (model._meta.label_lower, i), f"/{base}{page}"


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_every_admin_page_gives_each_role_its_decided_answer(client, demo, role, capsys):
    from billing.models import Invoice

    user = User.objects.get(email=USERS["secretariat"])
    first_invoice = Invoice.objects.order_by("pk").first()
    first_invoice.pdf.storage.save(first_invoice.pdf.name, ContentFile(b"%PDF-1.4\n%%EOF\n"))
    if role != "anon":
        force_login_verified(client, User.objects.get(email=USERS[role]))
    wrong, unruled, asked = [], [], 0
    for key, url in _admin_urls(user):
        if isinstance(key, tuple):
            expected = ADMIN_ACCESS.get(key[0], (None,) * 5)[key[1]]
        else:
            expected = ADMIN_EXTRA.get(key)
        if expected is None:
            unruled.append(key)
            continue
        if role != "secretariat":  # the admin's log-in page, and only that
            expected = {"/admin/login/": 200, "/admin/logout/": R}.get(url, L)
        got = _answer(client.get(url))
        asked += 1
        if got != expected:
            wrong.append((url, expected, got))
    with capsys.disabled():
        print(f"\nadmin, {role}: {asked} URLs asked, {len(wrong)} wrong, {len(unruled)} unruled")
    assert unruled == []
    assert wrong == [], "\n".join(map(str, wrong))
