from django.urls import path

from billing.views import estimates, public

app_name = "billing"

urlpatterns = [
    path("membership/", public.membership, name="membership"),
    path("billing/quote/", public.quote_json, name="quote"),
    path("billing/quote/fragment/", public.quote_fragment, name="quote_fragment"),
    path("billing/estimate.pdf", estimates.estimate_pdf, name="estimate_pdf"),
]
