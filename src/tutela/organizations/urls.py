from django.urls import path

from tutela.organizations import views

app_name = "organizations"
URL_PREFIX = "directory/"
urlpatterns = [
    path("organizations/", views.organization_list, name="organization_list"),
    path(
        "organizations/<int:organization_id>/",
        views.organization_detail,
        name="organization_detail",
    ),
    path(
        "organizations/<int:organization_id>/people/",
        views.organization_people,
        name="organization_people",
    ),
    path("units/<int:unit_id>/", views.unit_detail, name="unit_detail"),
    path("bodies/", views.body_list, name="body_list"),
    path("bodies/<int:body_id>/", views.body_detail, name="body_detail"),
    path("groups/", views.group_list, name="group_list"),
    path("groups/<int:group_id>/", views.group_detail, name="group_detail"),
]
