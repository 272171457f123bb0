"""The member portal's invoices, under /portal/billing/ (added through members.portal)."""

from django.urls import path

from billing.views import portal

app_name = "billing_portal"

urlpatterns = [
    path("", portal.invoice_list, name="invoices"),
    path("<int:pk>/pdf/", portal.invoice_download, name="invoice_download"),
    path("<int:pk>/receipt/", portal.receipt, name="receipt"),
]
