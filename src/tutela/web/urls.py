from django.urls import path

from tutela.web import views

app_name = "web"
URL_PREFIX = ""
urlpatterns = [path("", views.home, name="home")]
