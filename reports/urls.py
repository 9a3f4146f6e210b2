from django.urls import path

from reports import coverage, exports, lists, views
from reports.board import views as board

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/status/", views.report_status, name="report_status"),
    path("<int:pk>/download/", views.report_download, name="report_download"),
    path("<int:pk>/original/", views.report_download_original, name="report_download_original"),
    path("<int:pk>/signed/", views.report_signed_upload, name="report_signed_upload"),
    # The compliance matrix as a workbook, with the filters of its page.
    path("matrix/<int:pk>.xlsx", exports.matrix_export, name="matrix_export"),
    # The everyday lists (reports/lists.py), with their filters.
    path("lists/to-do.xlsx", lists.due_list_export, name="due_list_export"),
    path("lists/submitted.xlsx", lists.submission_history_export, name="submission_history_export"),
    path("lists/review-queue.xlsx", lists.review_queue_export, name="review_queue_export"),
    path("lists/documents.xlsx", lists.document_list_export, name="document_list_export"),
    path("lists/plans.xlsx", lists.plan_list_export, name="plan_list_export"),
    path("lists/waiting.xlsx", lists.waiting_list_export, name="waiting_list_export"),
    path("lists/following.xlsx", lists.supervision_export, name="supervision_export"),
    path("lists/reminders.xlsx", lists.reminder_history_export, name="reminder_history_export"),
    path("lists/due/<int:pk>/reminders.xlsx", lists.due_reminders_export, name="due_reminders_export"),
    path("lists/notifications.xlsx", lists.notification_list_export, name="notification_list_export"),
    # Reports written and issued in Plantrack (docs/domain.md §8.3).
    path("written/", board.board_report_list, name="board_report_list"),
    path("written/<int:pk>/", board.board_report_edit, name="board_report_edit"),
    path("written/<int:pk>/draft.<str:fmt>", board.board_report_file, name="board_report_file"),
    path("written/<int:pk>/v<int:version>.<str:fmt>", board.board_version_file, name="board_version_file"),
    path("written/<int:pk>/v<int:version>/hand-in/", board.board_report_hand_in, name="board_report_hand_in"),
    path(
        "written/<int:pk>/v<int:version>/signed/",
        board.board_version_signed_upload,
        name="board_version_signed",
    ),
    # A plan's coverage by its children's implementation plans (docs/domain.md §8.1).
    path("coverage/<int:pk>/", coverage.plan_coverage_page, name="plan_coverage"),
    path("coverage/<int:pk>/coverage.xlsx", coverage.plan_coverage_xlsx, name="plan_coverage_xlsx"),
]
