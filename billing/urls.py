from django.urls import path

from billing import views

app_name = "billing"

urlpatterns = [
    path("quote/", views.quote_json, name="quote"),
    path("quote/fragment/", views.quote_fragment, name="quote_fragment"),
    path("membership/", views.membership, name="membership"),
]
