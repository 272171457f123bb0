"""The member portal's Navi, under /portal/navi/ (added through members.portal)."""

from django.urls import path

from navi.portal import views

app_name = "navi_portal"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/<int:version_id>/", views.start, name="start"),
    path("invite/<int:contact_id>/", views.invite, name="invite"),
    path("<int:pk>/", views.assessment, name="assessment"),
    path("<int:pk>/areas/<slug:area_key>/", views.area, name="area"),
    path("<int:pk>/items/<slug:item_key>/", views.item_save, name="item_save"),
    path("<int:pk>/items/<slug:item_key>/evidence/", views.evidence, name="evidence"),
    path("<int:pk>/items/<slug:item_key>/confirm/", views.confirm_item, name="confirm_item"),
    path("<int:pk>/areas/<slug:area_key>/confirm/", views.confirm_area, name="confirm_area"),
    path("<int:pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/result/", views.result, name="result"),
    path("<int:pk>/result/report.pdf", views.result_pdf, name="result_pdf"),
    path("<int:pk>/result/answers.xlsx", views.result_xlsx, name="result_xlsx"),
    path("<int:pk>/benchmark/", views.benchmark, name="benchmark"),
]
