from django.urls import path

from tutela.meetings import views

app_name = "meetings"
URL_PREFIX = "meetings/"
urlpatterns = [
    path("", views.meeting_list, name="meeting_list"),
    path("new/", views.meeting_create, name="meeting_create"),
    path("<int:meeting_id>/", views.meeting_detail, name="meeting_detail"),
    path("<int:meeting_id>/edit/", views.meeting_edit, name="meeting_edit"),
    path("<int:meeting_id>/agenda/add/", views.agenda_item_add, name="agenda_item_add"),
    path("<int:meeting_id>/agenda/move/", views.agenda_item_move, name="agenda_item_move"),
    path("<int:meeting_id>/documents/add/", views.document_add, name="document_add"),
    path(
        "documents/<int:meeting_document_id>/",
        views.document_download,
        name="document_download",
    ),
    path("<int:meeting_id>/participants/add/", views.participant_add, name="participant_add"),
    path(
        "<int:meeting_id>/participants/import/",
        views.participant_import,
        name="participant_import",
    ),
    path("<int:meeting_id>/conclusions/", views.conclusions_link, name="conclusions_link"),
    path(
        "<int:meeting_id>/follow-ups/generate/",
        views.follow_ups_generate,
        name="follow_ups_generate",
    ),
    path("follow-ups/", views.follow_up_list, name="follow_up_list"),
    path("follow-ups/<int:follow_up_id>/", views.follow_up_edit, name="follow_up_edit"),
]
