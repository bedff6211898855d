"""Tutela's URL map plus `/bench/floor`, a bare Django JSON view that is the benchmarks' floor.

The floor goes through the same gunicorn worker and the same middleware as every Tutela
request, but does no authentication, no database query and no serialization: what an API
endpoint costs above it is what Tutela adds.
"""

from django.http import HttpRequest, JsonResponse
from django.urls import path

from tutela.config import urls as tutela_urls


def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok", "view": "floor"})


urlpatterns = [path("bench/floor", floor, name="bench_floor"), *tutela_urls.urlpatterns]

handler404 = tutela_urls.handler404
handler500 = tutela_urls.handler500
handler403 = tutela_urls.handler403
handler400 = tutela_urls.handler400
