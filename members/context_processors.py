"""What every page's navigation needs: the roles the user holds, and for members their
organisation and the portal's sections."""

from django.conf import settings

from members import roles
from members.portal import portal_sections
from members.scoping import user_organisation


def site(request):
    user = getattr(request, "user", None)
    organisation = user_organisation(user) if user else None
    return {
        "ASSOCIATION": settings.ASSOCIATION,
        "nav": {
            "secretariat": roles.is_secretariat(user) if user else False,
            "board": roles.is_board(user) if user else False,
            "member_organisation": organisation,
            "portal_sections": portal_sections() if organisation else [],
        },
    }
