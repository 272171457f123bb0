"""The secretariat creates any kind of event in the admin, with speakers and materials:
a new one is numbered and laid out by the service, and the form refuses what the records
refuse (a taken number, a Stand-Up without its company, a date neither known nor marked)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from aiga.models import AuditEntry
from events.models import Event, EventKind
from members.roles import SECRETARIAT
from tests.events.factories import PDF, kind
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

INLINES = ("speakers", "segments", "materials", "press", "registrations")


def form(kind_key, **fields):
    data = {
        "kind": kind(kind_key).pk,
        "series": "",
        "number": "",
        "title": "管理画面で作った回",
        "title_en": "",
        "is_published": "on",
        "starts_at_0": "2027-01-20",
        "starts_at_1": "15:00",
        "ends_at_0": "2027-01-20",
        "ends_at_1": "16:00",
        "venue": "",
        "meeting_url": "",
        "audience": "members",
        "capacity": "",
        "summary": "",
        "report": "",
        "participants_note": "",
    }
    for name in INLINES:
        data.update({f"{name}-TOTAL_FORMS": "0", f"{name}-INITIAL_FORMS": "0"})
    data.update(fields)
    return data


@pytest.fixture
def staff(client):
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    return client


def test_the_secretariat_creates_a_spotlight_with_a_speaker_and_slides(staff):
    data = form(
        "spotlight",
        **{
            "speakers-TOTAL_FORMS": "1",
            "speakers-0-order": "0",
            "speakers-0-kind": "outside",
            "speakers-0-name": "宇田川",
            "speakers-0-affiliation": "経済産業省",
            "speakers-0-title": "調整官",
            "materials-TOTAL_FORMS": "1",
            "materials-0-order": "0",
            "materials-0-title": "スライド",
            "materials-0-file": SimpleUploadedFile("s.pdf", PDF, content_type="application/pdf"),
            "materials-0-recording_url": "",
        },
    )
    response = staff.post("/admin/events/event/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="管理画面で作った回")
    assert event.number == 7
    assert event.speakers.get().display == "経済産業省 宇田川調整官"
    slides = event.materials.get()
    assert slides.file.name.endswith(".pdf") and "s.pdf" not in slides.file.name
    assert AuditEntry.objects.filter(action="event.create", object_id=str(event.pk)).count() == 1


def test_an_all_hands_made_in_the_admin_has_its_four_segments(staff):
    staff.post("/admin/events/event/add/", form("all_hands"))
    assert Event.objects.get(title="管理画面で作った回").segments.count() == 4


def test_a_slide_that_is_not_a_pdf_is_refused(staff):
    data = form(
        "expert_study",
        **{
            "materials-TOTAL_FORMS": "1",
            "materials-0-title": "偽物",
            "materials-0-file": SimpleUploadedFile(
                "x.pdf", b"<html>", content_type="application/pdf"
            ),
        },
    )
    response = staff.post("/admin/events/event/add/", data)
    assert response.status_code == 200
    assert "PDFファイルをアップロードしてください。" in response.content.decode()
    assert not Event.objects.filter(title="管理画面で作った回").exists()


@pytest.mark.parametrize(
    ("kind_key", "fields", "message"),
    [
        ("spotlight", {"number": "3"}, "AI GA Spotlight #3 はすでにあります。"),
        ("standup", {}, "この種類のイベントには主催会員企業が必要です。"),
        (
            "meetup",
            {"starts_at_0": "", "starts_at_1": "", "ends_at_0": "", "ends_at_1": ""},
            "開始日時を入れるか、日付未確認にしてください",
        ),
        ("meetup", {"date_unconfirmed": "on"}, "開始日時を入れるか、日付未確認にしてください"),
    ],
)
def test_the_form_refuses_what_the_records_refuse(staff, kind_key, fields, message):
    response = staff.post("/admin/events/event/add/", form(kind_key, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Event.objects.filter(title="管理画面で作った回").exists()


def test_a_stand_up_with_its_company_and_an_invited_commons(staff):
    company = OrganisationFactory()
    response = staff.post("/admin/events/event/add/", form("standup", organiser=str(company.pk)))
    assert response.status_code == 302
    staff.post(
        "/admin/events/event/add/",
        form("commons", title="招待制", audience="invited", invited_organisations=[company.pk]),
    )
    assert list(Event.objects.get(title="招待制").invited_organisations.all()) == [company]


def test_the_secretariat_adds_a_kind_of_event(staff):
    response = staff.post(
        "/admin/events/eventkind/add/",
        {
            "key": "workshop",
            "name": "ワークショップ",
            "name_en": "Workshop",
            "default_audience": "members",
            "default_segments": "導入\n演習\n",
            "order": "100",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    assert EventKind.objects.get(key="workshop").default_segments == ["導入", "演習"]


def test_the_admin_reads_a_material_through_the_private_file_view(staff):
    from tests.events.factories import EventFactory, material

    slides = material(EventFactory())
    assert slides.file.url == f"/admin/files/events/eventmaterial/{slides.pk}/file/"
    assert staff.get(slides.file.url).status_code == 200


def test_the_event_page_lists_who_registered_and_an_edit_is_audited(staff):
    from tests.events.factories import EventFactory, register
    from tests.factories import member_user

    event = EventFactory(title="編集前")
    user = member_user()
    register(event, user, contact=user.contact)
    page = staff.get(f"/admin/events/event/{event.pk}/change/").content.decode()
    assert user.contact.full_name in page
    data = form("expert_study", title="編集後", **{"registrations-INITIAL_FORMS": "0"})
    response = staff.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert event.title == "編集後" and event.registrations.count() == 1
    entry = AuditEntry.objects.get(action="event.admin_change")
    assert entry.data["changed"]["title"] == {"before": "編集前", "after": "編集後"}


def test_raising_the_capacity_in_the_admin_moves_the_wait_list_up(staff):
    from events.models import Registration
    from events.services.registrations import registration_register
    from tests.events.factories import EventFactory, soon
    from tests.factories import ContactFactory

    event = EventFactory(title="定員を増やす回", capacity=1, starts_at=soon(20))
    event.ends_at = None
    event.save()
    organisation = OrganisationFactory()
    people = [ContactFactory(organisation=organisation) for _ in range(2)]
    registration_register(
        event=event, organisation=organisation, contacts=people, actor=None,
        agreed_ground_rule=False, now=soon(0),
    )  # fmt: skip
    local = timezone.localtime(event.starts_at)
    data = form(
        "expert_study",
        title="定員を増やす回",
        capacity="2",
        starts_at_0=local.date().isoformat(),
        starts_at_1=local.strftime("%H:%M"),
        ends_at_0="",
        ends_at_1="",
        **{"registrations-TOTAL_FORMS": "2", "registrations-INITIAL_FORMS": "2"},
    )
    for index, row in enumerate(event.registrations.order_by("pk")):
        data[f"registrations-{index}-id"] = str(row.pk)
        data[f"registrations-{index}-event"] = str(event.pk)
    response = staff.post(f"/admin/events/event/{event.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert set(Registration.objects.values_list("status", flat=True)) == {"confirmed"}
