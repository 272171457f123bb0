"""/portal/<slug>/ for each section an app adds to the member portal (members.portal), each
in the app's own URL namespace. Read when the URLs are first loaded, after every app's
ready() has registered its section."""

from django.urls import include, path

from members.portal import portal_sections

urlpatterns = [path(f"portal/{s.slug}/", include(s.urls)) for s in portal_sections()]
