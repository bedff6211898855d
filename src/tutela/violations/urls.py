from django.urls import path

from tutela.violations import views

app_name = "violations"
URL_PREFIX = "violations/"
urlpatterns = [
    path("", views.event_list, name="event_list"),
    path("new/", views.event_create, name="event_create"),
    path("analysis/", views.analysis, name="analysis"),
    path("export/acled.csv", views.export_csv, name="export_csv"),
    path("export/esf.json", views.export_json, name="export_json"),
    path("import/esf/", views.import_json, name="import_json"),
    path("vocabularies/", views.vocabulary_list, name="vocabulary_list"),
    path("<int:violation_event_id>/", views.event_detail, name="event_detail"),
    path("<int:violation_event_id>/edit/", views.event_edit, name="event_edit"),
    path("<int:violation_event_id>/verify/", views.event_verify, name="event_verify"),
    path("<int:violation_event_id>/names/", views.person_names, name="person_names"),
]
urlpatterns += [
    path("early-warning/", views.early_warning, name="early_warning"),
    path("early-warning/ratings/", views.risk_rating, name="risk_rating"),
    path("quarterly-review/", views.quarterly_pack, name="quarterly_pack"),
    path("quarterly-review/pack.pdf", views.quarterly_pack_pdf, name="quarterly_pack_pdf"),
]
urlpatterns += [
    path("situations/", views.situation_list, name="situation_list"),
    path(
        "situations/<int:violation_situation_id>/", views.situation_detail, name="situation_detail"
    ),
    path(
        "situations/<int:violation_situation_id>/edit/",
        views.situation_edit,
        name="situation_edit",
    ),
    path(
        "situations/<int:violation_situation_id>/actions/add/",
        views.situation_action_add,
        name="situation_action_add",
    ),
    path(
        "situations/<int:violation_situation_id>/engagement-strategies/add/",
        views.engagement_strategy_add,
        name="engagement_strategy_add",
    ),
    path(
        "engagement-strategies/<int:engagement_strategy_id>/engagements/add/",
        views.engagement_add,
        name="engagement_add",
    ),
]
