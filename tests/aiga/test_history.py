"""Every admin save of the reference data and the register leaves a row of history (who,
when, what) through django-simple-history, and board meetings an audit entry as well."""

import datetime
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group

from aiga.models import AuditEntry, EmailTemplate
from billing.models import FeeSchedule, IssuerProfile
from members.admissions.models import AgreementDocument
from members.models import BoardMeeting, Contact, Officer
from tests.factories import ContactFactory, MembershipFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


class _FormFields(HTMLParser):
    """What a browser would post from the admin's change form: every named field's value."""

    def __init__(self):
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._select = None
        self._textarea = None
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and a.get("id", "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = a.get("type", "text")
            if kind in ("submit", "button", "file", "image"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            default = "on" if kind in ("checkbox", "radio") else ""
            self.data.setdefault(name, []).append(a.get("value") or default)
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value", ""))
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            if self._textarea:
                self.data[self._textarea][0] = self.data[self._textarea][0].lstrip("\n")
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _save_in_admin(client, url, **changes):
    page = client.get(url)
    assert page.status_code == 200, url
    parser = _FormFields()
    parser.feed(page.content.decode())
    data = {k: v if len(v) != 1 else v[0] for k, v in parser.data.items()}
    data.update(changes)
    data["_save"] = "保存"
    response = client.post(url, data)
    if response.status_code != 302:
        context = response.context or {}
        form = context["adminform"].form if "adminform" in context else None
        inlines = [f.formset.errors for f in context.get("inline_admin_formsets", [])]
        raise AssertionError(f"not saved: {form.errors if form else ''} {inlines}")


@pytest.fixture
def staff(client):
    user = UserFactory(is_superuser=True, is_staff=True, full_name="事務局 監査")
    client.force_login(user)
    return user


def _organisation():
    org = OrganisationFactory()
    ContactFactory(organisation=org)
    MembershipFactory(organisation=org)
    return org


CASES = [
    ("fee schedule", lambda: FeeSchedule.objects.first(), "billing/feeschedule", {"note": "改定"}),
    ("issuer", IssuerProfile.current, "billing/issuerprofile", {"phone": "03-0000-0000"}),
    ("organisation", _organisation, "members/organisation", {"website": "https://x.example.jp"}),
    (
        "membership",
        lambda: MembershipFactory(),
        "members/membership",
        {"end_date": "2027-09-30"},
    ),
    ("contact", lambda: ContactFactory(), "members/contact", {"title": "部長"}),
    (
        "agreement document",
        lambda: AgreementDocument.objects.first(),
        "admissions/agreementdocument",
        {"title_en": "Articles (revised wording)"},
    ),
    (
        "e-mail template",
        lambda: EmailTemplate.objects.get(key="portal_invitation"),
        "aiga/emailtemplate",
        {"subject_en": "[AIGA] Welcome to the portal"},
    ),
    (
        "board meeting",
        lambda: BoardMeeting.objects.create(date=datetime.date(2026, 12, 15)),
        "members/boardmeeting",
        {"note": "会場変更"},
    ),
    ("officer", lambda: Officer.objects.first(), "members/officer", {"title": "架空大学 名誉教授"}),
    ("user", lambda: UserFactory(full_name="変更 前"), "members/user", {"full_name": "変更 後"}),
    ("group", lambda: Group.objects.create(name="広報"), "auth/group", {"name": "広報チーム"}),
]


@pytest.mark.parametrize(("label", "make", "path", "changes"), CASES, ids=[c[0] for c in CASES])
def test_an_admin_save_leaves_a_history_row_with_who_made_it(
    client, staff, label, make, path, changes
):
    obj = make()
    before = obj.history.count()
    _save_in_admin(client, f"/admin/{path}/{obj.pk}/change/", **changes)
    obj.refresh_from_db()
    field, value = next(iter(changes.items()))
    assert str(getattr(obj, field)) == value
    assert obj.history.count() == before + 1
    latest = obj.history.first()
    assert latest.history_user == staff
    assert latest.history_type == "~"
    assert str(getattr(latest, field)) == value


def test_the_admin_shows_the_history_in_japanese_and_cannot_revert(client, staff):
    org = _organisation()
    _save_in_admin(client, f"/admin/members/organisation/{org.pk}/change/", website="https://y.jp")
    page = client.get(f"/admin/members/organisation/{org.pk}/history/").content.decode()
    assert f"変更履歴: {org.legal_name}" in page
    assert "変更者" in page and "事務局 監査" in page and ">作成<" in page.replace(" ", "")
    assert "revert" not in page.lower() and "None" not in page
    # A change goes through the form and its service, never by reverting the history.
    record = org.history.first()
    url = f"/admin/members/organisation/{org.pk}/history/{record.pk}/"
    assert client.get(url).status_code == 200  # a past version can be read
    response = client.post(url, {"legal_name": "書き換え株式会社", "_save": "保存"})
    assert response.status_code == 403
    org.refresh_from_db()
    assert org.legal_name != "書き換え株式会社"


def test_a_board_meeting_saved_in_the_admin_is_audited_with_old_and_new_values(client, staff):
    meeting = BoardMeeting.objects.create(date=datetime.date(2026, 12, 15))
    _save_in_admin(
        client,
        f"/admin/members/boardmeeting/{meeting.pk}/change/",
        date="2026-12-16",
        status="held",
    )
    update = AuditEntry.objects.get(action="board_meeting.update")
    assert update.data == {"date": ["2026-12-15", "2026-12-16"]}
    status = AuditEntry.objects.get(action="board_meeting.status")
    assert (status.from_state, status.to_state) == ("planned", "held")
    assert update.actor == staff == status.actor


def test_a_user_s_roles_are_kept_in_history_but_not_the_password_or_log_ins(client, staff):
    from members import roles

    user = UserFactory()
    roles.grant_groups(user, [roles.BOARD])
    assert "password" not in [f.name for f in user.history.model._meta.fields]
    before = user.history.count()
    client.logout()
    client.force_login(user)  # a log-in updates last_login: no history row for it
    client.get("/")
    assert user.history.count() == before
    latest = user.history.first()
    assert [g.group.name for g in latest.groups.all()] == [roles.BOARD]


def test_a_contact_s_history_records_the_change_itself(client, staff):
    contact = ContactFactory(title="課長")
    _save_in_admin(client, f"/admin/members/contact/{contact.pk}/change/", title="部長")
    old, new = contact.history.all()[1], contact.history.all()[0]
    delta = new.diff_against(old)
    assert [(c.field, c.old, c.new) for c in delta.changes] == [("title", "課長", "部長")]
    assert Contact.objects.get(pk=contact.pk).title == "部長"
