from django.urls import path

from tutela.frameworks import views

app_name = "frameworks"
URL_PREFIX = "frameworks/"
urlpatterns = [
    path("", views.framework_list, name="framework_list"),
    path("new/", views.framework_create, name="framework_create"),
    path("import/", views.framework_import, name="framework_import"),
    path("<int:framework_id>/", views.framework_detail, name="framework_detail"),
    path(
        "<int:framework_id>/applicability/",
        views.framework_applicability,
        name="framework_applicability",
    ),
    path("<int:framework_id>/export/", views.framework_export, name="framework_export"),
    path(
        "<int:framework_id>/new-version/",
        views.framework_new_version,
        name="framework_new_version",
    ),
    path("nodes/<int:node_id>/", views.node_detail, name="node_detail"),
    path("scales/", views.scale_list, name="scale_list"),
    path("scales/new/", views.scale_create, name="scale_create"),
    path("scales/<int:scale_id>/", views.scale_detail, name="scale_detail"),
    path("scales/<int:scale_id>/levels/add/", views.scale_level_add, name="scale_level_add"),
    path(
        "scales/levels/<int:scale_level_id>/edit/",
        views.scale_level_edit,
        name="scale_level_edit",
    ),
    path(
        "scales/levels/<int:scale_level_id>/delete/",
        views.scale_level_delete,
        name="scale_level_delete",
    ),
    path("scales.css", views.scale_stylesheet, name="scale_stylesheet"),
    # Editing a draft (the owner body's secretariat).
    path("drafts/<int:draft_id>/edit/", views.draft_edit, name="draft_edit"),
    path("drafts/<int:draft_id>/publish/", views.draft_publish, name="draft_publish"),
    path("drafts/<int:draft_id>/nodes/add/", views.node_add, name="node_add"),
    path("drafts/nodes/<int:draft_node_id>/edit/", views.node_edit, name="node_edit"),
    path("drafts/nodes/<int:draft_node_id>/move/", views.node_move, name="node_move"),
    path("drafts/nodes/<int:draft_node_id>/up/", views.node_move_up, name="node_move_up"),
    path("drafts/nodes/<int:draft_node_id>/down/", views.node_move_down, name="node_move_down"),
    path("drafts/nodes/<int:draft_node_id>/delete/", views.node_delete, name="node_delete"),
    path(
        "drafts/nodes/<int:draft_node_id>/applicability/",
        views.node_applicability,
        name="node_applicability",
    ),
]
