from django.urls import path

from .views import home, notifications, plans

urlpatterns = [
    path("", home.home, name="home"),
    *notifications.urlpatterns,
    *plans.urlpatterns,
]
