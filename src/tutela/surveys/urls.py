from django.urls import path

from tutela.surveys import editor_views, views

app_name = "surveys"
URL_PREFIX = "surveys/"
urlpatterns = [
    path("", views.survey_list, name="survey_list"),
    path("import/", views.survey_import, name="survey_import"),
    path("<int:survey_id>/", views.survey_detail, name="survey_detail"),
    path("<int:survey_id>/xlsform/", views.survey_export, name="survey_export"),
    path("<int:survey_id>/policy/", views.policy_edit, name="policy_edit"),
    path("<int:survey_id>/edit/", editor_views.survey_edit, name="survey_edit"),
    path("<int:survey_id>/outline/", editor_views.survey_outline, name="survey_outline"),
    path("<int:survey_id>/choices/", editor_views.survey_choices, name="survey_choices"),
    path("<int:survey_id>/rounds/new/", views.round_create, name="round_create"),
    path("rounds/<int:survey_round_id>/", views.round_detail, name="round_detail"),
    path("rounds/<int:survey_round_id>/status/", views.round_status, name="round_status"),
    path("rounds/<int:survey_round_id>/invite/", views.round_invite, name="round_invite"),
    path("rounds/<int:survey_round_id>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:survey_round_id>/answer/", views.response_edit, name="response_edit"),
    path("rounds/<int:survey_round_id>/results/", views.round_results, name="round_results"),
    path(
        "rounds/<int:survey_round_id>/results/export/",
        views.round_results_export,
        name="round_results_export",
    ),
    path("consents/", views.consent_list, name="consent_list"),
    path("consents/<int:survey_consent_id>/revoke/", views.consent_revoke, name="consent_revoke"),
    path("repository/", views.folder_list, name="folder_list"),
    path("repository/new/", views.folder_create, name="folder_create"),
    path("repository/search/", views.document_search, name="document_search"),
    path("repository/<int:repository_folder_id>/", views.folder_detail, name="folder_detail"),
    path(
        "repository/<int:repository_folder_id>/upload/",
        views.document_upload,
        name="document_upload",
    ),
    path(
        "repository/documents/<int:repository_document_id>/",
        views.document_download,
        name="document_download",
    ),
]
