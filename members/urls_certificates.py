"""The member's certificates, under /portal/certificate/ (added through members.portal)."""

from django.urls import path

from members.views import certificates

app_name = "members_certificate"

urlpatterns = [
    path("", certificates.certificate_list, name="list"),
    path("<int:pk>/pdf/", certificates.certificate_pdf, name="pdf"),
]
