from django.urls import path

from members import views_applications as views

app_name = "apply"

urlpatterns = [
    path("apply/", views.apply_agreements, name="agreements"),
    path("apply/form/", views.apply_form, name="form"),
    path("apply/quote/", views.apply_quote, name="quote"),
    path("apply/postal/", views.apply_postal, name="postal"),
    path("apply/draft/", views.apply_link_request, name="link_request"),
    path("apply/draft/<str:token>/", views.apply_resume, name="resume"),
    path("apply/done/", views.apply_done, name="done"),
]
