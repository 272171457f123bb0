"""Content files into the database: every version under navi/content/ not loaded yet.
Used by `manage.py navi_load` and by the data migration, so both load the same way."""

from __future__ import annotations

from pathlib import Path

from django.utils.translation import gettext as _

from navi import content_format as fmt
from navi.models import NaviVersion
from navi.services.versions import NaviError, version_load

CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"


def _read(directory: Path, extra: Path | None = None):
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(directory.glob("*.yaml"))}
    if extra is not None:
        texts[extra.name] = extra.read_text(encoding="utf-8")
    return fmt.read_texts(texts)


def versions_load_files(
    *, actor=None, directory: Path = CONTENT_DIR, file: Path | None = None
) -> list[NaviVersion]:
    """Load each version of the directory's files (or only `file`'s, reading its folder for
    the version its `copy_of` names) that is not in the database yet, bases first.
    Problems in a file to load stop everything before anything is written."""
    if file is not None:
        file = Path(file)
        versions, problems = _read(file.parent, file)
        wanted = {file.name}
    else:
        if not directory.is_dir():
            return []
        versions, problems = _read(directory)
        wanted = None
    if wanted is not None:
        problems = {name: errors for name, errors in problems.items() if name in wanted}
    if problems:
        lines = [f"{name}: {error}" for name, errors in problems.items() for error in errors]
        raise NaviError(_("ナビの内容ファイルに誤りがあります。"), lines)
    if wanted is not None:
        text = file.read_text(encoding="utf-8")
        raw, _errors = fmt.load_yaml(text)
        number = str(raw.get("version"))
        versions = {number: versions[number]}
    existing = set(NaviVersion.objects.values_list("number", flat=True))
    loaded = []
    pending = [v for n, v in versions.items() if n not in existing]
    # A copy after the version it copies.
    pending.sort(key=lambda v: (v.copy_of is not None, v.version))
    for data in pending:
        loaded.append(version_load(data=data, actor=actor, source=data.version))
    return loaded
