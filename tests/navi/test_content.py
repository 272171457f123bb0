"""The content file format: what it reads, and every problem named clearly."""

import copy
from pathlib import Path

import pytest

from navi import content_format as fmt
from navi.services.loading import CONTENT_DIR
from tests.navi.conftest import FIXTURE, parse


def errors_of(raw_data, **kwargs) -> list[str]:
    version, errors = fmt.parse_data(raw_data, **kwargs)
    assert version is None
    return errors


def test_the_fixture_reads_into_areas_items_levels_and_points(raw):
    version = parse(raw)
    assert version.version == "9.0" and version.status == "published"
    assert [area.key for area in version.areas] == ["rules", "risks"]
    assert [item.key for item in version.items] == ["N01", "N02", "N15"]
    n02 = version.items[1]
    assert n02.review_mark and n02.applicability == "user"
    assert [level.points for level in n02.levels] == [0, 1, 3, 4]
    assert n02.levels[1].ours and not n02.levels[2].ours
    assert version.items[2].references[1].clause == "MAP 2.1"
    assert version.level_points_note.en.startswith("Level 1 = 0 points")


@pytest.mark.parametrize(
    "path",
    sorted(CONTENT_DIR.glob("*.yaml")) + [FIXTURE],
    ids=lambda p: Path(p).name,
)
def test_every_content_file_is_valid(path):
    """Every file under navi/content/ (and the tests' fixture), as the loader reads them."""
    texts = {p.name: p.read_text(encoding="utf-8") for p in path.parent.glob("*.yaml")}
    versions, problems = fmt.read_texts(texts)
    assert problems.get(path.name) is None, "\n".join(problems[path.name])


def test_levels_points_applicability_and_references_are_checked(raw):
    bad = copy.deepcopy(raw)
    item = bad["areas"][0]["items"][0]
    del item["levels"][3]
    del item["applicability"]
    item["references"] = [dict(item["references"][1])]  # ISO only, no METI guideline
    bad["areas"][1]["items"][0]["references"] = []
    errors = errors_of(bad)
    text = "\n".join(errors)
    assert "areas[0].items[0] (N01).levels: 取組例は4段階必要です（3段階あります）。" in text
    assert "(N01).applicability: 対象（開発者・提供者／利用者／両方）がありません。" in text
    assert (
        "(N01).references: AI事業者ガイドライン（meti_guideline）への参照が1つ以上必要です。"
        in text
    )
    assert "(N15).references: 参照先（クロスウォーク）が1つ以上必要です。" in text


def test_points_must_ascend_and_keys_and_numbers_be_unique(raw):
    bad = copy.deepcopy(raw)
    bad["level_points"] = [0, 3, 1, 4]
    bad["areas"][1]["items"][0]["key"] = "N01"
    bad["areas"][1]["items"][0]["number"] = 2
    text = "\n".join(errors_of(bad))
    assert "level_points: 点数は段階ごとに大きくなる必要があります（昇順）。" in text
    assert "N01: 項目キーが重複しています。" in text
    assert "項目番号 2 が重複しています。" in text


def test_both_languages_are_required_and_unknown_fields_refused(raw):
    bad = copy.deepcopy(raw)
    bad["areas"][0]["items"][1]["title"] = {"ja": "AI利用ルール", "en": ""}
    bad["areas"][0]["items"][1]["levels"][2]["text"] = "利用ルールを定めている"
    bad["areas"][0]["items"][1]["levle"] = 1
    text = "\n".join(errors_of(bad))
    assert "(N02).title.en: 日本語と英語の両方が必要です（空欄です）。" in text
    assert "(N02).levels[2].text: 日本語と英語の組（{ja: …, en: …}）で書いてください。" in text
    assert "(N02): 不明な項目「levle」があります。" in text


def test_a_published_version_needs_its_date_and_ver11_its_structure(raw):
    bad = copy.deepcopy(raw)
    bad["published_on"] = None
    assert "published_on: 公開済みの版には公開日が必要です。" in errors_of(bad)
    bad = copy.deepcopy(raw)
    bad["version"] = "1.1"
    (error,) = errors_of(bad)
    assert error.startswith("areas: 項目数が ver1.1 の構成")


def test_yaml_that_does_not_parse_says_so():
    version, errors = fmt.parse_version("version: [1.1\n")
    assert version is None and errors[0].startswith("YAMLとして読めません")


def test_errors_are_english_on_english_pages(raw):
    from django.utils import translation

    bad = copy.deepcopy(raw)
    bad["status"] = "final"
    with translation.override("en"):
        _version, errors = fmt.parse_data(bad)
    assert errors and "final" in errors[0]


def test_copy_of_takes_the_areas_from_its_base_and_may_change_the_points(raw):
    base = parse(raw)
    copy_raw = {
        "version": "10.0",
        "status": "draft",
        "copy_of": "9.0",
        "level_points": [0, 2, 3, 4],
        "notes": {"ja": "改定案", "en": "Revision draft"},
    }
    version = parse(copy_raw, base=base)
    assert [item.key for item in version.items] == ["N01", "N02", "N15"]
    assert [level.points for level in version.items[0].levels] == [0, 2, 3, 4]
    assert version.documents == base.documents
    assert "copy_of: 複製元の版 ver8.0 がありません。" in errors_of(
        dict(copy_raw, copy_of="8.0"), base=None
    )


def test_a_directory_reads_copies_after_their_base_and_reports_circles():
    base = FIXTURE.read_text(encoding="utf-8")
    copy_text = 'version: "10.0"\nstatus: draft\ncopy_of: "9.0"\n'
    versions, problems = fmt.read_texts({"a_copy.yaml": copy_text, "ver9.0.yaml": base})
    assert problems == {} and set(versions) == {"9.0", "10.0"}
    circle = {
        "a.yaml": 'version: "1"\nstatus: draft\ncopy_of: "2"\n',
        "b.yaml": 'version: "2"\nstatus: draft\ncopy_of: "1"\n',
    }
    _versions, problems = fmt.read_texts(circle)
    assert set(problems) == {"a.yaml", "b.yaml"}


def test_to_raw_is_the_inverse_of_parsing(raw):
    version = parse(raw)
    assert parse(fmt.to_raw(version)) == version
    assert fmt.validate(version) == []


def test_a_leading_arrow_on_the_risk_is_dropped(raw):
    bad = copy.deepcopy(raw)
    bad["areas"][0]["items"][0]["risk"]["ja"] = "＞本事項に取り組まない場合、…"
    assert parse(bad).items[0].risk.ja == "本事項に取り組まない場合、…"
