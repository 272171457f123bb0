"""The member portal's page of the documents the company agreed to when it joined, and of
the new versions it is asked to accept, under /portal/admissions/ (added through
members.portal)."""

from django.urls import path

from members.admissions.views import portal

app_name = "admissions_portal"

urlpatterns = [
    path("", portal.agreements, name="agreements"),
    path("accept/<int:pk>/", portal.accept, name="accept"),
]
