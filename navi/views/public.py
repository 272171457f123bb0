"""The Navi's pages: the public introduction (/navi/), an item in full and the comparison of
two versions (members and the secretariat)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from members.roles import is_secretariat
from navi import scoring
from navi.access import can_read_content, reader_required
from navi.compare import ADDED, CHANGED, REMOVED, UNCHANGED
from navi.selectors import versions as selectors


def navi_home(request):
    version = selectors.current_version()
    return render(
        request,
        "navi/home.html",
        {
            "version": version,
            "points": selectors.version_points(version) if version else [],
            "tiers": scoring.TIERS,
            "reader": can_read_content(request.user),
            "versions": list(selectors.published_versions()),
        },
    )


def _version_or_404(request, number: str):
    version = selectors.version_by_number(number, published_only=not is_secretariat(request.user))
    if version is None:
        raise Http404
    return version


def _render_item(request, version, key: str, *, current: bool):
    item = selectors.version_item(version, key)
    if item is None:
        raise Http404
    items = selectors.version_outline(version)
    index = next(i for i, other in enumerate(items) if other.pk == item.pk)
    return render(
        request,
        "navi/item.html",
        {
            "version": version,
            "item": item,
            "previous": items[index - 1] if index > 0 else None,
            "next": items[index + 1] if index + 1 < len(items) else None,
            "current": current,
            "other_versions": selectors.item_other_versions(
                item, published_only=not is_secretariat(request.user)
            ),
        },
    )


@reader_required
def item_current(request, key: str):
    latest = selectors.current_version_id()
    if latest is None:
        raise Http404
    return _render_item(request, selectors.version_by_id(latest), key, current=True)


@reader_required
def item_detail(request, number: str, key: str):
    version = _version_or_404(request, number)
    return _render_item(request, version, key, current=False)


@reader_required
def compare_versions(request):
    published_only = not is_secretariat(request.user)
    choices = list(selectors.published_versions() if published_only else selectors.all_versions())
    new_number, old_number = request.GET.get("to"), request.GET.get("from")
    if new_number:
        new = _version_or_404(request, new_number)
    else:
        new = choices[0] if choices else None
    if old_number:
        old = _version_or_404(request, old_number)
    else:
        older = [v for v in choices if new is not None and v.pk != new.pk]
        old = older[0] if older else None
    comparison = selectors.version_compare(old, new) if old and new else None
    return render(
        request,
        "navi/compare.html",
        {
            "choices": choices,
            "old": old,
            "new": new,
            "comparison": comparison,
            "statuses": (ADDED, REMOVED, CHANGED, UNCHANGED),
            "only_changes": request.GET.get("all") != "1",
        },
    )
