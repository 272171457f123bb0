"""The admin's index offers each shortcut only to those who may use it: every link it
shows answers, and the board's queue is not shown to the secretariat (it would be 403)."""

import re

import pytest

from members.roles import BOARD, SECRETARIAT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _shortcuts(page: str) -> list[str]:
    block = page.split('id="secretariat-shortcuts"', 1)
    if len(block) == 1:
        return []
    return re.findall(r'href="([^"]+)"', block[1].split("</div>", 1)[0])


@pytest.mark.parametrize(
    ("groups", "sees_queue"),
    [([SECRETARIAT], False), ([SECRETARIAT, BOARD], True)],
)
def test_every_shortcut_shown_answers(client, groups, sees_queue):
    user = UserFactory(groups=groups)
    client.force_login(user)
    page = client.get("/admin/").content.decode()
    links = _shortcuts(page)
    assert links, "the secretariat has shortcuts"
    assert any(link.startswith("/board/") for link in links) is sees_queue
    for link in links:
        assert client.get(link.replace("&amp;", "&")).status_code == 200, link


def test_a_secretariat_user_is_refused_the_board_queue_it_is_not_offered(client):
    client.force_login(UserFactory(groups=[SECRETARIAT]))
    assert client.get("/board/").status_code == 403
    assert "理事会 承認キュー" not in client.get("/admin/").content.decode()
