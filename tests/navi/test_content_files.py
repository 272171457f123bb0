# ruff: noqa: E501 (the brochure's printed rows, verbatim)
"""The Navi's content as the brochure fixes it (issue 22): three versions, 36 items in five
areas, items 15 and 16 word for word, everything else marked as the secretariat's draft.

The expectations are written from the brochure (../shared/seed, 「ver1.1 での取組項目」 and
the two 改定事例 tables), not from the content files."""

import difflib
import re
from pathlib import Path

import pytest

from navi import content_format as fmt
from navi.services.loading import CONTENT_DIR

# 「ver1.1 での取組項目」: area → [(number, title)], in the brochure's order.
AREAS = {
    "ルール・プロセスの明文化": [
        (1, "AIポリシー"), (2, "AI利用ルール"), (3, "AI管理ルール"),
        (11, "ガバナンス全体の不断の見直し"), (12, "リスクベースアプローチ"),
        (13, "ハイリスクなAIへの対応"),
    ],
    "周知徹底・人材育成": [
        (4, "AIユースケースの把握・整理"), (5, "社内ルールの浸透"),
        (34, "活用段階に応じた人材要件の定義"), (35, "AIリスクについての周知徹底"),
        (36, "AIリスク管理を担う人材の育成"),
    ],
    "組織体制整備": [
        (6, "経営層のオーナーシップと役割分担の明確化"), (7, "AIガバナンス構築の戦略的な位置付け"),
        (8, "関連領域の知見の集積・交流"), (9, "社内における客観的な視点の確保"),
        (10, "インシデント発生時の対応フローの確立"),
    ],
    "各リスク領域への対策": [
        (14, "個人情報・個人データの適正な取得"), (15, "個人情報・個人データの適正な利用"),
        (16, "データ取得における知的財産権の尊重"), (17, "AIの利用における知的財産権の尊重"),
        (18, "AIの設計における人間との相互作用のあり方、多様性・包摂性の考慮"),
        (19, "AIの精度低下や出力の誤りへの対策"),
        (20, "AIのバイアス・倫理的に問題のある出力への対策"), (21, "AIの悪用への技術的対策"),
        (22, "AIに対する攻撃への技術的対策"), (23, "AIの悪用や攻撃へのルール設計による対策"),
    ],
    "透明性・アカウンタビリティ確保": [
        (24, "継続的なリスク管理"), (25, "組織やルールに対する外部の視点からの検証"),
        (26, "第三者による技術面のリスク検証"), (27, "ステークホルダーとの対話"),
        (28, "バリューチェーン全体でのガバナンス実現"), (29, "透明性の確保"),
        (30, "アカウンタビリティの確保"), (31, "監査可能性の確保"),
        (32, "データのトレーサビリティの確保"), (33, "環境・持続可能性への影響の考慮"),
    ],
}  # fmt: skip
USE_CASE_AREA = "各リスク領域への対策"

# The two 改定事例 tables as printed (the cells of each row after 「ver1.x」).
BROCHURE_ROWS = {
    ("N15", "1.0"): (
        "AIモデル・サービスによる個人情報・個人データの処理にあたり、個人情報保護法に違反する利用や目的と関連性のないデータの利用、プライバシー侵害にあたる利用が発生しないよう、適切な手続きを行う仕組みを構築している ＞本事項に取り組まない場合、法令（個人情報保護法）違反、AIモデル・サービスによる不適切な出力、適正な手続の欠如によるユーザからの苦情・訴訟等に発展するおそれがある",
        "AIモデル・サービスによる個人情報・個人データの処理にあたり、個人情報保護法に違反する利用や目的と関連性のないデータの利用、プライバシー侵害にあたる利用が発生しないよう、適切な手続きを行う仕組みを検討している",
        "個人情報を利用する場合の社内規定が整備されており、また、研修などを通じて従業員に対しても個人情報を利用する際の注意点を周知する仕組みが整っている",
        "個人情報を利用する場合には、個人情報の専門家による監査が実施される体制が確立されている 特に利用するAIサービスが個人情報保護法や社内でのセキュリティポリシーに違反していないか、個人情報・個人データとそのほかデータを突合しAIに処理させることによって当該個人のプライバシー、人格権関連の権利・利益、財産を侵害することがないかを確認するプロセスが整っている また、研修などを通じて従業員に対しても個人情報を利用する際の注意点を周知する仕組みが整っている",
    ),
    ("N15", "1.1"): (
        "変更なし",
        "AIモデル・サービスによる個人情報・個人データの処理にあたり、個人情報保護法に違反する利用や目的と関連性のないデータの利用、プライバシー侵害にあたる利用が発生しないよう、適切な手続きを行うための社内規定の策定検討や、従業員への周知計画を策定するなど、具体的な仕組みの構築に向けた検討をしている",
        "個人情報を利用する場合の社内規定が整備されており、AIモデル・サービス利用時における個人情報保護法遵守のためのチェックプロセスが導入され、運用されている また、研修などを通じて従業員に対しても個人情報を利用する際の注意点や社内規定の遵守を周知する仕組みが整っており、その遵守状況を定期的に確認している",
        "3点の取り組みに加えて、個人情報を利用するAIサービスについては、利用開始前および定期的な個人情報の専門家による厳格な審査・監査が実施される体制が確立されている 特に利用するAIサービスが個人情報保護法や社内でのセキュリティポリシーに違反していないか、個人情報・個人データとそのほかデータを突合しAIに処理させることによって当該個人のプライバシー、人格権関連の権利・利益、財産を侵害することがないかを確認するプロセスが確立されており、そのプロセスが継続的に改善されている また、研修などを通じて従業員に対しても個人情報を利用する際の注意点を周知する仕組みが整っており、従業員からの疑問や懸念を吸い上げ、適切に対応する体制も構築されている",
    ),
    ("N16", "1.0"): (
        "AIモデル・サービスの学習データ、入力データ、検索拡張生成等に用いるデータベース用のデータを取得する際に、著作物や他者の登録商標等を適法に利用するための仕組みを構築している >本事項に取り組まない場合、法令（著作権法、意匠法、商標法等）に定められた権利の侵害に発展するおそれがある",
        "利用するデータの種類やデータの利用方法について、法的な専門家の助言も踏まえたうえで社内ルールが確立されている 著作物や他者の登録商標を利用する可能性がある場合には、知財部門に相談する仕組み・ルール化が整備されている",
        "利用するデータの種類やデータの利用方法について、法的な専門家の助言も踏まえたうえで社内ルールが確立されている 著作物や他者の登録商標を利用する可能性がある場合には、知財部門または外部専門家にアジャイルに相談する仕組み・ルール化が整備されている",
    ),
    ("N16", "1.1"): (
        "変更なし",
        "利用するデータの種類やデータの利用方法について、法的な専門家の助言も踏まえたうえで社内ルールが確立されており、そのルールに基づき、データ取得時の基本的なチェックプロセスが運用されている 著作物や他者の登録商標を利用する可能性がある場合には、知財部門に相談する仕組み・ルール化が整備され関係者への周知が徹底されている",
        "3点の取り組みに加えてAIの特性（生成AIによる学習データからの偶発的な生成物の出力等）を考慮した、より高度な知的財産権侵害リスク評価プロセスが導入され、継続的に運用されている 著作物や他者の登録商標を利用する可能性がある場合には、知財部門または外部専門家にアジャイルに相談する仕組み・ルール化が整備されている また、AIと知的財産権に関する国内外の最新の法改正や判例、議論の動向を継続的にモニタリングし、その結果を社内ルールやプロセスの見直しに反映させる仕組みが構築されている",
    ),
}


def _versions() -> dict[str, fmt.Version]:
    versions, problems = fmt.read_directory(CONTENT_DIR)
    assert problems == {}, problems
    return versions


@pytest.fixture(scope="module")
def versions():
    return _versions()


def _item(version: fmt.Version, key: str) -> fmt.Item:
    return next(item for item in version.items if item.key == key)


def _sentences(cell: str) -> str:
    """A printed cell as the content holds it: the sentences the brochure separates with a
    space, one a line."""
    return "\n".join(cell.split(" "))


def test_three_versions_ver11_and_ver20_published_ver10_a_reconstruction(versions):
    assert set(versions) == {"1.0", "1.1", "2.0"}
    assert versions["1.0"].reconstruction and not versions["1.1"].reconstruction
    assert versions["1.1"].status == versions["2.0"].status == "published"
    assert str(versions["1.1"].published_on).startswith("2025-09")
    assert str(versions["2.0"].published_on).startswith("2026-04")
    assert versions["1.0"].published_on is None  # the brochure gives no date: none invented
    assert versions["2.0"].copy_of == "1.1"


@pytest.mark.parametrize("number", ["1.0", "1.1", "2.0"])
def test_five_areas_and_36_items_as_the_brochure_lists_them(versions, number):
    version = versions[number]
    assert [area.title.ja for area in version.areas] == list(AREAS)
    for area in version.areas:
        assert [(i.number, i.title.ja) for i in area.items] == AREAS[area.title.ja]
        assert area.kind == ("use_case" if area.title.ja == USE_CASE_AREA else "company_wide")
    assert len(version.items) == 36
    assert sorted(item.key for item in version.items) == [f"N{n:02d}" for n in range(1, 37)]


@pytest.mark.parametrize("number", ["1.0", "1.1", "2.0"])
def test_every_item_is_complete_in_both_languages(versions, number):
    for item in versions[number].items:
        for text in (item.title, item.action, item.risk):
            assert text.ja.strip() and text.en.strip(), item.key
        assert item.risk.ja.startswith("本事項に取り組まない場合"), item.key
        assert not item.risk.ja.startswith(("＞", ">")), item.key
        assert [level.number for level in item.levels] == [1, 2, 3, 4]
        assert item.levels[0].text.ja == "未着手/わからない"
        for level in item.levels[1:]:
            assert level.text.ja.strip() and level.text.en.strip(), (item.key, level.number)
        assert item.applicability in ("developer", "user", "both")
        guideline = [r for r in item.references if r.document == "meti_guideline"]
        assert guideline, item.key
        for reference in item.references:
            assert reference.clause.strip() and reference.title.ja and reference.title.en


def test_points_are_the_brochures_with_level_one_our_reading(versions):
    for version in versions.values():
        assert version.level_points == (0, 1, 3, 4)
        assert "0点" in version.level_points_note.ja and "確認" in version.level_points_note.ja


def _written_texts(version: fmt.Version, language: str):
    for item in version.items:
        yield item.key, "action", getattr(item.action, language)
        yield item.key, "risk", getattr(item.risk, language)
        for level in item.levels[1:]:
            yield item.key, f"level {level.number}", getattr(level.text, language)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_no_text_is_copied_from_another_item(versions, language):
    """Nothing the same or nearly the same (85% alike) as another item's text."""
    texts = list(_written_texts(versions["1.1"], language))
    # Japanese compared character by character, English word by word.
    texts = [(k, w, list(t) if language == "ja" else t.split()) for k, w, t in texts]
    matcher = difflib.SequenceMatcher(autojunk=False)
    for index, (key_b, what_b, b) in enumerate(texts):
        matcher.set_seq2(b)
        for key_a, what_a, a in texts[:index]:
            if key_a == key_b:
                continue
            assert a != b, f"{key_a} {what_a} = {key_b} {what_b}"
            matcher.set_seq1(a)
            if matcher.real_quick_ratio() > 0.85 and matcher.quick_ratio() > 0.85:
                assert matcher.ratio() < 0.85, f"{key_a} {what_a} ≈ {key_b} {what_b}"


@pytest.mark.parametrize("number", ["1.0", "1.1"])
def test_items_15_and_16_are_word_for_word_the_brochures(versions, number):
    version = versions[number]
    n15 = _item(version, "N15")
    action_cell = BROCHURE_ROWS[("N15", "1.0")][0]  # ver1.1: 「変更なし」
    action, risk = re.split(r"\s*[＞>]", action_cell)
    assert n15.action.ja == action
    assert n15.risk.ja == risk
    printed = BROCHURE_ROWS[("N15", number)]
    assert [level.text.ja for level in n15.levels[1:]] == [_sentences(c) for c in printed[1:]]
    assert not any(level.ours for level in n15.levels)

    n16 = _item(version, "N16")
    action, risk = re.split(r"\s*[＞>]", BROCHURE_ROWS[("N16", "1.0")][0])
    assert (n16.action.ja, n16.risk.ja) == (action, risk)
    printed = BROCHURE_ROWS[("N16", number)]
    assert [level.text.ja for level in n16.levels[2:]] == [_sentences(c) for c in printed[1:]]
    # Level 2 is not printed: ours, and marked so.
    assert n16.levels[1].ours and not n16.levels[2].ours and not n16.levels[3].ours
    assert BROCHURE_ROWS[("N15", "1.1")][0] == BROCHURE_ROWS[("N16", "1.1")][0] == "変更なし"


def test_what_we_wrote_carries_the_mark_and_the_brochures_does_not(versions):
    for number in ("1.0", "1.1"):
        marked = {item.key for item in versions[number].items if item.review_mark}
        assert marked == {f"N{n:02d}" for n in range(1, 37)} - {"N15", "N16"}
    # ver2.0 is a placeholder copy until the SWG's text arrives: every item is our draft.
    assert all(item.review_mark for item in versions["2.0"].items)


def test_accountability_is_spelt_one_way_and_the_notes_say_so(versions):
    for path in Path(CONTENT_DIR).glob("*.yaml"):
        assert "アカウントビリティ" not in path.read_text(encoding="utf-8").replace(
            "「アカウントビリティ」", ""
        ), path.name
    assert "アカウンタビリティ" in versions["1.1"].notes.ja
    assert "アカウントビリティ" in versions["1.1"].notes.ja  # the normalisation, recorded


def test_ver10_differs_from_ver11_only_in_items_15_and_16(versions):
    old, new = versions["1.0"], versions["1.1"]
    changed = {
        item.key
        for item in new.items
        if [lv.text for lv in item.levels] != [lv.text for lv in _item(old, item.key).levels]
        or (item.action, item.risk) != (_item(old, item.key).action, _item(old, item.key).risk)
    }
    assert changed == {"N15", "N16"}


@pytest.mark.django_db
def test_after_migrate_the_three_versions_are_there_and_the_public_page_lists_the_36_titles(
    client,
):
    """The data migration loaded navi/content/: /navi/ shows ver2.0 (the latest dated; the
    undated reconstruction is never the current one) with the 36 titles in five areas."""
    from navi.models import NaviItem, NaviVersion

    assert set(NaviVersion.objects.values_list("number", flat=True)) >= {"1.0", "1.1", "2.0"}
    html = client.get("/navi/").content.decode()
    assert "ver2.0" in html
    assert "2026年4月1日 公開" in html  # the publication date as people write it
    for area, items in AREAS.items():
        assert area in html
        for _number, title in items:
            assert title in html, title
    ver10 = NaviVersion.objects.get(number="1.0")
    assert ver10.published_on is None and ver10.reconstruction
    assert NaviItem.objects.filter(version__number="1.1").count() == 36


@pytest.mark.django_db
def test_a_member_reads_every_item_with_its_marks_and_the_comparison_shows_15_and_16(client):
    from tests.factories import member_user

    client.force_login(member_user())
    brochure_level = _sentences(BROCHURE_ROWS[("N15", "1.1")][2])
    html = client.get("/navi/1.1/items/N15/").content.decode()
    assert brochure_level.split("\n")[0] in html
    assert "事務局案（SWG未レビュー）" not in html  # the brochure's own item
    html = client.get("/navi/1.1/items/N01/").content.decode()
    assert "事務局案（SWG未レビュー）" in html
    html = client.get("/navi/1.1/items/N16/").content.decode()
    assert "事務局案" in html  # its level 2 is ours
    for number in range(1, 37):
        assert client.get(f"/navi/1.1/items/N{number:02d}/").status_code == 200
    html = client.get("/navi/compare/?from=1.0&to=1.1").content.decode()
    assert 'data-key="N15" data-status="changed"' in html
    assert 'data-key="N16" data-status="changed"' in html
    assert 'data-key="N01" data-status' not in html  # unchanged rows only on request
    assert "再構成（事務局案）" in html
