"""Public event pages and calendars; a material for whoever the event's audience admits."""

from django.urls import path

from events.views import public

app_name = "events"

urlpatterns = [
    path("events/", public.event_list, name="list"),
    path("events/calendar.ics", public.public_feed, name="public_feed"),
    path("events/<int:pk>/", public.event_detail, name="detail"),
    path("events/<int:pk>.ics", public.event_ics, name="ics"),
    path("events/materials/<int:pk>/", public.material_download, name="material"),
    path("events/feed/<str:token>.ics", public.private_feed, name="private_feed"),
]
