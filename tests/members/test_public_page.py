"""The public members' page at any size: a constant number of queries, drawn once and kept
until what it shows changes (issue 20)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from members.models import MemberListing
from tests.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def listed(n, prefix="掲載"):
    memberships = []
    for i in range(n):
        membership = MembershipFactory(organisation__legal_name=f"{prefix}{i}株式会社")
        MemberListing.objects.create(
            organisation=membership.organisation,
            display_name=membership.organisation.legal_name,
            is_listed=True,
            listed_at=timezone.now(),
        )
        memberships.append(membership)
    return memberships


def queries(client):
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/members/")
    assert response.status_code == 200
    return len(captured), response.content.decode()


def test_the_query_count_does_not_grow_with_the_members(client):
    listed(2, "小")
    small, body = queries(client)
    assert body.count('data-testid="member-listing"') == 2
    listed(25, "大")
    large, body = queries(client)
    assert body.count('data-testid="member-listing"') == 27
    assert large == small


def test_the_page_is_drawn_once_then_served_from_the_cache(client):
    listed(3)
    first, _body = queries(client)
    again, body = queries(client)
    assert again < first and again == 0  # an anonymous visitor: no query at all
    assert "掲載0株式会社" in body


def test_a_change_to_what_it_shows_draws_it_again(client):
    (kept, hidden, ended) = listed(3)
    queries(client)
    listing = hidden.organisation.listing
    listing.is_listed, listing.listed_at = False, None
    listing.save()
    ended.end_date = timezone.localdate() - datetime.timedelta(days=1)
    ended.save()
    kept.organisation.listing.display_name = "改称後株式会社"
    kept.organisation.listing.save()
    _count, body = queries(client)
    assert "改称後株式会社" in body
    assert hidden.organisation.legal_name not in body
    assert ended.organisation.legal_name not in body


def test_each_language_has_its_own_copy(client):
    queries(client)  # Japanese, cached
    client.post("/i18n/setlang/", {"language": "en", "next": "/members/"})
    _count, body = queries(client)
    assert "No members are currently listed." in body
    assert "現在、掲載している会員はありません。" not in body
