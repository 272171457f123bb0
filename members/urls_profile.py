"""/portal/profile/: the company's details and 変更届, its people, my settings, the logo."""

from django.urls import path

from members.views import profile

app_name = "members_profile"

urlpatterns = [
    path("", profile.profile, name="profile"),
    path("notices/new/", profile.notice_new, name="notice_new"),
    path("notices/<int:pk>/", profile.notice, name="notice"),
    path("notices/<int:pk>/withdraw/", profile.notice_withdraw, name="notice_withdraw"),
    path("notices/<int:pk>/document/", profile.notice_document, name="notice_document"),
    path("people/", profile.people, name="people"),
    path("people/new/", profile.person_add, name="person_add"),
    path("people/<int:pk>/", profile.person, name="person"),
    path("people/<int:pk>/deactivate/", profile.person_deactivate, name="person_deactivate"),
    path("people/<int:pk>/invite/", profile.person_invite, name="person_invite"),
    path("settings/", profile.my_settings, name="settings"),
    path("logo/", profile.logo, name="logo"),
    path("logo/current/", profile.logo_image, {"which": "current"}, name="logo_current"),
    path("logo/pending/", profile.logo_image, {"which": "pending"}, name="logo_pending"),
]
