import io

import pytest

from members import seed_applications
from members.models import Application


@pytest.mark.django_db
def test_seed_is_idempotent_and_covers_each_category():
    seed_applications.seed(io.StringIO())
    seed_applications.seed(io.StringIO())
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
