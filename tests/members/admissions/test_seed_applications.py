import io

import pytest

from members.admissions import demo
from members.admissions.models import Application


@pytest.mark.django_db
def test_seed_is_idempotent_and_covers_each_category():
    demo.seed_applications(io.StringIO())
    demo.seed_applications(io.StringIO())
    rows = set(Application.objects.values_list("category", "status"))
    assert rows == {
        ("corporate", "draft"),
        ("corporate", "submitted"),
        ("expert", "draft"),
        ("expert", "submitted"),
    }
    assert Application.objects.count() == 5
    assert set(
        Application.objects.filter(status="submitted").values_list("quoted_tier", flat=True)
    ) == {
        "regular",
        "smb",
        "expert",
    }
