"""The site's URLs plus /bench/trivial/: one ORM query and a tiny template, the yardstick
every page's throughput is divided by (the same server, the same run)."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from aiga.urls import urlpatterns as site_urlpatterns
from members.models import Industry

_TEMPLATE = engines["django"].from_string("<p>{{ industry }}</p>")


def trivial(request):
    return HttpResponse(_TEMPLATE.render({"industry": Industry.objects.first()}))


urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
