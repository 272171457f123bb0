"""The admin's board-meeting page costs the same at any agenda length (issue 20): its agenda
is one table from a fixed number of queries, experts named by their representative."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.admissions import workflow
from members.admissions.models import AgendaItem, ApplicationContact
from members.roles import SECRETARIAT
from tests.factories import UserFactory
from tests.members.admissions.board_helpers import ApplicationFactory, MeetingFactory

pytestmark = pytest.mark.django_db


def add_items(meeting, n, *, earlier=None):
    for i in range(n):
        if i % 3 == 0:
            application = ApplicationFactory(category=workflow.EXPERT, legal_name="")
            ApplicationContact.objects.filter(application=application).update(
                family_name="有識", given_name=f"{i}郎"
            )
        else:
            application = ApplicationFactory()
        AgendaItem.objects.create(
            meeting=meeting, application=application, carried_over_from=earlier
        )


def page(client, meeting):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("admin:members_boardmeeting_change", args=[meeting.pk]))
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_meeting_page_does_not_grow_with_its_agenda(client):
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    earlier = MeetingFactory(date=datetime.date(2026, 11, 16), number=11)
    small = MeetingFactory(date=datetime.date(2026, 12, 15), number=12)
    large = MeetingFactory(date=datetime.date(2027, 1, 15), number=13)
    add_items(small, 2, earlier=earlier)
    add_items(large, 15, earlier=earlier)
    page(client, earlier)  # the first request of a session fills the caches it keeps
    small_count, _html = page(client, small)
    large_count, html = page(client, large)
    assert large_count == small_count
    assert html.count("号議案</td>") == 15
    assert "有識 0郎" in html and "有識 12郎" in html  # experts by their representative
    assert "第11回理事会" in html  # where the items were carried over from
    assert str(AgendaItem.Outcome.PENDING.label) in html
