from django.conf import settings

from members import roles
from members.scoping import user_organisation


def site(request):
    user = getattr(request, "user", None)
    return {
        "ASSOCIATION": settings.ASSOCIATION,
        "nav": {
            "secretariat": roles.is_secretariat(user) if user else False,
            "board": roles.is_board(user) if user else False,
            "member_organisation": user_organisation(user) if user else None,
        },
    }
