"""/navi/ for everyone (titles only), an item in full and the comparison for members and the
secretariat; English pages show the English content."""

import pytest

from navi.models import NaviLevel
from navi.services.versions import version_copy, version_publish
from tests.factories import UserFactory, member_user

pytestmark = pytest.mark.django_db

LEVEL_TEXT = "利用ルールを定め遵守状況を確認している"


def test_the_public_page_shows_purposes_areas_titles_scoring_and_tiers(client, published):
    html = client.get("/navi/").content.decode()
    for text in (
        "実践のスタンダード作り",
        "協会活動のペースメーカー",
        "政策・標準との接続",
        "ルール・プロセスの明文化",
        "各リスク領域への対策",
        "ユースケースに応じて内容が変化する項目",
        "AI利用ルール",
        "事務局案（SWG未レビュー）",
        "リーダー企業",
        "3.0–4.0",
        "一部ユースケース等で取組が始まっており、その全社展開が今後の課題",
        "スタートライン企業",
        "レベル1＝0点は協会の確認待ちの設定です。",
        "ver9.0",
    ):
        assert text in html, text
    # Level texts, the 取組事項 and links to items are for members only.
    assert LEVEL_TEXT not in html
    assert "AIポリシーを策定し公表している" not in html
    assert "/navi/items/N01/" not in html


def test_the_public_page_without_any_version(client, db, monkeypatch):
    from navi.selectors import versions

    monkeypatch.setattr(versions, "current_version_id", lambda: None)  # whatever is loaded
    response = client.get("/navi/")
    assert response.status_code == 200
    assert "公開中の版はまだありません。" in response.content.decode()


def test_a_member_reads_every_item_in_full_from_the_public_page(client, published):
    client.force_login(member_user())
    html = client.get("/navi/").content.decode()
    assert 'href="/navi/items/N02/"' in html
    response = client.get("/navi/items/N02/")
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        LEVEL_TEXT,
        "利用ルールを検討している",
        "事務局案（SWG未レビュー）",
        "利用者",
        "本事項に取り組まない場合、不適切な利用が起きるおそれがある",
        "AI事業者ガイドライン（第1.1版）",
        "第2部 C",
        "4点",
    ):
        assert text in html, text
    assert client.get("/navi/9.0/items/N15/").status_code == 200
    assert client.get("/navi/items/N99/").status_code == 404
    assert client.get("/navi/8.0/items/N01/").status_code == 404


def test_an_item_without_the_mark_does_not_show_it(client, published):
    client.force_login(member_user())
    html = client.get("/navi/items/N15/").content.decode()
    assert 'id="review-mark"' not in html


@pytest.mark.parametrize("url", ["/navi/items/N02/", "/navi/9.0/items/N02/", "/navi/compare/"])
def test_anonymous_users_log_in_and_non_members_are_refused(client, published, url):
    response = client.get(url)
    assert response.status_code == 302 and "/login/" in response["Location"]
    client.force_login(UserFactory())  # e.g. an applicant: no contact of a member
    assert client.get(url).status_code == 403
    client.force_login(UserFactory(groups=["Board"]))
    assert client.get(url).status_code == 403


def test_drafts_are_for_the_secretariat_only(client, published, secretariat):
    draft = version_copy(version=published, actor=secretariat)
    client.force_login(member_user())
    assert client.get(f"/navi/{draft.number}/items/N01/").status_code == 404
    client.force_login(secretariat)
    assert client.get(f"/navi/{draft.number}/items/N01/").status_code == 200


def test_english_pages_show_the_english_content(client, published):
    client.cookies["django_language"] = "en"
    html = client.get("/navi/").content.decode()
    assert "Documented rules and processes" in html and "Rules for using AI" in html
    assert "ルール・プロセスの明文化" not in html
    client.force_login(member_user())
    html = client.get("/navi/items/N02/").content.decode()
    assert "Rules are set and compliance is checked" in html
    assert "AI Guidelines for Business (Version 1.1)" in html
    assert LEVEL_TEXT not in html


def test_the_comparison_shows_changed_words_side_by_side(client, published, secretariat):
    draft = version_copy(version=published, actor=secretariat)
    level = NaviLevel.objects.get(item__version=draft, item__key="N15", number=3)
    level.text_ja = "社内規定が整備され、チェックプロセスが運用されている"
    level.save()
    version_publish(version=draft, actor=secretariat)
    client.force_login(member_user())
    html = client.get("/navi/9.1/items/N15/").content.decode()
    assert 'href="/navi/compare/?from=9.0&amp;to=9.1"' in html  # the item in its other versions
    response = client.get("/navi/compare/?from=9.0&to=9.1")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-key="N15" data-status="changed"' in html
    assert "<ins>、チェックプロセスが運用され</ins>" in html
    assert 'data-key="N01"' not in html  # unchanged rows only on request
    html = client.get("/navi/compare/?from=9.0&to=9.1&all=1").content.decode()
    assert 'data-key="N01" data-status="unchanged"' in html
    # The latest two published by default; a version that does not exist is not found.
    assert 'data-key="N15" data-status="changed"' in client.get("/navi/compare/").content.decode()
    assert client.get("/navi/compare/?from=7.7&to=9.1").status_code == 404


def test_the_comparison_with_a_single_version_says_so(client, published, monkeypatch):
    from navi.models import NaviVersion
    from navi.selectors import versions

    only = NaviVersion.objects.filter(pk=published.pk)
    monkeypatch.setattr(versions, "published_versions", lambda: only)  # whatever is loaded
    client.force_login(member_user())
    html = client.get("/navi/compare/").content.decode()
    assert "比較できる版が2つ以上ありません。" in html


def test_the_item_page_and_the_public_page_use_a_fixed_number_of_queries(
    client, published, django_assert_max_num_queries
):
    client.force_login(member_user())
    with django_assert_max_num_queries(12):
        client.get("/navi/")
    with django_assert_max_num_queries(12):
        client.get("/navi/items/N15/")


def test_a_reconstruction_is_marked_as_such(client, raw):
    from navi.services.versions import version_load
    from tests.navi.conftest import parse

    version_load(data=parse(dict(raw, reconstruction=True)), actor=None)
    html = client.get("/navi/").content.decode()
    assert 'data-mark="reconstruction"' in html and "再構成（事務局案）" in html
    client.force_login(member_user())
    assert "再構成（事務局案）" in client.get("/navi/items/N01/").content.decode()
