from django.urls import path

from .views import dues, home, imports, monitoring, notifications, plans, review

urlpatterns = [
    path("", home.home, name="home"),
    *notifications.urlpatterns,
    *plans.urlpatterns,
    *imports.urlpatterns,
    *dues.urlpatterns,
    *review.urlpatterns,
    *monitoring.urlpatterns,
]
