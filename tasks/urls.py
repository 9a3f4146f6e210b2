from django.urls import path

from .views import home, notifications

urlpatterns = [
    path("", home.home, name="home"),
    *notifications.urlpatterns,
]
