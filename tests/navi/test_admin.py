"""The secretariat edits drafts in the admin; a published version is read-only there, for
superusers too, but for the notes and the texts of items still carrying the review mark."""

import re

import pytest

from aiga.models import AuditEntry
from navi.models import NaviItem, NaviLevel, NaviVersion
from navi.services.versions import version_copy
from tests.aiga.test_history import _FormFields
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def form_data(client, url) -> dict:
    parser = _FormFields()
    parser.feed(client.get(url).content.decode())
    return {key: values if len(values) > 1 else values[0] for key, values in parser.data.items()}


@pytest.fixture
def superuser(db):
    return UserFactory(is_superuser=True, is_staff=True)


@pytest.mark.parametrize("who", ["secretariat", "superuser"])
def test_a_published_version_cannot_be_changed_or_deleted_in_the_admin(
    client, published, who, request
):
    client.force_login(request.getfixturevalue(who))
    url = f"/admin/navi/naviversion/{published.pk}/change/"
    html = client.get(url).content.decode()
    assert 'name="number"' not in html  # read-only
    assert 'name="notes_ja"' in html  # the notes stay editable
    assert 'name="items-0-title_ja"' not in html and 'name="areas-0-key"' not in html
    assert client.get(f"/admin/navi/naviversion/{published.pk}/delete/").status_code == 403
    response = client.get("/admin/navi/naviversion/")
    assert "delete_selected" not in response.content.decode()
    item = published.items.get(key="N01")
    assert client.get(f"/admin/navi/naviitem/{item.pk}/delete/").status_code == 403
    html = client.get(f"/admin/navi/naviitem/{item.pk}/change/").content.decode()
    assert 'name="title_ja"' not in html and 'name="levels-0-points"' not in html
    # A POST changes nothing either.
    client.post(url, {"number": "9.9", "notes_ja": "x"})
    assert NaviVersion.objects.get(pk=published.pk).number == "9.0"


def test_a_marked_item_is_edited_through_the_service_with_its_levels(
    client, published, secretariat
):
    client.force_login(secretariat)
    item = published.items.get(key="N02")
    url = f"/admin/navi/naviitem/{item.pk}/change/"
    data = form_data(client, url)
    assert "points" not in " ".join(k for k in data if k.startswith("levels-"))
    assert "number" not in data and "key" not in data
    data["title_en"] = "Rules for the use of AI"
    level_prefix = next(k for k, v in data.items() if re.match(r"levels-\d+-id$", k) and v)
    index = level_prefix.split("-")[1]
    data[f"levels-{index}-text_en"] = "Nothing yet"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert item.title_en == "Rules for the use of AI"
    assert NaviLevel.objects.filter(item=item, text_en="Nothing yet").exists()
    entry = AuditEntry.objects.get(action="navi_item.update_texts")
    assert entry.actor == secretariat and "title_en" in entry.data["changed"]


def test_clearing_the_mark_by_its_button_freezes_the_texts(client, published, secretariat):
    client.force_login(secretariat)
    item = published.items.get(key="N02")
    response = client.post(f"/admin/navi/naviitem/{item.pk}/actions/clear_mark/")
    assert response.status_code == 302
    item.refresh_from_db()
    assert not item.review_mark
    html = client.get(f"/admin/navi/naviitem/{item.pk}/change/").content.decode()
    assert 'name="title_ja"' not in html


def test_publish_and_copy_buttons(client, published, secretariat):
    client.force_login(secretariat)
    response = client.post(f"/admin/navi/naviversion/{published.pk}/actions/copy/")
    draft = NaviVersion.objects.get(number="9.1")
    assert response["Location"] == f"/admin/navi/naviversion/{draft.pk}/change/"
    html = client.get(response["Location"]).content.decode()
    assert 'name="items-0-title_ja"' in html  # a draft's items are edited inline
    client.post(f"/admin/navi/naviversion/{draft.pk}/actions/publish/")
    draft.refresh_from_db()
    assert draft.is_published
    assert AuditEntry.objects.filter(action="navi_version.publish", actor=secretariat).exists()


def test_publish_refuses_an_incomplete_draft_with_its_problems(client, published, secretariat):
    draft = version_copy(version=published, actor=secretariat)
    NaviItem.objects.filter(version=draft, key="N01").update(title_en="")
    client.force_login(secretariat)
    response = client.post(f"/admin/navi/naviversion/{draft.pk}/actions/publish/", follow=True)
    html = response.content.decode()
    assert "公開できません。内容に誤りがあります。" in html
    assert "(N01).title.en" in html
    assert not NaviVersion.objects.get(pk=draft.pk).is_published


def test_a_draft_item_is_edited_freely_in_the_admin(client, draft, secretariat):
    client.force_login(secretariat)
    item = draft.items.get(key="N15")
    url = f"/admin/navi/naviitem/{item.pk}/change/"
    data = form_data(client, url)
    data["number"] = "30"
    data["applicability"] = "both"
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    item.refresh_from_db()
    assert (item.number, item.applicability) == (30, "both")
    assert AuditEntry.objects.filter(action="navi_item.admin_change").exists()
    assert client.get(f"/admin/navi/naviversion/{draft.pk}/delete/").status_code == 200
