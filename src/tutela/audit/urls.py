from django.urls import path

from tutela.audit import views

app_name = "audit"
URL_PREFIX = "audit/"
urlpatterns = [path("", views.event_list, name="event_list")]
