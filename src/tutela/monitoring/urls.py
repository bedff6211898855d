from django.urls import path

from tutela.monitoring import views

app_name = "monitoring"
URL_PREFIX = "monitoring/"
urlpatterns = [
    path("", views.cycle_list, name="cycle_list"),
    path("cycles/new/", views.cycle_create, name="cycle_create"),
    path("my-reporting/", views.my_reporting, name="my_reporting"),
    path("cycles/<int:cycle_id>/", views.cycle_detail, name="cycle_detail"),
    path("cycles/<int:cycle_id>/open/", views.cycle_open, name="cycle_open"),
    path("cycles/<int:cycle_id>/close/", views.cycle_close, name="cycle_close"),
    path("cycles/<int:cycle_id>/publish/", views.cycle_publish, name="cycle_publish"),
    path("cycles/<int:cycle_id>/my-reports/", views.report_form, name="report_form"),
    path("cycles/<int:cycle_id>/my-reports/submit/", views.reports_submit, name="reports_submit"),
    path("cycles/<int:cycle_id>/review/", views.review, name="review"),
    path("cycles/<int:cycle_id>/review/validate/", views.reports_validate, name="reports_validate"),
    path("cycles/<int:cycle_id>/dashboard/", views.dashboard, name="dashboard"),
    path("cycles/<int:cycle_id>/dashboard/node/", views.dashboard_node, name="dashboard_node"),
    path(
        "cycles/<int:cycle_id>/dashboard/organization/",
        views.dashboard_organization,
        name="dashboard_organization",
    ),
    path("cycles/<int:cycle_id>/dashboard/export/", views.matrix_export, name="matrix_export"),
    path("cycles/<int:cycle_id>/dashboard/import/", views.matrix_import, name="matrix_import"),
    path("cycles/<int:cycle_id>/committee-pack.pdf", views.committee_pack, name="committee_pack"),
    path("cycles/<int:cycle_id>/workbook/", views.workbook_export, name="workbook_export"),
    path("cycles/<int:cycle_id>/workbook/import/", views.workbook_import, name="workbook_import"),
    path("reports/<int:report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:report_id>/save/", views.report_save, name="report_save"),
    path("reports/<int:report_id>/return/", views.report_return, name="report_return"),
    path("reports/<int:report_id>/validate/", views.report_validate, name="report_validate"),
    path("evidence/<int:evidence_id>/", views.evidence_download, name="evidence_download"),
]
