"""Sign-in URLs, mounted at /accounts/ before django.contrib.auth's own (this login view replaces Django's)."""

from django.urls import path

from organizations.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("two-step/", views.two_factor_setup, name="two_factor_setup"),
    path("two-step/code/", views.two_factor_verify, name="two_factor_verify"),
]
