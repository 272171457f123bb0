from django.urls import path

from billing import estimate_views

app_name = "billing_invoices"

urlpatterns = [
    path("estimate.pdf", estimate_views.estimate_pdf, name="estimate_pdf"),
]
