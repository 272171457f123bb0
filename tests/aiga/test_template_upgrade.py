"""A wording fixed in the code reaches a running install: after migrate, a template nobody
has edited is brought up to the current default; one the secretariat edited is kept."""

import pytest

from aiga.mail import ensure_default_templates, registered_defaults, text_sha256
from aiga.models import EmailTemplate

pytestmark = pytest.mark.django_db

KEY = "membership_issued"
OLD = {
    "subject_ja": "【AIガバナンス協会】会員資格発行のお知らせ",
    "body_ja": "古い文面です。\n今後とも宜しく。\n今後とも宜しく。",
    "subject_en": "Old subject",
    "body_en": "Old text.",
}


def _current_body():
    return registered_defaults()[KEY].full_body_ja()


def _row_from_an_old_default(**changes):
    EmailTemplate.objects.filter(key=KEY).delete()
    return EmailTemplate.objects.create(key=KEY, default_sha256=text_sha256(OLD), **OLD, **changes)


def test_an_unedited_template_takes_the_new_default():
    _row_from_an_old_default()
    ensure_default_templates()
    row = EmailTemplate.objects.get(key=KEY)
    assert row.body_ja == _current_body()
    assert row.body_ja.count("今後とも") == 1
    assert row.history.first().history_change_reason == "既定の文面の更新"


def test_an_edited_template_is_kept():
    row = _row_from_an_old_default()
    row.body_ja = "事務局が書き直した文面"
    row.save()
    ensure_default_templates()
    assert EmailTemplate.objects.get(key=KEY).body_ja == "事務局が書き直した文面"


def test_a_template_from_before_the_record_is_judged_by_its_history():
    EmailTemplate.objects.filter(key=KEY).delete()
    unedited = EmailTemplate.objects.create(key=KEY, **OLD)  # no default_sha256 yet
    ensure_default_templates()
    unedited.refresh_from_db()
    assert unedited.body_ja == _current_body()

    EmailTemplate.objects.filter(key=KEY).delete()
    edited = EmailTemplate.objects.create(key=KEY, **OLD)
    edited.body_ja = "事務局が書き直した文面"
    edited.save()
    ensure_default_templates()
    edited.refresh_from_db()
    assert edited.body_ja == "事務局が書き直した文面"


def test_a_missing_template_is_created_and_a_second_run_changes_nothing():
    EmailTemplate.objects.filter(key=KEY).delete()
    ensure_default_templates()
    row = EmailTemplate.objects.get(key=KEY)
    versions = row.history.count()
    ensure_default_templates()
    assert EmailTemplate.objects.get(key=KEY).history.count() == versions
