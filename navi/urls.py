from django.urls import path

from navi.views import public, rounds

app_name = "navi"

urlpatterns = [
    path("navi/", public.navi_home, name="home"),
    path("navi/compare/", public.compare_versions, name="compare"),
    path("navi/items/<str:key>/", public.item_current, name="item"),
    path("navi/<str:number>/items/<str:key>/", public.item_detail, name="version_item"),
    path("navi/rounds/<int:pk>/report/", rounds.report, name="round_report"),
    path("navi/rounds/<int:pk>/report/answers.csv", rounds.export, name="round_export"),
    path("navi/rounds/<int:pk>/report/summary.pdf", rounds.summary_pdf, name="round_summary"),
]
