from django.urls import path

from tutela.accounts import views

app_name = "accounts"
URL_PREFIX = "accounts/"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("two-factor/enrol/", views.two_factor_enrol, name="two_factor_enrol"),
    path("two-factor/verify/", views.two_factor_verify, name="two_factor_verify"),
    path("memberships/", views.memberships, name="memberships"),
    path("api-tokens/", views.api_token_list, name="api_token_list"),
    path("api-tokens/<int:token_id>/revoke/", views.api_token_revoke, name="api_token_revoke"),
]
