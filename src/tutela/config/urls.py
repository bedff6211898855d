"""URL map: the web apps, the API at /api/v1/, its docs at /api/docs, and the admin."""

from django.contrib import admin
from django.urls import include, path, re_path

from tutela.config.api import api, api_docs, api_not_found

urlpatterns = [
    path("", include("tutela.web.urls")),
    path("accounts/", include("tutela.accounts.urls")),
    path("directory/", include("tutela.organizations.urls")),
    path("audit/", include("tutela.audit.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/docs", api_docs, name="api_docs"),
    re_path(r"^api/(?P<rest>.*)$", api_not_found, name="api_not_found"),
    path("admin/", admin.site.urls),
]

handler404 = "tutela.web.views.page_not_found"
handler500 = "tutela.web.views.server_error"
handler403 = "tutela.web.views.permission_denied"
handler400 = "tutela.web.views.bad_request"
