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


def _listing(name, kana, *, kind="corporate", category="regular", listed=True, affiliation=""):
    membership = MembershipFactory(
        organisation__legal_name=name,
        organisation__legal_name_kana=kana,
        organisation__kind=kind,
        category=category,
    )
    MemberListing.objects.create(
        organisation=membership.organisation,
        display_name=name,
        affiliation=affiliation,
        is_listed=listed,
        listed_at=timezone.now() if listed else None,
    )
    return membership


def test_companies_in_gojuon_order_of_the_reading_without_the_legal_form(client):
    _listing("株式会社わかば", "カブシキガイシャワカバ")
    _listing("ガイア合同会社", "ガイアゴウドウガイシャ")
    _listing("あおぞら株式会社", "アオゾラ")
    _listing("株式会社かもめ", "カモメ")
    _listing("Zeta株式会社", "")  # no reading: after every name with one
    _listing("非掲載株式会社", "ヒケイサイ", listed=False)
    _count, body = queries(client)
    order = [
        "あおぞら株式会社",
        "ガイア合同会社",
        "株式会社かもめ",
        "株式会社わかば",
        "Zeta株式会社",
    ]
    positions = [body.index(name) for name in order]
    assert positions == sorted(positions)
    assert "非掲載株式会社" not in body


def test_experts_are_listed_by_name_and_affiliation_only_with_consent(client):
    _listing(
        "有識 花子",
        "ユウシキ ハナコ",
        kind="individual",
        category="expert",
        affiliation="東京大学 教授",
    )
    _listing(
        "非公開 次郎",
        "ヒコウカイ ジロウ",
        kind="individual",
        category="expert",
        listed=False,
        affiliation="秘密大学",
    )
    _count, body = queries(client)
    assert body.count('data-testid="expert-listing"') == 1
    assert "有識 花子" in body and "東京大学 教授" in body
    assert "非公開 次郎" not in body and "秘密大学" not in body


def test_the_smb_tier_is_shown_only_when_the_setting_says_so(client, settings):
    _listing("小さなAI株式会社", "チイサナエーアイ", category="smb")
    _count, body = queries(client)
    assert 'data-testid="smb-tier"' not in body  # off by default
    settings.MEMBERS_PAGE_SHOW_SMB_TIER = True
    from django.core.cache import cache

    cache.clear()
    _count, body = queries(client)
    assert body.count('data-testid="smb-tier"') == 1


def test_the_growth_chart_counts_members_since_the_incorporation(client):
    _listing("あおぞら株式会社", "アオゾラ")
    MembershipFactory(issued_at=None)  # not issued: not a member
    _count, body = queries(client)
    assert 'data-testid="growth-chart"' in body and "<svg" in body
    assert "2024年10月" in body
    assert "現在 1 会員" in body
