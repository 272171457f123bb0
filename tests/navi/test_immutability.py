"""A published version's structure never changes, for any caller (like issued invoices)."""

import pytest

from aiga.models import ImmutableError
from navi.models import NaviArea, NaviItem, NaviLevel, NaviReference, NaviVersion
from navi.services.versions import item_clear_review_mark

pytestmark = pytest.mark.django_db


def test_the_version_itself_is_frozen_but_its_notes(published):
    published.number = "9.9"
    with pytest.raises(ImmutableError):
        published.save()
    published.refresh_from_db()
    published.status = "draft"
    with pytest.raises(ImmutableError):
        published.save(update_fields=["status"])
    published.refresh_from_db()
    published.level_points_note_ja = "協会が確認しました。"
    published.save()
    with pytest.raises(ImmutableError):
        published.delete()
    with pytest.raises(ImmutableError):
        NaviVersion.objects.all().delete()
    with pytest.raises(ImmutableError):
        NaviVersion.objects.filter(pk=published.pk).update(reconstruction=True)
    assert NaviVersion.objects.get(pk=published.pk).number == "9.0"


@pytest.mark.parametrize(
    "field,value",
    [("key", "N99"), ("number", 9), ("applicability", "user"), ("title_ja", "新しい名前")],
)
def test_an_unmarked_item_refuses_every_change(published, field, value):
    item = published.items.get(key="N01")
    setattr(item, field, value)
    with pytest.raises(ImmutableError):
        item.save()


def test_items_levels_areas_and_references_refuse_changes_and_deletes(published):
    item = published.items.get(key="N15")
    level = item.levels.get(number=2)
    level.points = 2
    with pytest.raises(ImmutableError):
        level.save()
    level.refresh_from_db()
    level.text_ja = "変更"
    with pytest.raises(ImmutableError):
        level.save()
    for row in (item, level, item.references.first(), item.area):
        with pytest.raises(ImmutableError):
            row.delete()
    for model in (NaviArea, NaviItem, NaviLevel, NaviReference):
        with pytest.raises(ImmutableError):
            model.objects.all().delete()
        with pytest.raises(ImmutableError):
            model.objects.all().update(pk=models_pk(model))
    with pytest.raises(ImmutableError):
        NaviItem.objects.create(
            version=published,
            area=item.area,
            key="N99",
            number=99,
            title_ja="追加",
            action_ja="追加",
            risk_ja="追加",
        )
    with pytest.raises(ImmutableError):
        NaviLevel.objects.bulk_create([NaviLevel(item=item, number=4, text_ja="x", points=9)])
    assert published.items.count() == 3


def models_pk(model):
    return model.objects.order_by("pk").first().pk


def test_a_marked_item_keeps_its_structure_but_its_texts_move_until_cleared(published):
    item = published.items.get(key="N02")
    item.title_en = "Rules for the use of AI"
    item.save()
    level = item.levels.get(number=3)
    level.text_en = "Rules are in place"
    level.save()
    level.points = 2
    with pytest.raises(ImmutableError):
        level.save()
    item.applicability = "both"
    with pytest.raises(ImmutableError):
        item.save()
    item_clear_review_mark(item=NaviItem.objects.get(pk=item.pk), actor=None)
    item = NaviItem.objects.get(pk=item.pk)
    item.title_en = "Again"
    with pytest.raises(ImmutableError):
        item.save()
    item.refresh_from_db()
    item.review_mark = True  # never set again
    with pytest.raises(ImmutableError):
        item.save()


def test_a_draft_is_edited_and_deleted_freely(draft):
    item = draft.items.get(key="N01")
    item.number = 7
    item.review_mark = True
    item.save()
    NaviLevel.objects.filter(item=item).update(points=2)
    draft.delete()
    assert not NaviVersion.objects.filter(pk=draft.pk).exists()
