from django.urls import path

from members import views_onboarding as views

app_name = "onboarding"

urlpatterns = [
    path("portal/invitation/<str:token>/", views.invitation, name="invitation"),
    path("members/", views.members_page, name="members_page"),
    path("members/logo/<int:pk>/", views.listing_logo, name="listing_logo"),
    path("secretariat/unpaid-applications/", views.unpaid, name="unpaid"),
]
