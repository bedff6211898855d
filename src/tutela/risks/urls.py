from django.urls import path

from tutela.risks import views

app_name = "risks"
URL_PREFIX = "risks/"
urlpatterns = [
    path("", views.register_list, name="register_list"),
    path("registers/new/", views.register_create, name="register_create"),
    path("registers/<int:risk_register_id>/", views.register_detail, name="register_detail"),
    path("registers/<int:risk_register_id>/risks/new/", views.risk_create, name="risk_create"),
    path("registers/<int:risk_register_id>/import/", views.risk_import, name="risk_import"),
    path("risks/<int:risk_id>/", views.risk_detail, name="risk_detail"),
    path("risks/<int:risk_id>/edit/", views.risk_edit, name="risk_edit"),
    path("risks/<int:risk_id>/actions/new/", views.action_add, name="action_add"),
    path("actions/<int:risk_action_id>/", views.action_edit, name="action_edit"),
    path("actions/overdue/", views.overdue_actions, name="overdue_actions"),
    path("visits/", views.visit_list, name="visit_list"),
    path("units/<int:unit_id>/visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:risk_visit_id>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:risk_visit_id>/follow-up/", views.visit_follow_up, name="visit_follow_up"),
    path("reports/", views.report_list, name="report_list"),
    path("units/<int:unit_id>/reports/new/", views.report_generate, name="report_generate"),
    path("reports/<int:risk_report_id>/", views.report_detail, name="report_detail"),
    path("reports/<int:risk_report_id>/report.xlsx", views.report_xlsx, name="report_xlsx"),
    path("reports/<int:risk_report_id>/report.pdf", views.report_pdf, name="report_pdf"),
    path("reports/drafts/<int:risk_draft_report_id>/", views.report_edit, name="report_edit"),
    path(
        "reports/drafts/<int:risk_draft_report_id>/submit/",
        views.report_submit,
        name="report_submit",
    ),
    path("consolidated/", views.consolidated, name="consolidated"),
    path("matrices/", views.matrix_list, name="matrix_list"),
    path("matrices/new/", views.matrix_create, name="matrix_create"),
    path("matrices/<int:risk_matrix_id>/", views.matrix_detail, name="matrix_detail"),
    path("factors/", views.factor_list, name="factor_list"),
    path("health/", views.health_list, name="health_list"),
    path("units/<int:unit_id>/health/new/", views.health_create, name="health_create"),
    path("health/<int:risk_health_assessment_id>/", views.health_detail, name="health_detail"),
]
