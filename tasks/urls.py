"""The URLs of the tasks app, grouped by sub-domain (the order is the order Django tries them in)."""

from django.urls import path

from tasks.calendar import views as calendars
from tasks.monitoring import views as monitoring
from tasks.navigation import home, search_views
from tasks.notifications import views as notifications
from tasks.office import views as office
from tasks.plan_import import child_views as child_plans
from tasks.plan_import import views as imports
from tasks.planning import views as planning
from tasks.reminders import views as reminders
from tasks.submissions import queue_views as queue
from tasks.submissions import report_views as report
from tasks.submissions import review_views as review
from tasks.submissions import views as submissions

urlpatterns = [
    # navigation: the home page sends each person to their own starting page
    path("", home.home, name="home"),
    path("search/", search_views.search, name="search"),
    # calendar: the deadlines the user follows, by month and as a personal iCalendar feed
    path("calendar/", calendars.calendar_month, name="calendar"),
    path("calendar/feed/", calendars.calendar_feed_manage, name="calendar_feed_manage"),
    path("calendar/<str:token>.ics", calendars.calendar_feed, name="calendar_feed"),
    # notifications: what happened to the user's submissions
    path("notifications/", notifications.notification_list, name="notifications"),
    path("notifications/read/", notifications.notification_mark_read, name="notifications_read"),
    # planning: plans, the tasks waiting for their guidance, task editing
    path("plans/", planning.plan_list, name="plan_list"),
    path("plans/waiting/", planning.waiting_list, name="waiting_list"),
    path("plans/waiting/register/", planning.guidance_register, name="guidance_register"),
    path("plans/<int:pk>/", planning.plan_detail, name="plan_detail"),
    path(
        "plans/<int:pk>/signed-reports/",
        planning.plan_signature_requirement,
        name="plan_signature_requirement",
    ),
    path("plans/<int:pk>/half-year-report/", planning.plan_add_half_year, name="plan_add_half_year"),
    path("plans/<int:plan_pk>/tasks/<int:pk>/edit/", planning.task_edit, name="task_edit"),
    # plan import: a plan's text read into a plan, then reviewed before it is saved
    path("submissions/<int:pk>/read-plan/", child_plans.submission_read_plan, name="submission_read_plan"),
    path(
        "submissions/<int:pk>/read-plan/save/",
        child_plans.submission_read_plan_save,
        name="submission_read_plan_save",
    ),
    path("plans/import/", imports.plan_import_upload, name="plan_import"),
    path("plans/import/review/", imports.plan_import_review, name="plan_import_review"),
    path("plans/import/reading/<uuid:pk>/", imports.plan_import_reading, name="plan_import_reading"),
    path(
        "plans/import/reading/<uuid:pk>/status/",
        imports.plan_import_reading_status,
        name="plan_import_reading_status",
    ),
    # submissions: what an organization owes and hands in, the period report
    path("dues/", submissions.due_list, name="due_list"),
    path("dues/<int:pk>/", submissions.due_detail, name="due_detail"),
    path("dues/<int:pk>/submit/", submissions.due_submit, name="due_submit"),
    # office: following a due up (remind now, extend, not applicable, from its page or the matrix), its thread
    path("dues/<int:pk>/remind/", office.due_remind, name="due_remind"),
    path("dues/<int:pk>/extend/", office.due_extend, name="due_extend"),
    path("dues/<int:pk>/not-applicable/", office.due_not_applicable, name="due_not_applicable"),
    path("dues/<int:pk>/comments/", office.due_comment, name="due_comment"),
    path("plans/<int:pk>/matrix/act/", office.matrix_act, name="matrix_act"),
    path("submitted/", submissions.submission_history, name="submission_history"),
    path("period-report/", submissions.period_report, name="period_report"),
    path("dues/<int:pk>/report/", report.report_form, name="report_form"),
    path(
        "plans/<int:plan_pk>/tasks/<int:pk>/answers/", report.task_report_answers, name="task_report_answers"
    ),
    # submissions: reading, reviewing and withdrawing what was handed in, and its files
    path("submissions/queue/", queue.review_queue, name="review_queue"),
    path("submissions/queue/accept/", queue.review_queue_accept, name="review_queue_accept"),
    path("submissions/<int:pk>/", review.submission_detail, name="submission_detail"),
    path("submissions/<int:pk>/review/", review.submission_review, name="submission_review"),
    path("submissions/<int:pk>/withdraw/", review.submission_withdraw, name="submission_withdraw"),
    path("files/<int:pk>/", review.submission_file, name="submission_file"),
    # reminders: what was sent, about which due, and a plan's reminder policy
    path("reminders/", reminders.reminder_history, name="reminder_history"),
    path("dues/<int:pk>/reminders/", reminders.due_reminders, name="due_reminders"),
    path("plans/<int:pk>/reminders/", reminders.reminder_policy, name="reminder_policy"),
    # monitoring: the compliance matrix, the staff dashboard, the supervisor's page
    path("plans/<int:pk>/matrix/", monitoring.matrix, name="matrix"),
    path("dashboard/", monitoring.dashboard, name="dashboard"),
    path("following/", monitoring.supervision, name="supervision"),
]
