"""The English catalogue is complete: every string marked for translation has English."""

import re
from pathlib import Path

import polib
import pytest

from tests.helpers import ROOT

PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
APPS = ("aiga", "members", "billing", "navi", "events", "templates")
TEMPLATE_STRING = re.compile(r"""\{%\s*translate\s+"([^"]+)"\s*(?:as\s+\w+\s*)?%\}""")
PYTHON_STRING = re.compile(r"""\b(?:_|gettext|gettext_lazy|pgettext)\(\s*"([^"\\]+)"\s*\)""")


@pytest.fixture(scope="module")
def catalogue():
    return polib.pofile(str(PO))


def test_no_untranslated_or_fuzzy_entries(catalogue):
    assert [e.msgid for e in catalogue.untranslated_entries()] == []
    assert [e.msgid for e in catalogue.fuzzy_entries()] == []


def _marked_strings():
    for app in APPS:
        for path in Path(ROOT, app).rglob("*"):
            if "migrations" in path.parts or not path.is_file():
                continue
            if path.suffix == ".html":
                yield from ((path, s) for s in TEMPLATE_STRING.findall(path.read_text()))
            elif path.suffix == ".py":
                yield from ((path, s) for s in PYTHON_STRING.findall(path.read_text()))


def test_every_marked_string_is_in_the_catalogue(catalogue):
    known = {entry.msgid for entry in catalogue}
    missing = sorted(
        {
            f"{path.relative_to(ROOT)}: {text}"
            for path, text in _marked_strings()
            # makemessages writes a literal % in a template string as %%
            if text not in known and text.replace("%", "%%") not in known
        }
    )
    assert missing == [], "run `make messages` and translate:\n" + "\n".join(missing)
