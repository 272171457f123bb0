"""The member portal's events, under /portal/events/ (added through members.portal)."""

from django.urls import path

from events.views import portal

app_name = "events_portal"

urlpatterns = [
    path("", portal.event_list, name="list"),
    path("calendar/", portal.calendar, name="calendar"),
    path("<int:pk>/", portal.event_detail, name="detail"),
    path("<int:pk>/register/", portal.event_register, name="register"),
    path(
        "registrations/<int:pk>/cancel/",
        portal.registration_cancel_view,
        name="registration_cancel",
    ),
]
