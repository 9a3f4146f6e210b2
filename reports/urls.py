from django.urls import path

from reports import views

urlpatterns = [
    path("", views.report_list, name="report_list"),
    path("<int:pk>/", views.report_detail, name="report_detail"),
    path("<int:pk>/status/", views.report_status, name="report_status"),
    path("<int:pk>/download/", views.report_download, name="report_download"),
    path("<int:pk>/original/", views.report_download_original, name="report_download_original"),
    path("<int:pk>/signed/", views.report_signed_upload, name="report_signed_upload"),
]
