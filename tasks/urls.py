from django.urls import path

from .views import dues, home, imports, monitoring, notifications, plans, reminders, review

urlpatterns = [
    path("", home.home, name="home"),
    *notifications.urlpatterns,
    *plans.urlpatterns,
    *imports.urlpatterns,
    *dues.urlpatterns,
    *review.urlpatterns,
    *reminders.urlpatterns,
    *monitoring.urlpatterns,
]
