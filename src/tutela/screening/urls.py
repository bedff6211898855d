from django.urls import path

from tutela.screening import views

app_name = "screening"
URL_PREFIX = "screening/"
urlpatterns = [
    path("", views.listing_list, name="listing_list"),
    path("listings/new/", views.listing_create, name="listing_create"),
    path("listings/upload/", views.listing_upload, name="listing_upload"),
    path("listings/<int:screening_listing_id>/", views.listing_detail, name="listing_detail"),
    path(
        "listings/<int:screening_listing_id>/remove/",
        views.listing_remove,
        name="listing_remove",
    ),
    path("checks/", views.check_list, name="check_list"),
    path("checks/new/", views.check_create, name="check_create"),
    path("checks/batch/", views.check_batch, name="check_batch"),
    path("checks/<int:screening_check_id>/", views.check_detail, name="check_detail"),
]
