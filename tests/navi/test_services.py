"""Loading, copying and publishing versions, and the review mark's services."""

import datetime

import pytest
from django.core.management import CommandError, call_command

from aiga.audit import action_label
from aiga.models import AuditEntry
from navi.models import NaviItem, NaviLevel, NaviVersion
from navi.services import versions as services
from navi.services.loading import versions_load_files
from tests.navi.conftest import FIXTURE, parse

pytestmark = pytest.mark.django_db


def test_load_creates_the_version_as_the_file_says(published):
    assert published.is_published and published.published_on == datetime.date(2026, 11, 1)
    assert published.areas.count() == 2 and published.items.count() == 3
    n15 = published.items.get(key="N15")
    assert n15.area.kind == "use_case" and n15.applicability == "developer"
    assert list(n15.levels.values_list("points", flat=True)) == [0, 1, 3, 4]
    assert n15.references.count() == 2
    assert published.document_title("iso42001") == "ISO/IEC 42001:2023 附属書A"
    entry = AuditEntry.objects.get(action="navi_version.load", object_id=str(published.pk))
    assert entry.data["items"] == 3
    assert entry.target == published
    assert action_label("navi_version.load") == "ナビの版の読込み"


def test_load_refuses_a_version_already_there_and_an_invalid_one(published, raw):
    with pytest.raises(services.NaviError):
        services.version_load(data=parse(raw), actor=None)
    bad = parse(raw)
    import dataclasses

    bad = dataclasses.replace(bad, version="9.9", level_points=(0, 1, 1, 4))
    with pytest.raises(services.NaviError) as exc:
        services.version_load(data=bad, actor=None)
    assert any("昇順" in error for error in exc.value.errors)
    assert not NaviVersion.objects.filter(number="9.9").exists()


def test_navi_load_command_is_idempotent_and_reports_bad_files(tmp_path):
    call_command("navi_load", file=str(FIXTURE), stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("navi_load", file=str(FIXTURE), stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert NaviVersion.objects.filter(number="9.0").count() == 1
    broken = tmp_path / "ver9.1.yaml"
    broken.write_text('version: "9.1"\nstatus: published\n', encoding="utf-8")
    with pytest.raises(CommandError) as exc:
        call_command("navi_load", file=str(broken))
    assert "published_on: 公開済みの版には公開日が必要です。" in str(exc.value)


def test_the_loader_reads_a_folder_and_does_nothing_without_one(tmp_path):
    assert versions_load_files(directory=tmp_path / "none") == []
    (tmp_path / "ver9.0.yaml").write_text(FIXTURE.read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "ver10.0.yaml").write_text(
        'version: "10.0"\nstatus: draft\ncopy_of: "9.0"\n', encoding="utf-8"
    )
    loaded = versions_load_files(directory=tmp_path)
    assert [str(v) for v in loaded] == ["ver9.0", "ver10.0"]
    assert loaded[1].copied_from == loaded[0] and loaded[1].items.count() == 3
    assert versions_load_files(directory=tmp_path) == []


def test_copy_makes_a_draft_with_the_whole_structure(published, secretariat):
    draft = services.version_copy(version=published, actor=secretariat)
    assert draft.number == "9.1" and draft.status == "draft" and draft.copied_from == published
    assert sorted(draft.items.values_list("key", flat=True)) == ["N01", "N02", "N15"]
    assert NaviLevel.objects.filter(item__version=draft).count() == 12
    assert draft.items.get(key="N02").review_mark  # kept as it was
    assert AuditEntry.objects.filter(action="navi_version.copy", actor=secretariat).exists()
    again = services.version_copy(version=published, actor=secretariat)
    assert again.number == "9.2"
    with pytest.raises(services.NaviError):
        services.version_copy(version=published, actor=secretariat, number="9.1")


def test_publish_checks_the_draft_then_freezes_it(published, secretariat):
    draft = services.version_copy(version=published, actor=secretariat)
    level = NaviLevel.objects.get(item__version=draft, item__key="N01", number=2)
    level.points = 0
    level.save()
    with pytest.raises(services.NaviError) as exc:
        services.version_publish(version=draft, actor=secretariat)
    assert any("N01" in error for error in exc.value.errors)
    level.points = 1
    level.save()
    day = datetime.date(2026, 4, 1)
    done = services.version_publish(version=draft, actor=secretariat, published_on=day)
    assert done.is_published and done.published_on == day
    entry = AuditEntry.objects.get(action="navi_version.publish", object_id=str(done.pk))
    assert (entry.from_state, entry.to_state, entry.actor) == ("draft", "published", secretariat)
    with pytest.raises(services.NaviError):
        services.version_publish(version=done, actor=secretariat)


def test_texts_of_a_marked_item_stay_editable_with_history_until_cleared(published, secretariat):
    n02 = published.items.get(key="N02")
    services.item_update_texts(
        item=n02,
        actor=secretariat,
        texts={"title_ja": "AI利用ルールの策定"},
        level_texts={2: {"text_en": "Rules are being drafted"}},
    )
    n02.refresh_from_db()
    assert n02.title_ja == "AI利用ルールの策定"
    assert n02.levels.get(number=2).text_en == "Rules are being drafted"
    assert n02.history.count() == 2 and n02.levels.get(number=2).history.count() == 2
    entry = AuditEntry.objects.get(action="navi_item.update_texts")
    assert entry.data["changed"]["title_ja"] == {
        "before": "AI利用ルール",
        "after": "AI利用ルールの策定",
    }
    services.item_clear_review_mark(item=n02, actor=secretariat)
    assert AuditEntry.objects.filter(action="navi_item.clear_review_mark").exists()
    with pytest.raises(services.NaviError):
        services.item_update_texts(item=n02, actor=secretariat, texts={"title_ja": "x"})
    with pytest.raises(services.NaviError):
        services.item_clear_review_mark(item=n02, actor=secretariat)
    assert NaviItem.objects.get(pk=n02.pk).title_ja == "AI利用ルールの策定"


def test_texts_of_an_unmarked_item_of_a_published_version_are_refused(published, secretariat):
    n01 = published.items.get(key="N01")
    with pytest.raises(services.NaviError):
        services.item_update_texts(item=n01, actor=secretariat, texts={"risk_en": "x"})
    with pytest.raises(services.NaviError):
        services.item_update_texts(item=n01, actor=secretariat, texts={"number": 3})


def test_next_draft_number():
    assert services.next_draft_number("1.1", {"1.1"}) == "1.2"
    assert services.next_draft_number("1.1", {"1.1", "1.2"}) == "1.3"
    assert services.next_draft_number("2", set()) == "2.1"


def test_the_data_migration_loads_nothing_without_files_and_is_idempotent(db):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("navi.migrations.0002_load_content")
    before = NaviVersion.objects.count()
    migration.load(apps, None)
    migration.load(apps, None)
    assert NaviVersion.objects.count() == before
