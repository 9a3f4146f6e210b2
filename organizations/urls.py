"""Sign-in URLs, mounted at /accounts/ before django.contrib.auth's own (this login view replaces Django's)."""

from django.urls import path

from organizations.accounts import views

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("two-step/", views.two_factor_setup, name="two_factor_setup"),
    path("two-step/code/", views.two_factor_verify, name="two_factor_verify"),
    # password reset in Plantrack's own pages (Django's views and URL names, the done pages from auth.urls)
    path("password_reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("reset/<uidb64>/<token>/", views.PasswordResetConfirmView.as_view(), name="password_reset_confirm"),
]
