"""URL map: every app's pages (its `urls.URL_PREFIX`), the API at /api/v1/ and its docs at
/api/docs, the admin."""

from django.contrib import admin
from django.urls import include, path, re_path

from tutela.common.registry import app_modules
from tutela.config.api import api, api_docs, api_not_found

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("api/docs", api_docs, name="api_docs"),
    re_path(r"^api/(?P<rest>.*)$", api_not_found, name="api_not_found"),
    path("admin/", admin.site.urls),
]
# The home page's app (prefix "") goes last so no other prefix is shadowed.
urlpatterns += [
    path(module.URL_PREFIX, include(module.__name__))
    for module in sorted(
        app_modules("urls", providing="URL_PREFIX"), key=lambda module: module.URL_PREFIX == ""
    )
]

handler404 = "tutela.web.views.page_not_found"
handler500 = "tutela.web.views.server_error"
handler403 = "tutela.web.views.permission_denied"
handler400 = "tutela.web.views.bad_request"
