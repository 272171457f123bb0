"""Every outbox context holds raw values only: ISO dates, integers of yen, codes, names.
The templates write them out in the language they render (issue 10). Checked over the
messages the whole demo sends, which use every template the apps declare."""

import re

import pytest

from aiga.mail import registered_defaults, render_message

pytestmark = pytest.mark.django_db

FORMATTED = {
    "a Japanese date": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    "yen with 円": re.compile(r"\d[\d,]*円"),
    "yen with ¥": re.compile(r"¥\s?\d"),
    "an English date": re.compile(
        r"\d{1,2} (January|February|March|April|May|June|July|August|September|October"
        r"|November|December) \d{4}"
    ),
    "a local date-time": re.compile(r"\d{4}[-/]\d{1,2}[-/]\d{1,2} \d{1,2}:\d{2}"),
    "a pre-joined list": re.compile(r"\n・"),
}
# The invoice's own lines are the immutable document's text, quoted as they were issued
# (「年会費（2025年10月1日～2026年9月30日）」); they are data, not a formatted value.
DOCUMENT_TEXT = re.compile(r"^context\.lines\[\d+\]\.description$")


def problems(value, path="context"):
    found = []
    if isinstance(value, dict):
        for key, item in value.items():
            found += problems(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += problems(item, f"{path}[{index}]")
    elif isinstance(value, str):
        if not DOCUMENT_TEXT.match(path):
            found += [
                f"{path} holds {name}: {value!r}"
                for name, p in FORMATTED.items()
                if p.search(value)
            ]
    elif not (value is None or isinstance(value, bool | int)):
        found.append(f"{path} is a {type(value).__name__}")
    return found


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (
            {
                "due": "2026-12-30",
                "total": 150000,
                "lines": [{"description": "入会費（2026年4月1日～）"}],
            },
            0,
        ),
        ({"due": "2026年12月30日"}, 1),
        ({"total": "150,000円"}, 1),
        ({"total": "¥150,000"}, 1),
        ({"at": "30 December 2026"}, 1),
        ({"at": "2026-12-30 18:00"}, 1),
        ({"list": "・A\n・B"}, 1),
        ({"nested": [{"when": "2026年1月5日"}]}, 1),
    ],
)
def test_the_check_itself_finds_formatted_values(value, expected):
    assert len(problems(value)) == expected


def test_every_context_the_demo_writes_holds_raw_values_only(demo_messages):
    assert len(demo_messages) > 20
    found = [f"{m.template_key}: {p}" for m in demo_messages for p in problems(m.context)]
    assert found == []


def test_the_demo_uses_every_template_and_each_renders_in_both_languages(demo_messages):
    used = {m.template_key for m in demo_messages}
    declared = set(registered_defaults()) - {"generic_notice"}
    missing = declared - used
    # A new template fails here until the fixture sends it.
    assert missing == set(), missing
    for message in demo_messages:
        for language in ("ja", "en"):
            subject, body = render_message(message.template_key, message.context, language)
            assert subject and body
            assert "{{" not in body and "{%" not in body
            if language == "en" and registered_defaults()[message.template_key].body_en:
                assert not FORMATTED["a Japanese date"].search(body.split("Dear", 1)[-1]), body
