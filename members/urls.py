"""The register's pages: the member portal's shell (and the sections other apps add to
it), portal invitations, and the public members' page."""

from django.urls import path

from members.views import invitations, portal, public

app_name = "members"

urlpatterns = [
    path("portal/", portal.portal_home, name="portal_home"),
    path("portal/documents/<int:pk>/", portal.document_download, name="document_download"),
    path("portal/invitation/<str:token>/", invitations.invitation, name="invitation"),
    path("members/", public.members_page, name="members_page"),
    path("members/logo/<int:pk>/", public.listing_logo, name="listing_logo"),
]
