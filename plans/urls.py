from django.urls import path

from plans import views

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("new/", views.document_create, name="document_create"),
    path("check-symbol/", views.document_symbol_check, name="document_symbol_check"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("<int:pk>/withdraw/", views.document_withdraw_view, name="document_withdraw"),
    path("<int:pk>/files/<int:file_id>/", views.document_attachment, name="document_attachment"),
]
