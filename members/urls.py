"""The register's pages: the member portal's shell (and the sections other apps add to
it), portal invitations, the public members' page, and the board's private calendar."""

from django.urls import path

from members.views import accounts, bounces, calendar, certificates, invitations, portal, public

app_name = "members"

urlpatterns = [
    path("accounts/roles/", accounts.choose_role, name="choose_role"),
    path("portal/", portal.portal_home, name="portal_home"),
    path("portal/documents/<int:pk>/", portal.document_download, name="document_download"),
    path("portal/invitation/<str:token>/", invitations.invitation, name="invitation"),
    path("verify/<str:code>/", certificates.certificate_verify, name="certificate_verify"),
    path("members/", public.members_page, name="members_page"),
    path("members/logo/<int:pk>/", public.listing_logo, name="listing_logo"),
    path("board/calendar/", calendar.board_calendar, name="board_calendar"),
    # The mail provider's bounce report (EMAIL_BOUNCE_TOKEN; 404 without it).
    path("hooks/email-bounce/", bounces.email_bounce, name="email_bounce"),
    path(
        "board/calendar/<str:token>.ics", calendar.board_calendar_feed, name="board_calendar_feed"
    ),
]
