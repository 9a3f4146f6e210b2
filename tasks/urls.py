from django.urls import path

from tasks.monitoring import views as monitoring
from tasks.navigation import home
from tasks.notifications import views as notifications
from tasks.plan_import import views as imports
from tasks.planning import views as plans
from tasks.reminders import views as reminders
from tasks.submissions import review_views as review
from tasks.submissions import views as dues

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
