"""Public event pages and calendars; a material for whoever the event's audience admits."""

from django.urls import path

from events.views import guests, public, staff

app_name = "events"

urlpatterns = [
    path("events/", public.event_list, name="list"),
    path("events/calendar.ics", public.public_feed, name="public_feed"),
    path("events/<int:pk>/", public.event_detail, name="detail"),
    path("events/<int:pk>.ics", public.event_ics, name="ics"),
    path("events/materials/<int:pk>/", public.material_download, name="material"),
    path("events/feed/<str:token>.ics", public.private_feed, name="private_feed"),
    path("events/<int:pk>/register/", guests.guest_register_view, name="guest_register"),
    path("events/<int:pk>/register/sent/", guests.guest_sent, name="guest_sent"),
    path("events/confirm/<str:token>/", guests.guest_confirm_view, name="guest_confirm"),
    # The secretariat's reception at the door, attendance and counts.
    path("secretariat/events/<int:pk>/checkin/", staff.checkin, name="checkin"),
    path(
        "secretariat/events/<int:pk>/checkin/<int:registration_id>/",
        staff.checkin_tap,
        name="checkin_tap",
    ),
    path("secretariat/events/<int:pk>/walk-in/", staff.walk_in, name="walk_in"),
    path("secretariat/events/<int:pk>/attendance/", staff.attendance, name="attendance"),
    path("secretariat/events/engagement/", staff.engagement, name="engagement"),
    path("secretariat/events/engagement.csv", staff.engagement_csv, name="engagement_csv"),
    path("secretariat/events/engagement.xlsx", staff.engagement_xlsx, name="engagement_xlsx"),
    path("secretariat/events/<int:pk>/agenda/", staff.agenda_page, name="agenda"),
    path("secretariat/events/<int:pk>/agenda.pdf", staff.agenda_pdf, name="agenda_pdf"),
    path("secretariat/events/<int:pk>/agenda.xlsx", staff.agenda_xlsx, name="agenda_xlsx"),
    path(
        "secretariat/events/<int:pk>/approve/<int:registration_id>/",
        staff.approve,
        name="approve",
    ),
]
